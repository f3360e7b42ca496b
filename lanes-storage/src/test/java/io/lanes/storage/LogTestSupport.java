package io.lanes.storage;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Opens logs in a temporary data dir and simulates crashes by copying the files of a running broker. */
abstract class LogTestSupport {

    @TempDir
    Path tmp;

    final ManualTime time = new ManualTime(1_700_000_000_000L);
    final TopicPartition tp = new TopicPartition("orders", 0);
    final Uuid topicId = Uuid.fromString("MJ3h9Yw7Tq2dzlp1ah6Ysw");
    private final List<LogManager> managers = new ArrayList<>();

    @AfterEach
    void closeManagers() {
        for (LogManager m : managers) {
            try {
                m.close();
            } catch (RuntimeException ignored) {
                // some tests break the files on purpose
            }
        }
    }

    Path dataDir() {
        return tmp.resolve("data");
    }

    LogManager openManager(Path dataDir, Durability durability) {
        LogManager m = LogManager.open(List.of(dataDir), durability, LogConfig.defaults(), time, 300_000L);
        managers.add(m);
        return m;
    }

    PartitionLog openLog(Durability durability, Map<String, String> overrides) {
        return openManager(dataDir(), durability).getOrCreate(tp, topicId, config(overrides));
    }

    static LogConfig config(Map<String, String> overrides) {
        return LogConfig.from(Map.of(), overrides);
    }

    /** Small segments and dense indexes, to exercise rolling and index lookups. */
    static Map<String, String> smallSegments(int segmentBytes) {
        Map<String, String> m = new HashMap<>();
        m.put("internal.segment.bytes", Integer.toString(segmentBytes));
        m.put("index.interval.bytes", "64");
        m.put("file.delete.delay.ms", "0");
        return m;
    }

    /**
     * What a crash leaves behind: a copy of the data dir taken while the manager runs (no clean-shutdown
     * marker, preallocated indexes, no final snapshot).
     */
    Path crashCopy(Path dataDir) throws IOException {
        Path target = tmp.resolve("crash-" + System.nanoTime());
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path p : files.toList()) {
                Path dest = target.resolve(dataDir.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest);
                }
            }
        }
        return target;
    }

    static Path partitionDir(Path dataDir, TopicPartition tp) {
        return dataDir.resolve(tp.topic() + "-" + tp.partition());
    }

    static List<Path> filesWithSuffix(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Every value in the log from its start offset to the high watermark. */
    static List<String> readAll(PartitionLog log) {
        List<String> out = new ArrayList<>();
        long offset = log.logStartOffset();
        while (offset < log.highWatermark()) {
            ReadResult r = log.read(offset, 64 * 1024, log.highWatermark(), true);
            List<Long> offsets = Batches.offsets(r.records());
            if (offsets.isEmpty()) {
                break;
            }
            for (String v : Batches.values(r.records())) {
                long o = Long.parseLong(v.substring(0, v.indexOf(':')));
                if (o >= offset) {
                    out.add(v);
                }
            }
            offset = offsets.get(offsets.size() - 1) + 1;
        }
        return out;
    }
}

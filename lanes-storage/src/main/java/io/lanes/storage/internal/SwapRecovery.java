package io.lanes.storage.internal;

import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Finishes or rolls back a cleaner swap interrupted by a crash, at start-up, before segments are opened.
 *
 * <p>The cleaner's protocol (Kafka's): the cleaned segment is written as {@code <base>.log.cleaned} plus
 * {@code .index.cleaned}, {@code .timeindex.cleaned}, {@code .txnindex.cleaned} and fsynced; the three index
 * files are renamed to {@code .swap}, then the log file; that last rename is the commit point. The old segments
 * are then renamed {@code .deleted} and the swap files lose their suffix, indexes first, log last. So:
 * <ul>
 *   <li>no {@code <base>.log.swap}: the clean did not commit; stray {@code .swap} index files are deleted and the
 *   old segments stand (the {@code .cleaned} files are deleted by the caller);</li>
 *   <li>a {@code <base>.log.swap}: the clean committed; every segment with a base offset in
 *   {@code [base, swap's next offset)} is replaced: its files are deleted (for {@code base} itself only the
 *   files that still have a {@code .swap} twin: the others were already renamed) and the swap files renamed.
 *   The cleaner always keeps the last batch of the group it cleaned (as an empty batch if need be), so the swap's
 *   next offset is the next segment's base offset and no old segment survives beside the new one.</li>
 * </ul>
 * Not thread-safe: runs while the directory is not in use.
 */
final class SwapRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(SwapRecovery.class);
    private static final List<String> INDEX_SUFFIXES = List.of(LogFiles.INDEX_SUFFIX, LogFiles.TIME_INDEX_SUFFIX,
            LogFiles.TXN_INDEX_SUFFIX);

    private SwapRecovery() {
    }

    static void complete(Path dir) throws IOException {
        TreeSet<Long> swaps = new TreeSet<>();
        List<Path> files = list(dir);
        for (Path f : files) {
            LogFiles.offsetFromFileName(strip(f), LogFiles.LOG_SUFFIX).filter(b -> isSwap(f)).ifPresent(swaps::add);
        }
        for (Path f : files) {
            if (isSwap(f) && !strip(f).endsWith(LogFiles.LOG_SUFFIX)) {
                long base = baseOf(strip(f));
                if (!swaps.contains(base)) {
                    Files.deleteIfExists(f);
                }
            }
        }
        for (long base : swaps) {
            finish(dir, base);
        }
        if (!swaps.isEmpty()) {
            Fsync.dir(dir);
        }
    }

    private static void finish(Path dir, long base) throws IOException {
        Path swapLog = swapOf(LogFiles.logFile(dir, base));
        long next = nextOffset(swapLog, base);
        LOG.info("Completing the interrupted swap of cleaned segment {} in {} (offsets {} to {})", base, dir, base, next);
        for (Path f : list(dir)) {
            String name = f.getFileName().toString();
            if (isSwap(f)) {
                continue;
            }
            Long segmentBase = segmentBaseOf(name);
            if (segmentBase == null || segmentBase < base || segmentBase >= next) {
                continue;
            }
            if (segmentBase == base && !name.endsWith(LogFiles.LOG_SUFFIX) && !Files.exists(swapOf(f))) {
                continue; // already renamed from the swap: it is the new segment's
            }
            Files.deleteIfExists(f);
        }
        for (String suffix : INDEX_SUFFIXES) {
            Path target = dir.resolve(LogFiles.filenamePrefix(base) + suffix);
            Path swap = swapOf(target);
            if (Files.exists(swap)) {
                Files.move(swap, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(swapLog, LogFiles.logFile(dir, base), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** The offset after the swap's last batch; the base offset when it is empty. */
    private static long nextOffset(Path swapLog, long base) throws IOException {
        long next = base;
        try (FileRecords records = FileRecords.open(swapLog.toFile(), false)) {
            for (FileChannelRecordBatch batch : records.batches()) {
                next = batch.lastOffset() + 1;
            }
        }
        return next;
    }

    private static Long segmentBaseOf(String name) {
        for (String suffix : List.of(LogFiles.LOG_SUFFIX, LogFiles.INDEX_SUFFIX, LogFiles.TIME_INDEX_SUFFIX,
                LogFiles.TXN_INDEX_SUFFIX)) {
            var base = LogFiles.offsetFromFileName(name, suffix);
            if (base.isPresent()) {
                return base.get();
            }
        }
        return null;
    }

    private static boolean isSwap(Path f) {
        return f.getFileName().toString().endsWith(LogFiles.SWAP_SUFFIX);
    }

    /** The file name without a {@code .swap} suffix. */
    private static String strip(Path f) {
        String name = f.getFileName().toString();
        return isSwap(f) ? name.substring(0, name.length() - LogFiles.SWAP_SUFFIX.length()) : name;
    }

    private static long baseOf(String name) {
        Long base = segmentBaseOf(name);
        return base == null ? -1 : base;
    }

    private static Path swapOf(Path file) {
        return Path.of(file + LogFiles.SWAP_SUFFIX);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}

package io.lanes.storage.internal;

import org.apache.kafka.common.TopicPartition;

import java.nio.file.Path;
import java.util.Optional;

/** File and directory naming in Kafka's layout. */
public final class LogFiles {

    public static final String LOG_SUFFIX = ".log";
    public static final String INDEX_SUFFIX = ".index";
    public static final String TIME_INDEX_SUFFIX = ".timeindex";
    public static final String TXN_INDEX_SUFFIX = ".txnindex";
    public static final String SNAPSHOT_SUFFIX = ".snapshot";
    public static final String DELETED_SUFFIX = ".deleted";
    /** Files the cleaner is writing; deleted at start-up (the clean did not commit). */
    public static final String CLEANED_SUFFIX = ".cleaned";
    /** Cleaned files ready to replace their segments; a {@code .log.swap} is the commit point of a clean. */
    public static final String SWAP_SUFFIX = ".swap";
    public static final String DELETE_DIR_SUFFIX = "-delete";
    public static final String PARTITION_METADATA = "partition.metadata";

    private LogFiles() {
    }

    /** Offsets are zero-padded to 20 digits so names sort like numbers. */
    public static String filenamePrefix(long offset) {
        return String.format("%020d", offset);
    }

    public static Path logFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + LOG_SUFFIX);
    }

    public static Path indexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + INDEX_SUFFIX);
    }

    public static Path timeIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + TIME_INDEX_SUFFIX);
    }

    public static Path txnIndexFile(Path dir, long baseOffset) {
        return dir.resolve(filenamePrefix(baseOffset) + TXN_INDEX_SUFFIX);
    }

    public static Path snapshotFile(Path dir, long offset) {
        return dir.resolve(filenamePrefix(offset) + SNAPSHOT_SUFFIX);
    }

    /** The offset encoded in a file name like {@code 00000000000000000042.log}, if it has that form. */
    public static Optional<Long> offsetFromFileName(String name, String suffix) {
        if (!name.endsWith(suffix)) {
            return Optional.empty();
        }
        String prefix = name.substring(0, name.length() - suffix.length());
        if (prefix.length() != 20 || !prefix.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(prefix));
    }

    public static String dirName(TopicPartition tp) {
        return tp.topic() + "-" + tp.partition();
    }

    /** Parses {@code <topic>-<partition>}; empty for other names (including directories pending deletion). */
    public static Optional<TopicPartition> parseDirName(String name) {
        int dash = name.lastIndexOf('-');
        if (dash <= 0 || dash == name.length() - 1 || name.endsWith(DELETE_DIR_SUFFIX)) {
            return Optional.empty();
        }
        String partition = name.substring(dash + 1);
        if (!partition.chars().allMatch(Character::isDigit) || partition.length() > 9) {
            return Optional.empty();
        }
        return Optional.of(new TopicPartition(name.substring(0, dash), Integer.parseInt(partition)));
    }
}

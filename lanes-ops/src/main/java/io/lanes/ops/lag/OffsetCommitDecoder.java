package io.lanes.ops.lag;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads offset commits from {@code __consumer_offsets} records in Apache Kafka's format
 * (its {@code OffsetCommitKey} and {@code OffsetCommitValue} message schemas), big-endian:
 *
 * <pre>
 * key   = int16 type; types 0 and 1 are offset commits:
 *         group string, topic string, partition int32        (string = int16 length + UTF-8)
 *         other types (group metadata, KIP-848 group records, ...) are not commits
 * value = int16 version, then
 *         v0: offset int64, metadata string, commit_timestamp int64
 *         v1: offset int64, metadata string, commit_timestamp int64, expire_timestamp int64
 *         v2: offset int64, metadata string, commit_timestamp int64
 *         v3: offset int64, leader_epoch int32, metadata string, commit_timestamp int64
 *         v4: as v3 with a compact metadata string (unsigned varint length + 1, then UTF-8)
 *             and tagged fields after (unsigned varint count, then tag, size, bytes each)
 *         no value (a tombstone): the offset was deleted
 * </pre>
 *
 * Decoding is strict: a commit record must be consumed exactly, so a record in another format is
 * reported, not misread. Stateless and thread-safe.
 */
public final class OffsetCommitDecoder {

    /**
     * The commit in {@code key}/{@code value}, or empty when the record is not an offset commit
     * (another record type, or a tombstone).
     *
     * @throws CommitRecordException when a commit record is not in Kafka's format
     */
    public Optional<OffsetCommit> decode(ByteBuffer key, ByteBuffer value) {
        if (key == null) {
            throw new CommitRecordException("a record without key");
        }
        try {
            ByteBuffer k = key.duplicate();
            short type = k.getShort();
            if (type != 0 && type != 1) {
                return Optional.empty();
            }
            String group = string(k);
            String topic = string(k);
            int partition = k.getInt();
            requireConsumed(k, "key");
            if (value == null) {
                return Optional.empty();
            }
            ByteBuffer v = value.duplicate();
            short version = v.getShort();
            long offset = v.getLong();
            long timestamp = switch (version) {
                case 0, 2 -> {
                    string(v);
                    yield v.getLong();
                }
                case 1 -> {
                    string(v);
                    long commit = v.getLong();
                    v.getLong(); // expire timestamp
                    yield commit;
                }
                case 3 -> {
                    v.getInt(); // leader epoch
                    string(v);
                    yield v.getLong();
                }
                case 4 -> {
                    v.getInt();
                    compactString(v);
                    long commit = v.getLong();
                    skipTaggedFields(v);
                    yield commit;
                }
                default -> throw new CommitRecordException("offset commit value version " + version
                        + " is not one of Kafka's (0-4)");
            };
            requireConsumed(v, "value v" + version);
            if (offset < 0 || partition < 0 || group.isEmpty() && topic.isEmpty()) {
                throw new CommitRecordException("implausible commit " + group + "/" + topic + "-" + partition
                        + "@" + offset);
            }
            return Optional.of(new OffsetCommit(group, topic, partition, offset, timestamp));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CommitRecordException("an offset commit record ends early or is malformed");
        }
    }

    private static String string(ByteBuffer buffer) {
        short length = buffer.getShort();
        if (length < 0) {
            throw new CommitRecordException("a null string where Kafka's format has a string");
        }
        return utf8(buffer, length);
    }

    private static String compactString(ByteBuffer buffer) {
        int lengthPlusOne = unsignedVarint(buffer);
        if (lengthPlusOne == 0) {
            throw new CommitRecordException("a null compact string where Kafka's format has a string");
        }
        return utf8(buffer, lengthPlusOne - 1);
    }

    private static String utf8(ByteBuffer buffer, int length) {
        if (length > buffer.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        buffer.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void skipTaggedFields(ByteBuffer buffer) {
        int count = unsignedVarint(buffer);
        for (int i = 0; i < count; i++) {
            unsignedVarint(buffer); // tag
            int size = unsignedVarint(buffer);
            if (size > buffer.remaining()) {
                throw new BufferUnderflowException();
            }
            buffer.position(buffer.position() + size);
        }
    }

    private static int unsignedVarint(ByteBuffer buffer) {
        return org.apache.kafka.common.utils.internals.ByteUtils.readUnsignedVarint(buffer);
    }

    private static void requireConsumed(ByteBuffer buffer, String what) {
        if (buffer.hasRemaining()) {
            throw new CommitRecordException("the offset commit " + what + " has " + buffer.remaining()
                    + " bytes more than Kafka's format");
        }
    }
}

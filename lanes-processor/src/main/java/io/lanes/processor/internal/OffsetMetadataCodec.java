package io.lanes.processor.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Encodes the offsets completed above a partition's committed offset into the metadata string of
 * its offset commit, and reads them back, so records completed out of order are not processed
 * again after a rebalance or restart.
 *
 * <h2>Format, version 1</h2>
 * <pre>
 * metadata  = "lanes:1:" base64url-without-padding(payload)      (or "" when nothing above is complete)
 * payload   = type:byte body
 * type 0    = run lengths: unsigned LEB128 varints n1 c1 n2 c2 ... ck; starting at the committed
 *             offset, n1 offsets are not complete, then c1 are, then n2 are not, and so on.
 *             n1 is at least 1 (the committed offset is the first incomplete one); the list ends
 *             with the last complete run.
 * type 1    = bit set: bit i (byte i/8, bit i%8, least significant first) set when offset
 *             committed + i is complete; bit 0 is always clear; trailing zero bytes are omitted.
 * </pre>
 * The encoder writes whichever body is shorter. Offsets at or above {@code committed + span} where
 * {@code span = }{@link #maxSpan(int)} always fit in {@code maxChars} characters, since a bit set
 * over that span does; the processor dispatches no record beyond that window, so an encoding
 * never exceeds the limit. Metadata that does not start with the prefix (written by another
 * client) decodes to nothing.
 *
 * <p>Stateless and thread-safe.
 */
public final class OffsetMetadataCodec {

    /** The prefix of version 1. */
    public static final String PREFIX = "lanes:1:";

    private static final byte RUN_LENGTHS = 0;
    private static final byte BIT_SET = 1;

    private OffsetMetadataCodec() {
    }

    /**
     * The number of offsets from the committed one whose completion can always be encoded in
     * {@code maxChars} characters.
     */
    public static long maxSpan(int maxChars) {
        long payloadBytes = (long) (maxChars - PREFIX.length()) * 3 / 4 - 1;
        if (payloadBytes < 1) {
            throw new IllegalArgumentException("offset metadata limit " + maxChars + " is too small: at least "
                    + (PREFIX.length() + 4) + " characters are needed");
        }
        return payloadBytes * 8;
    }

    /** The metadata for the completion state of a tracker, relative to its base. */
    public static String encode(OffsetTracker tracker) {
        long base = tracker.base();
        long last = tracker.highestCompleted();
        if (last < base) {
            return "";
        }
        byte[] runs = runLengths(tracker, base, last);
        byte[] bits = bitSet(tracker, base, last);
        byte[] payload = runs.length <= bits.length ? runs : bits;
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(payload);
    }

    /**
     * The completed offsets above {@code committed} in a metadata string, ascending; empty when
     * the metadata is empty, null or not ours.
     *
     * @throws IllegalArgumentException if the metadata has our prefix but is malformed
     */
    public static long[] decode(long committed, String metadata) {
        if (metadata == null || !metadata.startsWith(PREFIX)) {
            return new long[0];
        }
        byte[] payload = Base64.getUrlDecoder().decode(metadata.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII));
        if (payload.length == 0) {
            throw new IllegalArgumentException("empty offset metadata payload");
        }
        return switch (payload[0]) {
            case RUN_LENGTHS -> decodeRuns(committed, payload);
            case BIT_SET -> decodeBits(committed, payload);
            default -> throw new IllegalArgumentException("unknown offset metadata encoding " + payload[0]);
        };
    }

    private static byte[] runLengths(OffsetTracker tracker, long base, long last) {
        ByteSink sink = new ByteSink();
        sink.write(RUN_LENGTHS);
        long offset = base;
        while (offset <= last) {
            long start = offset;
            while (offset <= last && !tracker.isComplete(offset)) {
                offset++;
            }
            sink.writeVarint(offset - start);
            start = offset;
            while (offset <= last && tracker.isComplete(offset)) {
                offset++;
            }
            sink.writeVarint(offset - start);
        }
        return sink.toArray();
    }

    private static byte[] bitSet(OffsetTracker tracker, long base, long last) {
        int bitCount = (int) Math.min(Integer.MAX_VALUE - 16L, last - base + 1);
        byte[] bytes = new byte[1 + (bitCount + 7) / 8];
        bytes[0] = BIT_SET;
        for (int i = 0; i < bitCount; i++) {
            if (tracker.isComplete(base + i) && i > 0) {
                bytes[1 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return bytes;
    }

    private static long[] decodeRuns(long committed, byte[] payload) {
        long[] out = new long[16];
        int count = 0;
        int[] position = {1};
        long offset = committed;
        while (position[0] < payload.length) {
            offset += readVarint(payload, position);
            if (position[0] >= payload.length) {
                throw new IllegalArgumentException("offset metadata ends with an incomplete run");
            }
            long complete = readVarint(payload, position);
            for (long i = 0; i < complete; i++) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = offset++;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static long[] decodeBits(long committed, byte[] payload) {
        long[] out = new long[16];
        int count = 0;
        for (int i = 0; i < (payload.length - 1) * 8; i++) {
            if ((payload[1 + i / 8] & (1 << (i % 8))) != 0) {
                if (count == out.length) {
                    out = Arrays.copyOf(out, count * 2);
                }
                out[count++] = committed + i;
            }
        }
        return Arrays.copyOf(out, count);
    }

    private static long readVarint(byte[] bytes, int[] position) {
        long value = 0;
        int shift = 0;
        while (true) {
            if (position[0] >= bytes.length || shift > 63) {
                throw new IllegalArgumentException("truncated varint in offset metadata");
            }
            byte b = bytes[position[0]++];
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
            shift += 7;
        }
    }

    /** A growable byte buffer for the encoder. */
    private static final class ByteSink {
        private byte[] bytes = new byte[32];
        private int size;

        void write(int b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, size * 2);
            }
            bytes[size++] = (byte) b;
        }

        void writeVarint(long value) {
            while ((value & ~0x7FL) != 0) {
                write((int) ((value & 0x7F) | 0x80));
                value >>>= 7;
            }
            write((int) value);
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}

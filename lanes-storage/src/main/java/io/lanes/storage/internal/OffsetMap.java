package io.lanes.storage.internal;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The cleaner's map from key to the offset of its latest record, in a fixed memory budget, as Kafka's
 * {@code SkeinOffsetMap}: each slot holds the 16-byte MD5 of a key and an 8-byte offset (24 bytes); open
 * addressing with linear probing; an all-zero hash marks a free slot. Two keys with the same MD5 would share a
 * slot; that is accepted, as in Kafka.
 *
 * <p>Also remembers the last offset the map covers ({@link #latestOffset()}): records above it were not mapped
 * and are kept by the cleaner whatever their key.
 *
 * <p>Not thread-safe: one cleaner thread owns a map.
 */
public final class OffsetMap {

    public static final int BYTES_PER_ENTRY = 24;
    private static final int HASH_SIZE = 16;

    private final ByteBuffer slotsBuffer;
    private final int slots;
    private final MessageDigest digest;
    private final byte[] hash = new byte[HASH_SIZE];
    private final byte[] probe = new byte[HASH_SIZE];
    private int entries;
    private long latestOffset = -1L;

    public OffsetMap(int slots) {
        if (slots < 1) {
            throw new IllegalArgumentException("An offset map needs at least one slot");
        }
        this.slots = slots;
        this.slotsBuffer = ByteBuffer.allocate(Math.multiplyExact(slots, BYTES_PER_ENTRY));
        try {
            this.digest = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is required of every JVM", e);
        }
    }

    public int slots() { return slots; }
    public int size() { return entries; }
    public long latestOffset() { return latestOffset; }

    public void updateLatestOffset(long offset) {
        latestOffset = offset;
    }

    /** Maps the key (its remaining bytes; the buffer's position is not changed) to {@code offset}. */
    public void put(ByteBuffer key, long offset) {
        hashInto(key, hash);
        for (int attempt = 0; attempt < slots; attempt++) {
            int position = position(attempt);
            if (isFree(position)) {
                slotsBuffer.put(position, hash);
                slotsBuffer.putLong(position + HASH_SIZE, offset);
                entries++;
                return;
            }
            if (sameHash(position)) {
                slotsBuffer.putLong(position + HASH_SIZE, offset);
                return;
            }
        }
        throw new IllegalStateException("Offset map is full: " + slots + " slots");
    }

    /** The offset mapped for the key, or -1. */
    public long get(ByteBuffer key) {
        hashInto(key, hash);
        for (int attempt = 0; attempt < slots; attempt++) {
            int position = position(attempt);
            if (isFree(position)) {
                return -1L;
            }
            if (sameHash(position)) {
                return slotsBuffer.getLong(position + HASH_SIZE);
            }
        }
        return -1L;
    }

    private int position(int attempt) {
        int start = ((hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | (hash[3] & 0xff)) & 0x7fffffff;
        return (int) ((start + (long) attempt) % slots) * BYTES_PER_ENTRY;
    }

    private boolean isFree(int position) {
        for (int i = 0; i < HASH_SIZE; i++) {
            if (slotsBuffer.get(position + i) != 0) {
                return false;
            }
        }
        return true;
    }

    private boolean sameHash(int position) {
        slotsBuffer.get(position, probe);
        return java.util.Arrays.equals(probe, hash);
    }

    private void hashInto(ByteBuffer key, byte[] out) {
        digest.update(key.duplicate());
        try {
            digest.digest(out, 0, HASH_SIZE);
        } catch (java.security.DigestException e) {
            throw new IllegalStateException(e);
        }
    }
}

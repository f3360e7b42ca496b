package io.lanes.storage.internal;

import org.apache.kafka.common.utils.internals.Crc32C;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Producer-state snapshot {@code <20-digit offset>.snapshot}: the state of every producer after all batches
 * below {@code offset}. Lanes' own format (Kafka's keeps one batch per producer; this keeps five), all
 * integers big-endian:
 *
 * <pre>
 * int32 magic 0x4C4E5053 ("LNPS") | int16 version = 1 | int32 CRC32C of every byte after this field
 * int32 producerCount, then per producer:
 *   int64 producerId | int16 epoch | int64 lastTimestamp | int32 coordinatorEpoch | int64 currentTxnFirstOffset (-1 = none)
 *   int8 batchCount (0..5), then per batch, oldest first:
 *     int32 firstSeq | int32 lastSeq | int64 firstOffset | int64 lastOffset | int64 maxTimestamp
 * </pre>
 * Written to a temporary file and atomically renamed; after a crash a snapshot is complete, absent, or fails
 * its CRC (if it was not fsynced) and is ignored.
 */
public final class ProducerSnapshotFile {

    static final int MAGIC = 0x4C4E5053;
    static final short VERSION = 1;
    private static final int HEADER = 4 + 2 + 4;
    private static final int PRODUCER_BYTES = 8 + 2 + 8 + 4 + 8 + 1;
    private static final int BATCH_BYTES = 4 + 4 + 8 + 8 + 8;

    private ProducerSnapshotFile() {
    }

    /**
     * @param sync fsync before the rename. Snapshots taken on roll skip it: a snapshot torn by a crash fails
     *             its CRC and loading falls back to an older one plus replay, so only the shutdown snapshot,
     *             which lets the next start skip the replay, needs to be durable.
     */
    public static void write(Path file, Map<Long, ProducerStateEntry> producers, boolean sync) throws IOException {
        int size = HEADER + 4;
        for (ProducerStateEntry e : producers.values()) {
            size += PRODUCER_BYTES + e.batches().size() * BATCH_BYTES;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        buf.putInt(MAGIC).putShort(VERSION).putInt(0).putInt(producers.size());
        for (ProducerStateEntry e : producers.values()) {
            buf.putLong(e.producerId()).putShort(e.epoch()).putLong(e.lastTimestamp())
                    .putInt(e.coordinatorEpoch()).putLong(e.currentTxnFirstOffset()).put((byte) e.batches().size());
            for (BatchMetadata b : e.batches()) {
                buf.putInt(b.firstSeq()).putInt(b.lastSeq()).putLong(b.firstOffset()).putLong(b.lastOffset()).putLong(b.timestamp());
            }
        }
        buf.flip();
        // Crc32C offsets are relative to the buffer position, which is 0 after flip().
        buf.putInt(6, (int) Crc32C.compute(buf, HEADER, size - HEADER));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            if (sync) {
                Fsync.channel(ch);
            }
        }
        Utils.atomicMoveWithFallback(tmp, file, false);
        if (sync) {
            Fsync.dir(file.getParent());
        }
    }

    /** @throws IOException if the file is unreadable or fails its checks */
    public static Map<Long, ProducerStateEntry> read(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file));
        if (buf.remaining() < HEADER + 4 || buf.getInt(0) != MAGIC || buf.getShort(4) != VERSION) {
            throw new IOException("Not a producer snapshot: " + file);
        }
        int crc = buf.getInt(6);
        if ((int) Crc32C.compute(buf, HEADER, buf.remaining() - HEADER) != crc) {
            throw new IOException("Producer snapshot CRC mismatch: " + file);
        }
        try {
            buf.position(HEADER);
            int count = buf.getInt();
            Map<Long, ProducerStateEntry> producers = new HashMap<>(count * 2);
            for (int i = 0; i < count; i++) {
                ProducerStateEntry e = new ProducerStateEntry(buf.getLong(), buf.getShort(), buf.getLong());
                e.setCoordinatorEpoch(buf.getInt());
                e.setCurrentTxnFirstOffset(buf.getLong());
                int batches = buf.get();
                for (int b = 0; b < batches; b++) {
                    e.addBatch(new BatchMetadata(buf.getInt(), buf.getInt(), buf.getLong(), buf.getLong(), buf.getLong()));
                }
                producers.put(e.producerId(), e);
            }
            if (buf.hasRemaining()) {
                throw new IOException("Trailing bytes in producer snapshot " + file);
            }
            return producers;
        } catch (RuntimeException e) {
            throw new IOException("Malformed producer snapshot " + file, e);
        }
    }
}

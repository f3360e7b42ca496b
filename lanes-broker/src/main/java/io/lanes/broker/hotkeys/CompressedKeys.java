package io.lanes.broker.hotkeys;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.apache.kafka.common.utils.internals.ByteUtils;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Reads the size and key of every record of a compressed v2 batch, for hot-key sampling, without building a
 * {@code Record} (and a copy of its bytes) per record as kafka-clients' streaming iterator does: the records are
 * decompressed as one stream and each record's bytes land in a scratch buffer that is reused.
 *
 * <p>Record format (Kafka's {@code DefaultRecord}): length (varint), then that many bytes: attributes (int8),
 * timestamp delta (varlong), offset delta (varint), key length (varint, -1 for none), key, value length, value,
 * header count, headers. Only the fields up to the key are parsed.
 *
 * <p>Thread-safe: the scratch buffer and the decompression buffers are per thread.
 */
final class CompressedKeys {

    /** What a reader is told about each record. */
    interface Visitor {
        /**
         * @param sizeInBytes the record's size in the batch (its length prefix included), as {@code Record.sizeInBytes}
         * @param key         the key's bytes at {@code [keyOffset, keyOffset + keyLength)}, valid only during the call;
         *                    {@code keyLength} -1 when the record has no key
         */
        void record(int sizeInBytes, byte[] key, int keyOffset, int keyLength);
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private CompressedKeys() {
    }

    /**
     * Visits the records of {@code batch}, a compressed v2 batch whose bytes are {@code batchBytes} (position at its
     * first byte, limit at its end).
     *
     * @throws IOException when the records cannot be decompressed or are cut short
     */
    static void forEach(RecordBatch batch, ByteBuffer batchBytes, Visitor visitor) throws IOException {
        Integer count = batch.countOrNull();
        if (count == null || count <= 0) {
            return;
        }
        Scratch scratch = SCRATCH.get();
        ByteBuffer records = batchBytes.duplicate();
        records.position(batchBytes.position() + DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        try (InputStream in = Compression.of(batch.compressionType()).build()
                .wrapForInput(records.slice(), RecordBatch.MAGIC_VALUE_V2, scratch.decompression)) {
            for (int i = 0; i < count; i++) {
                int length = ByteUtils.readVarint(in);
                if (length < 0) {
                    throw new IOException("negative record length " + length);
                }
                ByteBuffer body = scratch.fill(in, length);
                body.get(); // attributes
                ByteUtils.readVarlong(body); // timestamp delta
                ByteUtils.readVarint(body); // offset delta
                int keyLength = ByteUtils.readVarint(body);
                visitor.record(ByteUtils.sizeOfVarint(length) + length, body.array(), body.position(), keyLength);
            }
        }
    }

    /** One thread's reusable record buffer and decompression buffers. */
    private static final class Scratch {
        final BufferSupplier decompression = BufferSupplier.create();
        ByteBuffer buffer = ByteBuffer.allocate(4096);

        /** Reads exactly {@code length} bytes into the scratch buffer, returned positioned at its start. */
        ByteBuffer fill(InputStream in, int length) throws IOException {
            if (buffer.capacity() < length) {
                buffer = ByteBuffer.allocate(Math.max(length, buffer.capacity() * 2));
            }
            byte[] array = buffer.array();
            int read = 0;
            while (read < length) {
                int n = in.read(array, read, length - read);
                if (n < 0) {
                    throw new EOFException("record cut short: " + read + " of " + length + " bytes");
                }
                read += n;
            }
            buffer.clear().limit(length);
            return buffer;
        }
    }
}

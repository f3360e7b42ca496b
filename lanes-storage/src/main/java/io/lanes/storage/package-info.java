/**
 * Partition logs in Kafka's on-disk format.
 *
 * <pre>
 * &lt;data dir&gt;/
 *   .lanes-clean-shutdown                 written by a clean close, removed on open
 *   recovery-point-offset-checkpoint      "0\nN\n&lt;topic&gt; &lt;partition&gt; &lt;offset&gt;\n..." (Kafka's format)
 *   log-start-offset-checkpoint           same format
 *   &lt;topic&gt;-&lt;partition&gt;/
 *     partition.metadata                  "version: 0\ntopic_id: &lt;base64 uuid&gt;\n"
 *     leader-epoch-checkpoint             "0\nN\n&lt;epoch&gt; &lt;start offset&gt;\n..." (Kafka's format)
 *     &lt;20-digit base offset&gt;.log          magic v2 record batches back to back, as producers sent them
 *     &lt;20-digit base offset&gt;.index        8-byte entries (relative offset, position), sparse
 *     &lt;20-digit base offset&gt;.timeindex    12-byte entries (timestamp, relative offset), sparse
 *     &lt;20-digit offset&gt;.snapshot          producer state (Lanes' format, see ProducerSnapshotFile)
 * </pre>
 *
 * Entry points: {@link io.lanes.storage.LogManager} (all logs, background threads) and
 * {@link io.lanes.storage.PartitionLog} (one partition). Everything in {@code internal} is not API.
 */
package io.lanes.storage;

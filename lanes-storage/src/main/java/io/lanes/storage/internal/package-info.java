/**
 * Implementation of {@code io.lanes.storage}: segments, indexes, recovery, producer state, checkpoints.
 * Not API; may change without notice.
 */
package io.lanes.storage.internal;

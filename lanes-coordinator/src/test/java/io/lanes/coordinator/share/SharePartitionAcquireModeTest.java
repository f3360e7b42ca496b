package io.lanes.coordinator.share;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * KIP-1206's acquire mode is the fetch's: a consumer with {@code share.acquire.mode=record_limit} sends it in its
 * ShareFetch, and then gets at most MaxRecords records even where the group's default (batch_optimized) would hand
 * out the rest of a producer batch. One producer batch of ten records (offsets 0-9).
 */
class SharePartitionAcquireModeTest {

    private static List<ShareLogRecord> oneBatchOfTen() {
        List<ShareLogRecord> records = new ArrayList<>();
        for (long offset = 0; offset < 10; offset++) {
            records.add(new ShareLogRecord(offset, null, 9));
        }
        return records;
    }

    @Test
    void shouldAcquireAtMostMaxRecordsWhenTheFetchAsksForRecordLimit() {
        // given
        SharePartition partition = SharePartition.create(SharePartitionConfig.DEFAULTS, 0);

        // when
        List<AcquiredRecords> acquired = partition.acquire("m", 0, oneBatchOfTen(), 3, AcquireMode.RECORD_LIMIT, 0);

        // then
        assertThat(acquired).containsExactly(new AcquiredRecords(0, 2, (short) 1));
        assertThat(partition.state(3)).isEqualTo(DeliveryState.AVAILABLE);
    }

    @Test
    void shouldAcquireTheWholeBatchWhenTheFetchUsesTheGroupDefault() {
        // given
        SharePartition partition = SharePartition.create(SharePartitionConfig.DEFAULTS, 0);

        // when
        List<AcquiredRecords> acquired = partition.acquire("m", 0, oneBatchOfTen(), 3, 0);

        // then
        assertThat(acquired).containsExactly(new AcquiredRecords(0, 9, (short) 1));
    }
}

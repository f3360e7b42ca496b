package io.lanes.processor.internal;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetMetadataCodecTest {

    @Test
    void shouldWriteEmptyMetadataWhenNothingAboveTheBaseIsComplete() {
        // given
        OffsetTracker tracker = new OffsetTracker(10);
        tracker.received(10);
        tracker.received(11);
        tracker.complete(10);

        // when
        String metadata = OffsetMetadataCodec.encode(tracker);

        // then
        assertThat(tracker.base()).isEqualTo(11);
        assertThat(metadata).isEmpty();
    }

    @Test
    void shouldWriteVersionedRunLengthsWhenCompletedOffsetsAreSparse() {
        // given 100 received, 100 incomplete, 150 and 151 complete
        OffsetTracker tracker = new OffsetTracker(100);
        for (long offset = 100; offset < 160; offset++) {
            tracker.received(offset);
        }
        tracker.complete(150);
        tracker.complete(151);

        // when
        String metadata = OffsetMetadataCodec.encode(tracker);

        // then: prefix, type 0, 50 not complete, 2 complete
        assertThat(metadata).startsWith("lanes:1:");
        byte[] payload = Base64.getUrlDecoder().decode(metadata.substring(8).getBytes(StandardCharsets.US_ASCII));
        assertThat(payload).containsExactly(0, 50, 2);
        assertThat(OffsetMetadataCodec.decode(100, metadata)).containsExactly(150, 151);
    }

    @Test
    void shouldReadNothingWhenMetadataIsAnotherClients() {
        assertThat(OffsetMetadataCodec.decode(5, "written by someone else")).isEmpty();
        assertThat(OffsetMetadataCodec.decode(5, null)).isEmpty();
    }

    @Test
    void shouldRejectOurPrefixWithAnUnknownEncoding() {
        String metadata = "lanes:1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[]{9, 1});
        assertThatThrownBy(() -> OffsetMetadataCodec.decode(0, metadata)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown offset metadata encoding 9");
    }

    @Test
    void shouldOfferAWindowOfAbout24kOffsetsWhenTheLimitIsKafkasDefault() {
        assertThat(OffsetMetadataCodec.maxSpan(4096)).isEqualTo(3065L * 8);
    }
}

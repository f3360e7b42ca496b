package io.lanes.ops.lag;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.MessageUtil;
import org.apache.kafka.coordinator.group.generated.GroupMetadataKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitKey;
import org.apache.kafka.coordinator.group.generated.OffsetCommitValue;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The decoder against records serialized by Apache Kafka's own generated coordinator classes. */
class OffsetCommitDecoderTest {
    private final OffsetCommitDecoder decoder = new OffsetCommitDecoder();

    /** Type 1 as Kafka writes keys now (its record type), type 0 as older brokers wrote them (key version 0). */
    private static ByteBuffer key(short type) {
        OffsetCommitKey key = new OffsetCommitKey().setGroup("orders-group").setTopic("orders").setPartition(7);
        return type == 1 ? MessageUtil.toCoordinatorTypePrefixedByteBuffer(key)
                : MessageUtil.toVersionPrefixedByteBuffer((short) 0, key);
    }

    @ParameterizedTest
    @ValueSource(shorts = {0, 1, 2, 3, 4})
    void shouldDecodeKafkasOffsetCommitWhenValueIsAnyVersion(short version) {
        // given
        OffsetCommitValue value = new OffsetCommitValue().setOffset(4242).setMetadata("m\u00e9ta")
                .setCommitTimestamp(1_700_000_000_123L);
        if (version == 1) {
            value.setExpireTimestamp(1_800_000_000_000L);
        }
        if (version >= 3) {
            value.setLeaderEpoch(5);
        }
        if (version >= 4) {
            value.setTopicId(Uuid.randomUuid());
        }

        // when
        Optional<OffsetCommit> commit = decoder.decode(key((short) 1),
                MessageUtil.toVersionPrefixedByteBuffer(version, value));

        // then
        assertThat(commit).contains(new OffsetCommit("orders-group", "orders", 7, 4242, 1_700_000_000_123L));
    }

    @Test
    void shouldDecodeLegacyKeyVersionZeroWhenWrittenByOldBrokers() {
        // when
        Optional<OffsetCommit> commit = decoder.decode(key((short) 0), MessageUtil.toVersionPrefixedByteBuffer(
                (short) 3, new OffsetCommitValue().setOffset(1).setMetadata("").setCommitTimestamp(2)));

        // then
        assertThat(commit).contains(new OffsetCommit("orders-group", "orders", 7, 1, 2));
    }

    @Test
    void shouldSkipRecordsThatAreNotCommitsWhenKeyIsAnotherType() {
        // given
        ByteBuffer groupKey = MessageUtil.toCoordinatorTypePrefixedByteBuffer(new GroupMetadataKey().setGroup("g"));

        // when / then
        assertThat(decoder.decode(groupKey, ByteBuffer.wrap(new byte[]{0, 3, 1, 2, 3}))).isEmpty();
    }

    @Test
    void shouldSkipTombstonesWhenAnOffsetWasDeleted() {
        // then
        assertThat(decoder.decode(key((short) 1), null)).isEmpty();
    }

    @Test
    void shouldRejectAValueWhenItIsLongerThanKafkasFormat() {
        // given: a v0 value with 12 bytes more (a leader epoch and an expire time of another format)
        ByteBuffer value = ByteBuffer.allocate(2 + 8 + 4 + 2 + 8 + 8);
        value.putShort((short) 0).putLong(10).putInt(0).putShort((short) 0).putLong(5).putLong(-1).flip();

        // when / then
        assertThatThrownBy(() -> decoder.decode(key((short) 1), value)).isInstanceOf(CommitRecordException.class);
    }

    @Test
    void shouldRejectAValueWhenItsVersionIsUnknown() {
        // given
        ByteBuffer value = ByteBuffer.allocate(10).putShort((short) 9).putLong(1).flip();

        // when / then
        assertThatThrownBy(() -> decoder.decode(key((short) 1), value))
                .isInstanceOf(CommitRecordException.class).hasMessageContaining("version 9");
    }

    @Test
    void shouldRejectAValueWhenItEndsEarly() {
        // given
        ByteBuffer value = ByteBuffer.allocate(6).putShort((short) 3).putInt(1).flip();

        // when / then
        assertThatThrownBy(() -> decoder.decode(key((short) 1), value)).isInstanceOf(CommitRecordException.class);
    }
}

package io.lanes.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaFrameDecoderTest {

    @Test
    void shouldEmitOneFrameWhenItArrivesInPieces() {
        // given
        EmbeddedChannel channel = new EmbeddedChannel(new KafkaFrameDecoder(100));
        ByteBuf frame = Unpooled.buffer().writeInt(5).writeBytes(new byte[]{1, 2, 3, 4, 5});

        // when
        channel.writeInbound(frame.readRetainedSlice(3));
        assertThat((Object) channel.readInbound()).isNull();
        channel.writeInbound(frame.readRetainedSlice(frame.readableBytes()));

        // then
        ByteBuf body = channel.readInbound();
        assertThat(body.readableBytes()).isEqualTo(5);
        assertThat(body.getByte(4)).isEqualTo((byte) 5);
        body.release();
        frame.release();
    }

    @Test
    void shouldEmitEveryFrameWhenSeveralArriveTogether() {
        // given
        EmbeddedChannel channel = new EmbeddedChannel(new KafkaFrameDecoder(100));
        ByteBuf frames = Unpooled.buffer().writeInt(1).writeByte(7).writeInt(2).writeByte(8).writeByte(9);

        // when
        channel.writeInbound(frames);

        // then
        ByteBuf first = channel.readInbound();
        ByteBuf second = channel.readInbound();
        assertThat(first.readableBytes()).isEqualTo(1);
        assertThat(second.readableBytes()).isEqualTo(2);
        first.release();
        second.release();
    }

    @Test
    void shouldRejectFrameWhenLargerThanLimit() {
        // given
        EmbeddedChannel channel = new EmbeddedChannel(new KafkaFrameDecoder(100));

        // when / then
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(101)))
                .isInstanceOf(DecoderException.class)
                .hasMessageContaining("socket.request.max.bytes");
    }

    @Test
    void shouldRejectFrameWhenSizeIsNegative() {
        // given
        EmbeddedChannel channel = new EmbeddedChannel(new KafkaFrameDecoder(100));

        // when / then
        assertThatThrownBy(() -> channel.writeInbound(Unpooled.buffer().writeInt(-1)))
                .isInstanceOf(DecoderException.class)
                .hasMessageContaining("negative");
    }
}

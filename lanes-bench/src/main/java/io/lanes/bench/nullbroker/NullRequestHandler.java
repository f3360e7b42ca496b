package io.lanes.bench.nullbroker;

import io.lanes.protocol.DecodedRequest;
import io.lanes.protocol.RequestCodec;
import io.lanes.protocol.RequestFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.requests.RequestHeader;

import java.util.List;

/**
 * One connection of the null broker: decodes each request frame with Lanes' codec, answers it at once on the
 * event loop (responses therefore leave in request order) and closes the connection on anything it does not
 * serve, as Kafka closes it on an unsupported request. A Produce with {@code acks=0} gets no response, as in Kafka.
 *
 * <p>Not sharable; confined to its channel's event loop, which is also the only thread touching {@link NullApis}.
 */
final class NullRequestHandler extends ChannelInboundHandlerAdapter {

    private final NullApis apis;

    NullRequestHandler(NullApis apis) {
        this.apis = apis;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        try {
            serve(ctx, frame);
        } finally {
            frame.release();
        }
    }

    private void serve(ChannelHandlerContext ctx, ByteBuf frame) {
        RequestFrame parsed = RequestCodec.readHeader(frame.nioBuffer());
        RequestHeader header = parsed.header();
        ApiKeys api = header.apiKey();
        if (!NullApis.supports(api, header.apiVersion())) {
            if (api == ApiKeys.API_VERSIONS) {
                // a newer client than us: answer in v0 so it can pick a version we speak, as Kafka does
                write(ctx, api, (short) 0, header.correlationId(), apis.apiVersions()
                        .setErrorCode(org.apache.kafka.common.protocol.Errors.UNSUPPORTED_VERSION.code()));
                return;
            }
            ctx.close();
            return;
        }
        DecodedRequest request = RequestCodec.decode(parsed);
        ApiMessage response = switch (api) {
            case API_VERSIONS -> apis.apiVersions();
            case METADATA -> apis.metadata((MetadataRequestData) request.body());
            case INIT_PRODUCER_ID -> apis.initProducerId((InitProducerIdRequestData) request.body());
            case PRODUCE -> {
                ProduceRequestData produce = (ProduceRequestData) request.body();
                ApiMessage acknowledgement = apis.produce(produce);
                yield produce.acks() == 0 ? null : acknowledgement;
            }
            default -> throw new IllegalStateException("unserved " + api);
        };
        if (response != null) {
            write(ctx, api, header.apiVersion(), header.correlationId(), response);
        }
    }

    private static void write(ChannelHandlerContext ctx, ApiKeys api, short version, int correlationId, ApiMessage body) {
        List<Object> parts = RequestCodec.encodeResponse(ctx.alloc(), api, version, correlationId, body);
        for (Object part : parts) {
            ctx.write(part, ctx.voidPromise());
        }
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        System.err.println("null broker: closing " + ctx.channel().remoteAddress() + ": " + cause);
        ctx.close();
    }
}

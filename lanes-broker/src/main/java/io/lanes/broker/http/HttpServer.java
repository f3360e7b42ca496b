package io.lanes.broker.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The broker's HTTP side: a small GET-only server on threads of its own (never the Kafka listener's event
 * loops), so a slow or hostile HTTP client cannot stall Kafka clients.
 *
 * <p>Requests are bounded (8 KiB of headers, no body: anything but GET/HEAD gets 405), idle connections close
 * after 30 s, and each route's body is capped at {@link #MAX_BODY_BYTES} (503 beyond). Every response carries
 * {@code Cache-Control: no-store}, {@code X-Content-Type-Options: nosniff} and a Content-Security-Policy that
 * allows scripts, styles and requests from this origin only (no inline script), so even a name that escaped
 * escaping could not run.
 *
 * <p>Thread-safe; {@link #close()} is idempotent.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** No response of ours comes near this; a bigger one means something went wrong and is refused. */
    public static final int MAX_BODY_BYTES = 32 * 1024 * 1024;
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final EventLoopGroup group;
    private final Channel channel;

    private HttpServer(EventLoopGroup group, Channel channel) {
        this.group = group;
        this.channel = channel;
    }

    /**
     * Binds {@code host:port} and serves {@code routes} (path to answer, computed from the decoded query
     * parameters per request on the HTTP threads).
     *
     * @throws BindException when the port is taken
     */
    public static HttpServer start(String host, int port, Map<String, Function<Map<String, List<String>>, HttpResponse>> routes)
            throws IOException {
        EventLoopGroup group = new NioEventLoopGroup(2, new DefaultThreadFactory("lanes-http", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(
                                new IdleStateHandler(0, 0, 30, TimeUnit.SECONDS),
                                new HttpServerCodec(4096, 8192, 8192),
                                new HttpObjectAggregator(8192),
                                new Router(routes));
                    }
                });
        try {
            Channel channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
            return new HttpServer(group, channel);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            if (e instanceof BindException b) {
                throw b;
            }
            throw new IOException("cannot serve HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Answers one request at a time per connection. */
    private static final class Router extends SimpleChannelInboundHandler<FullHttpRequest> {
        private final Map<String, Function<Map<String, List<String>>, HttpResponse>> routes;

        Router(Map<String, Function<Map<String, List<String>>, HttpResponse>> routes) {
            this.routes = routes;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            HttpResponse answer = answer(request);
            boolean head = HttpMethod.HEAD.equals(request.method());
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(answer.status()),
                    head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(answer.body()));
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                    .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                    .set("X-Content-Type-Options", "nosniff")
                    .set("Content-Security-Policy", CSP);
            if (answer.status() == 405) {
                response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            }
            boolean keepAlive = HttpUtil.isKeepAlive(request) && request.decoderResult().isSuccess();
            HttpUtil.setKeepAlive(response, keepAlive);
            var written = ctx.writeAndFlush(response);
            if (!keepAlive) {
                written.addListener(ChannelFutureListener.CLOSE);
            }
        }

        private HttpResponse answer(FullHttpRequest request) {
            if (!request.decoderResult().isSuccess()) {
                return HttpResponse.text(400, "Bad request");
            }
            if (!HttpMethod.GET.equals(request.method()) && !HttpMethod.HEAD.equals(request.method())) {
                return HttpResponse.text(405, "Only GET is served");
            }
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String path = uri.path();
            Function<Map<String, List<String>>, HttpResponse> route = routes.get(path);
            if (route == null) {
                return HttpResponse.text(404, "Not found");
            }
            try {
                HttpResponse answer = route.apply(uri.parameters());
                return answer.body().length > MAX_BODY_BYTES ? HttpResponse.text(503, "Response too large") : answer;
            } catch (RuntimeException e) {
                log.warn("HTTP {} failed", path, e);
                return HttpResponse.text(500, "Internal error");
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
            if (event instanceof IdleStateEvent) {
                ctx.close();
            } else {
                super.userEventTriggered(ctx, event);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("HTTP connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
        }
    }
}

package io.lanes.broker.network;

import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.api.RequestContext;
import io.lanes.broker.quota.QuotaEnforcer;
import io.lanes.broker.security.ListenerSecurity;
import io.lanes.broker.security.SaslAuthenticator;
import io.lanes.protocol.DecodedRequest;
import io.lanes.protocol.RequestCodec;
import io.lanes.protocol.RequestFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.security.auth.KafkaPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Serves the requests of one client connection and sends the responses in request order.
 *
 * <p>Requests are decoded and handed to their handler as they arrive (pipelining), but a
 * response leaves only when every earlier response has left, as Kafka clients require even
 * when an earlier request waits (a long-poll fetch, an acks=all produce awaiting fsync).
 * While too many responses are pending, the connection stops reading (back-pressure).
 *
 * <p>Bytes after the last field of a request's body are ignored (and counted), as Kafka
 * ignores them. A request that cannot be decoded, or names an API or version Lanes does not implement,
 * closes the connection after the responses before it are sent, as Kafka does; the broker
 * and other connections are unaffected. ApiVersions with a version newer than ours is
 * answered with UNSUPPORTED_VERSION in version 0, so clients can negotiate.
 *
 * <p>On a TLS listener the pipeline starts with Netty's {@link SslHandler}: a failed handshake
 * (untrusted certificate, a plaintext client) closes the connection, logged once at INFO and counted;
 * a completed one gives the connection the principal of the client certificate. On a SASL listener
 * each request first goes through the connection's {@link SaslAuthenticator}, which answers the SASL
 * requests itself and lets other requests through only once the client authenticated. Handlers see
 * the listener and the principal in their {@link RequestContext}.
 *
 * <p>Client quotas ({@link QuotaEnforcer}) are charged as each request is handled and each response leaves; a
 * response that earned a throttle time carries it, and the connection then reads nothing more for that time
 * (KIP-219), by a timer on its event loop rather than by blocking it. Requests the client pipelined behind a request
 * that earned a throttle wait, already read, until the throttle is over: Kafka serves one request of a connection at
 * a time and reads none while a throttle lasts, so those requests must not be admitted (and acknowledged) sooner.
 *
 * <p>Not sharable; all state is confined to the channel's event loop.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final int MAX_PENDING_RESPONSES = 64;

    private final ApiDispatcher dispatcher;
    private final RequestMetrics metrics;
    private final ListenerSecurity security;
    private final QuotaEnforcer quotas;
    /** Quota throttles not yet over; while any lasts the connection does not read. */
    private int throttles;
    /** Responses queued whose request earned a throttle they have not yet started (it starts when they leave). */
    private int throttlesDue;
    /** Frames read while a throttle lasts or is due, served in order once it is over. */
    private final ArrayDeque<ByteBuf> held = new ArrayDeque<>();
    /** Null on listeners without SASL. */
    private SaslAuthenticator sasl;
    /** The principal of a connection without SASL: from its client certificate, else anonymous. */
    private KafkaPrincipal principal = KafkaPrincipal.ANONYMOUS;
    /** Set once TLS refused the connection, so the refusal is logged and counted once. */
    private boolean tlsRefused;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private ChannelHandlerContext channel;
    private boolean closing;
    /** KIP-511: what the client's last ApiVersions request said it is, for KIP-714 client matching. */
    private String clientSoftwareName = RequestContext.UNKNOWN;
    private String clientSoftwareVersion = RequestContext.UNKNOWN;

    /** A request whose response has not left yet, with the stage times metrics report (System.nanoTime). */
    private static final class Pending {
        final RequestHeader header;
        final CompletableFuture<? extends ApiMessage> response;
        final long arrived;
        final long dispatched;
        final long handled;
        /** What the request owes its client's quotas; null when the client has none. */
        QuotaEnforcer.Charge charge;
        /** Whether handling the request already earned a throttle, which starts when the response leaves. */
        boolean throttleDue;
        /** Set by whichever thread completes the response; read on the event loop after it ran drain. */
        volatile long completed;

        Pending(RequestHeader header, CompletableFuture<? extends ApiMessage> response, long arrived,
                long dispatched, long handled) {
            this.header = header;
            this.response = response;
            this.arrived = arrived;
            this.dispatched = dispatched;
            this.handled = handled;
        }
    }

    /** A handler for a PLAINTEXT connection outside any listener (tests). */
    public ConnectionHandler(ApiDispatcher dispatcher, RequestMetrics metrics) {
        this(dispatcher, metrics, ListenerSecurity.plaintext());
    }

    public ConnectionHandler(ApiDispatcher dispatcher, RequestMetrics metrics, ListenerSecurity security) {
        this(dispatcher, metrics, security, QuotaEnforcer.NONE);
    }

    public ConnectionHandler(ApiDispatcher dispatcher, RequestMetrics metrics, ListenerSecurity security,
                             QuotaEnforcer quotas) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.security = security;
        this.quotas = quotas;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        channel = ctx;
        sasl = security.newSaslAuthenticator(ctx.channel().remoteAddress());
        metrics.connectionOpened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        metrics.connectionClosed();
        while (!held.isEmpty()) {
            held.poll().release();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (throttled() && !closing) {
            held.add(frame);
            return;
        }
        try {
            if (!closing) {
                serve(ctx, frame.nioBuffer());
            }
        } finally {
            frame.release();
        }
    }

    private void serve(ChannelHandlerContext ctx, ByteBuffer frame) {
        if (sasl != null && !sasl.admitsFrame(frame.remaining())) {
            closeAfterPending(null);
            return;
        }
        if (sasl != null && sasl.expectsRawToken()) {
            serveRawToken(ctx, frame);
            return;
        }
        long arrived = metrics.enabled() ? System.nanoTime() : 0;
        // Kafka charges a produce request its size: header and body, without the length prefix.
        int requestBytes = frame.remaining();
        // The header is parsed here, once; decoding the body, metrics and logging reuse it.
        RequestFrame parsed;
        try {
            parsed = RequestCodec.readHeader(frame);
        } catch (RuntimeException e) {
            closeAfterPending("cannot read request header: " + e.getMessage());
            return;
        }
        RequestHeader header = parsed.header();
        ApiKeys api = header.apiKey();
        if (!dispatcher.supports(api, header.apiVersion())) {
            if (api == ApiKeys.API_VERSIONS) {
                enqueue(header, CompletableFuture.completedFuture(unsupportedApiVersions()), (short) 0,
                        arrived, arrived, arrived);
                return;
            }
            closeAfterPending("unsupported request " + api + " v" + header.apiVersion() + " from client "
                    + header.clientId());
            return;
        }
        DecodedRequest request;
        try {
            request = RequestCodec.decode(parsed);
        } catch (InvalidRequestException e) {
            closeAfterPending(e.getMessage());
            return;
        }
        if (request.trailingBytes() > 0) {
            metrics.trailingBytes(api);
            log.debug("{} v{} from client {} has {} bytes after its last field; ignored, as Kafka does", api,
                    header.apiVersion(), header.clientId(), request.trailingBytes());
        }
        if (request.body() instanceof ApiVersionsRequestData versions && header.apiVersion() >= 3
                && versions.clientSoftwareName() != null && !versions.clientSoftwareName().isEmpty()) {
            clientSoftwareName = versions.clientSoftwareName();
            clientSoftwareVersion = versions.clientSoftwareVersion();
        }
        if (sasl != null && !admittedBySasl(header, request, arrived)) {
            return;
        }
        KafkaPrincipal requestPrincipal = sasl != null && sasl.principal() != null ? sasl.principal() : principal;
        RequestContext context = new RequestContext(header, ctx.channel().remoteAddress(), ctx.executor(),
                clientSoftwareName, clientSoftwareVersion, security.endpoint(), requestPrincipal);
        QuotaEnforcer.Charge charge = quotas.begin(api, requestPrincipal, header.clientId(), request.body());
        long dispatched = metrics.enabled() ? System.nanoTime() : 0;
        CompletableFuture<? extends ApiMessage> response;
        try {
            response = dispatcher.dispatch(context, request.body());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        long handled = metrics.enabled() ? System.nanoTime() : 0;
        if (charge != null) {
            quotas.handled(charge, requestBytes, request.body());
        }
        enqueue(header, response.handle((body, error) -> error == null ? body : errorResponse(request, error)),
                header.apiVersion(), arrived, dispatched, handled, charge);
    }

    /** Lets the SASL authenticator decide; false when it answered or closed instead of the handler. */
    private boolean admittedBySasl(RequestHeader header, DecodedRequest request, long arrived) {
        SaslAuthenticator.Outcome outcome = sasl.onRequest(header.apiKey(), header.apiVersion(), request.body(),
                System.currentTimeMillis());
        switch (outcome.step()) {
            case PASS -> {
                return true;
            }
            case RESPOND -> enqueue(header, CompletableFuture.completedFuture(outcome.response()), header.apiVersion(),
                    arrived, arrived, arrived);
            case RESPOND_AND_CLOSE -> {
                enqueue(header, CompletableFuture.completedFuture(outcome.response()), header.apiVersion(),
                        arrived, arrived, arrived);
                closeAfterPending(null);
            }
            case CLOSE -> closeAfterPending(null);
        }
        return false;
    }

    /** A bare SASL token after SaslHandshake v0: answered with a bare length-prefixed token. */
    private void serveRawToken(ChannelHandlerContext ctx, ByteBuffer frame) {
        ByteBuffer reply = sasl.onRawToken(frame, System.currentTimeMillis());
        if (reply == null) {
            closeAfterPending(null);
            return;
        }
        ByteBuf out = ctx.alloc().buffer(4 + reply.remaining());
        out.writeInt(reply.remaining());
        out.writeBytes(reply);
        ctx.writeAndFlush(out);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof SslHandshakeCompletionEvent done) {
            if (!done.isSuccess()) {
                refuseTls(ctx, done.cause());
            } else if (sasl == null) {
                try {
                    principal = security.sslPrincipal(ctx.pipeline().get(SslHandler.class).engine().getSession(),
                            ctx.channel().remoteAddress());
                    security.tlsSucceeded();
                } catch (RuntimeException e) {
                    refuseTls(ctx, e);
                }
            }
        }
        super.userEventTriggered(ctx, event);
    }

    private void refuseTls(ChannelHandlerContext ctx, Throwable cause) {
        if (!tlsRefused) {
            tlsRefused = true;
            log.info("Failed authentication with {} (SSL handshake failed: {})", ctx.channel().remoteAddress(),
                    cause instanceof NotSslRecordException ? "not a TLS record, a plaintext client?" : cause.getMessage());
            security.tlsFailed();
        }
        ctx.close();
    }

    private ApiMessage errorResponse(DecodedRequest request, Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        if (Errors.forException(cause) == Errors.UNKNOWN_SERVER_ERROR) {
            log.error("{} v{} from client {} failed", request.apiKey(), request.apiVersion(),
                    request.header().clientId(), cause);
        }
        return request.errorResponse(cause);
    }

    private ApiVersionsResponseData unsupportedApiVersions() {
        return new ApiVersionsResponseData()
                .setErrorCode(Errors.UNSUPPORTED_VERSION.code())
                .setApiKeys(dispatcher.apiVersions());
    }

    private void enqueue(RequestHeader header, CompletableFuture<? extends ApiMessage> response, short version,
                         long arrived, long dispatched, long handled) {
        enqueue(header, response, version, arrived, dispatched, handled, null);
    }

    private void enqueue(RequestHeader header, CompletableFuture<? extends ApiMessage> response, short version,
                         long arrived, long dispatched, long handled, QuotaEnforcer.Charge charge) {
        RequestHeader responseHeader = version == header.apiVersion() ? header
                : new RequestHeader(header.apiKey(), version, header.clientId(), header.correlationId());
        Pending next = new Pending(responseHeader, response, arrived, dispatched, handled);
        next.charge = charge;
        next.throttleDue = charge != null && charge.throttleMs() > 0;
        if (next.throttleDue) {
            throttlesDue++;
            channel.channel().config().setAutoRead(false);
        }
        pending.add(next);
        if (pending.size() >= MAX_PENDING_RESPONSES) {
            channel.channel().config().setAutoRead(false);
        }
        if (response.isDone()) {
            next.completed = handled;
            drain();
        } else {
            response.whenComplete((body, error) -> {
                if (metrics.enabled()) {
                    next.completed = System.nanoTime();
                }
                channel.executor().execute(this::drain);
            });
        }
    }

    /** Sends every completed response at the head of the queue. Runs on the event loop. */
    private void drain() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peek().response.isDone()) {
            Pending next = pending.poll();
            ApiMessage completed = next.response.getNow(null);
            ApiMessage body = next.charge == null ? completed
                    : quotas.beforeSend(next.charge, completed, next.header.apiVersion());
            if (next.charge != null) {
                if (next.throttleDue) {
                    throttlesDue--;
                }
                throttle(next.charge.throttleMs());
            }
            if (body != null && channel.channel().isActive()) {
                RequestHeader h = next.header;
                List<Object> parts = RequestCodec.encodeResponse(channel.alloc(), h.apiKey(), h.apiVersion(),
                        h.correlationId(), body);
                long queued = metrics.enabled() ? System.nanoTime() : 0;
                for (int i = 0; i < parts.size(); i++) {
                    if (i == parts.size() - 1 && metrics.enabled()) {
                        // The last part's write promise completes once the whole response reached the socket.
                        channel.write(parts.get(i)).addListener(done -> metrics.served(h.apiKey(), h.apiVersion(),
                                next.arrived, next.dispatched, next.handled, next.completed, queued,
                                System.nanoTime(), body));
                    } else {
                        channel.write(parts.get(i), channel.voidPromise());
                    }
                }
                wrote = true;
            } else if (body == null && metrics.enabled()) {
                long now = System.nanoTime();
                metrics.served(next.header.apiKey(), next.header.apiVersion(), next.arrived, next.dispatched,
                        next.handled, next.completed, now, now, null);
            }
        }
        if (wrote) {
            channel.flush();
        }
        if (closing && pending.isEmpty()) {
            channel.close();
        } else if (pending.size() < MAX_PENDING_RESPONSES / 2 && !closing && !throttled()) {
            channel.channel().config().setAutoRead(true);
        }
    }

    /** Stops reading for {@code throttleMs} (none when 0): the client is over a quota (KIP-219). */
    private void throttle(int throttleMs) {
        if (throttleMs <= 0) {
            return;
        }
        throttles++;
        channel.channel().config().setAutoRead(false);
        channel.executor().schedule(this::endThrottle, throttleMs, TimeUnit.MILLISECONDS);
    }

    /** Serves what was held and reads again once every throttle given has passed. */
    private void endThrottle() {
        throttles--;
        serveHeld();
        if (!throttled() && !closing && pending.size() < MAX_PENDING_RESPONSES / 2) {
            channel.channel().config().setAutoRead(true);
        }
    }

    private boolean throttled() {
        return throttles > 0 || throttlesDue > 0;
    }

    /**
     * Serves the frames held during a throttle, in order, until one of them earns a throttle again. Called only when
     * a throttle ends (a timer task), never from within {@link #serve}.
     */
    private void serveHeld() {
        while (!throttled() && !held.isEmpty()) {
            ByteBuf frame = held.poll();
            try {
                if (!closing) {
                    serve(channel, frame.nioBuffer());
                }
            } finally {
                frame.release();
            }
        }
    }

    /** Closes once the responses before are sent; {@code reason} null when it was already logged. */
    private void closeAfterPending(String reason) {
        if (reason != null) {
            log.info("Closing connection from {}: {}", channel.channel().remoteAddress(), reason);
        }
        closing = true;
        channel.channel().config().setAutoRead(false);
        drain();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (security.tls() && (cause instanceof DecoderException || cause instanceof SSLException)
                && (cause.getCause() instanceof SSLException || cause instanceof SSLException)) {
            refuseTls(ctx, cause.getCause() != null ? cause.getCause() : cause);
            return;
        }
        if (cause instanceof DecoderException) {
            log.info("Closing connection from {}: {}", ctx.channel().remoteAddress(),
                    cause.getCause() != null ? cause.getCause().getMessage() : cause.getMessage());
        } else if (cause instanceof IOException) {
            log.debug("Connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("Closing connection from {} after an unexpected error", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }
}

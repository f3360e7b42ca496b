package io.lanes.broker.network;

import io.lanes.broker.api.ApiDispatcher;
import io.lanes.broker.quota.QuotaEnforcer;
import io.lanes.broker.security.ListenerSecurity;
import io.lanes.protocol.KafkaFrameDecoder;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The TCP listeners: accept connections and give each its TLS handler (on SSL and SASL_SSL
 * listeners), frame decoder and {@link ConnectionHandler}. All listeners share one acceptor
 * thread and the I/O threads. Thread-safe; {@link #close()} is idempotent.
 */
public final class KafkaServer implements AutoCloseable {
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final List<Channel> serverChannels;
    private final List<Binding> bindings;

    /** One listener to bind: {@code host:port} (port 0 picks a free one) and what its connections ask. */
    public record Binding(String host, int port, ListenerSecurity security) {
    }

    private KafkaServer(EventLoopGroup acceptors, EventLoopGroup workers, List<Channel> serverChannels,
                        List<Binding> bindings) {
        this.acceptors = acceptors;
        this.workers = workers;
        this.serverChannels = serverChannels;
        this.bindings = bindings;
    }

    /** Binds one PLAINTEXT listener on {@code host:port}; connections are accepted after {@link #startAccepting}. */
    public static KafkaServer bind(String host, int port, int maxRequestBytes, int ioThreads, ApiDispatcher dispatcher,
                                   RequestMetrics metrics)
            throws IOException {
        return bind(List.of(new Binding(host, port, ListenerSecurity.plaintext())), maxRequestBytes, ioThreads,
                dispatcher, metrics);
    }

    /** Binds every listener, in order, without client quotas; connections are accepted after {@link #startAccepting}. */
    public static KafkaServer bind(List<Binding> listeners, int maxRequestBytes, int ioThreads, ApiDispatcher dispatcher,
                                   RequestMetrics metrics)
            throws IOException {
        return bind(listeners, maxRequestBytes, ioThreads, dispatcher, metrics, QuotaEnforcer.NONE);
    }

    /** Binds every listener, in order; connections are accepted after {@link #startAccepting}. */
    public static KafkaServer bind(List<Binding> listeners, int maxRequestBytes, int ioThreads, ApiDispatcher dispatcher,
                                   RequestMetrics metrics, QuotaEnforcer quotas)
            throws IOException {
        EventLoopGroup acceptors = new NioEventLoopGroup(1, new DefaultThreadFactory("lanes-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(ioThreads, new DefaultThreadFactory("lanes-io", true));
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(acceptors, workers)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                // Connections wait in the backlog until startAccepting(): the port is known
                // (and advertised) before every API handler is registered.
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true);
        List<Channel> channels = new ArrayList<>();
        Binding binding = null;
        try {
            for (Binding listener : listeners) {
                binding = listener;
                ListenerSecurity security = listener.security();
                Channel channel = bootstrap.clone().childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        if (security.tls()) {
                            ch.pipeline().addLast(security.newSslHandler(ch.remoteAddress()), FileRegionCopier.INSTANCE);
                        }
                        ch.pipeline().addLast(new KafkaFrameDecoder(maxRequestBytes),
                                new ConnectionHandler(dispatcher, metrics, security, quotas));
                    }
                }).bind(new InetSocketAddress(listener.host(), listener.port())).sync().channel();
                channels.add(channel);
            }
            return new KafkaServer(acceptors, workers, channels, List.copyOf(listeners));
        } catch (Exception e) {
            channels.forEach(c -> c.close().syncUninterruptibly());
            workers.shutdownGracefully();
            acceptors.shutdownGracefully();
            throw new IOException("cannot listen on " + binding.host() + ":" + binding.port() + ": " + e.getMessage(), e);
        }
    }

    /** Starts accepting the connections waiting in the backlog and every later one. */
    public void startAccepting() {
        serverChannels.forEach(c -> c.config().setAutoRead(true));
    }

    /** The bound port of the first listener. */
    public int port() {
        return port(0);
    }

    /** The bound port of the {@code index}-th listener, in the order given to {@link #bind(List, int, int, ApiDispatcher, RequestMetrics)}. */
    public int port(int index) {
        return ((InetSocketAddress) serverChannels.get(index).localAddress()).getPort();
    }

    public String host() {
        return ((InetSocketAddress) serverChannels.get(0).localAddress()).getHostString();
    }

    /** The listeners, in bind order. */
    public List<Binding> bindings() {
        return bindings;
    }

    @Override
    public void close() {
        serverChannels.forEach(c -> c.close().syncUninterruptibly());
        acceptors.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

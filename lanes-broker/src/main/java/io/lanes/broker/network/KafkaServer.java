package io.lanes.broker.network;

import io.lanes.broker.api.ApiDispatcher;
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

/**
 * The TCP listener: accepts connections and gives each its frame decoder and
 * {@link ConnectionHandler}. Thread-safe; {@link #close()} is idempotent.
 */
public final class KafkaServer implements AutoCloseable {
    private final EventLoopGroup acceptors;
    private final EventLoopGroup workers;
    private final Channel serverChannel;

    private KafkaServer(EventLoopGroup acceptors, EventLoopGroup workers, Channel serverChannel) {
        this.acceptors = acceptors;
        this.workers = workers;
        this.serverChannel = serverChannel;
    }

    /** Binds {@code host:port} (port 0 picks a free one); connections are accepted after {@link #startAccepting}. */
    public static KafkaServer bind(String host, int port, int maxRequestBytes, int ioThreads, ApiDispatcher dispatcher,
                                   RequestMetrics metrics)
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
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new KafkaFrameDecoder(maxRequestBytes), new ConnectionHandler(dispatcher, metrics));
                    }
                });
        try {
            Channel channel = bootstrap.bind(new InetSocketAddress(host, port)).sync().channel();
            return new KafkaServer(acceptors, workers, channel);
        } catch (Exception e) {
            workers.shutdownGracefully();
            acceptors.shutdownGracefully();
            throw new IOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Starts accepting the connections waiting in the backlog and every later one. */
    public void startAccepting() {
        serverChannel.config().setAutoRead(true);
    }

    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    public String host() {
        return ((InetSocketAddress) serverChannel.localAddress()).getHostString();
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        acceptors.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS);
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

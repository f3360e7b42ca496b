package io.lanes.bench.nullbroker;

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

import java.net.InetSocketAddress;

/**
 * A Kafka-wire server that costs the producer nothing: it answers ApiVersions, Metadata, InitProducerId and Produce
 * ({@link NullApis}) and stores nothing. What a producer reaches against it is the ceiling a real broker on the same
 * machine is measured against. Lanes' frame decoder and codec, Netty with one event loop (accepting and serving).
 *
 * <p>Usage: {@code NullBroker <host> <port> <partitions>}; runs until killed.
 */
public final class NullBroker {

    /** Largest request accepted, Kafka's {@code socket.request.max.bytes} default. */
    private static final int MAX_REQUEST_BYTES = 100 * 1024 * 1024;

    private NullBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 3) {
            System.err.println("usage: NullBroker <host> <port> <partitions>");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        NullApis apis = new NullApis(host, port, Integer.parseInt(args[2]));
        EventLoopGroup loop = new NioEventLoopGroup(1, new DefaultThreadFactory("null-broker", false));
        Channel server = new ServerBootstrap()
                .group(loop)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new KafkaFrameDecoder(MAX_REQUEST_BYTES), new NullRequestHandler(apis));
                    }
                })
                .bind(new InetSocketAddress(host, port)).sync().channel();
        System.out.println("null broker listening on " + host + ":" + port);
        server.closeFuture().sync();
    }
}

package io.lanes.cli;

/**
 * Lets Netty allocate the broker's pooled direct memory the way it does on Java 8: {@code malloc}'d, not zero-filled.
 *
 * <p>Why: on Java 9 and later Netty falls back to {@link java.nio.ByteBuffer#allocateDirect}, which zero-fills each
 * 4 MiB chunk of its pool, so every event loop that answers one request holds 4 MiB resident that it may never use
 * (about a tenth of an idle broker's memory). Netty takes its no-cleaner allocation when it may reach the
 * {@code DirectByteBuffer} constructor by reflection: {@code io.netty.tryReflectionSetAccessible}, set here, and
 * {@code java.nio} opened to it, which the {@code lanes} jar's manifest does ({@code Add-Opens}). On a plain class
 * path (tests) the package stays closed and Netty keeps its fallback. Netty still frees the memory itself and bounds
 * it by the JVM's maximum direct memory.
 *
 * <p>Thread-safety: call from {@code main} before any Netty class is loaded (Netty reads the property once).
 */
final class NettyMemory {
    static final String PROPERTY = "io.netty.tryReflectionSetAccessible";

    private NettyMemory() {
    }

    /** Sets {@value #PROPERTY} to true unless the user set it (a {@code -D} option wins). */
    static void configure() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, "true");
        }
    }
}

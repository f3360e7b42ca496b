package io.lanes.bench;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.OptionalLong;

/**
 * Heap bytes a broker JVM has allocated, read over JMX from {@code com.sun.management.ThreadMXBean}: the sum of
 * {@code getThreadAllocatedBytes} over its live threads (HotSpot counts them from the threads' allocation buffers,
 * at no cost to the broker until read). The JMX agent is started in the broker through the attach API
 * ({@code startLocalManagementAgent}; Kafka's launcher already runs it), after the idle RSS is read, so the agent's
 * few MiB show in the peak RSS of every broker alike. Threads that end between two readings take their bytes with
 * them: the brokers' network, request and flusher threads live for the whole run, so the figure is a slight
 * undercount at most.
 *
 * <p>Not thread-safe. A probe that cannot attach reads nothing (empty), and the report shows n/a.
 */
final class AllocationProbe implements AutoCloseable {

    private final JMXConnector connector;
    private final com.sun.management.ThreadMXBean threads;

    private AllocationProbe(JMXConnector connector, com.sun.management.ThreadMXBean threads) {
        this.connector = connector;
        this.threads = threads;
    }

    /** Attaches to the JVM {@code pid}; empty (with the reason printed) when it cannot. */
    static AllocationProbe attach(long pid) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection connection = connector.getMBeanServerConnection();
            com.sun.management.ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connection,
                    ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
            return new AllocationProbe(connector, threads);
        } catch (Exception e) {
            System.out.println("  allocation probe: cannot attach to " + pid + ": " + e);
            return new AllocationProbe(null, null);
        }
    }

    /** Bytes allocated so far by the broker's live threads, or empty when unavailable. */
    OptionalLong allocatedBytes() {
        if (threads == null) {
            return OptionalLong.empty();
        }
        try {
            long[] bytes = threads.getThreadAllocatedBytes(threads.getAllThreadIds());
            return OptionalLong.of(Arrays.stream(bytes).filter(b -> b > 0).sum());
        } catch (RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    @Override
    public void close() {
        if (connector != null) {
            try {
                connector.close();
            } catch (IOException e) {
                // the broker is going away anyway
            }
        }
    }
}

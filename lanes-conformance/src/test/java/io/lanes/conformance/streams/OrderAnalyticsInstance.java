package io.lanes.conformance.streams;

import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;

import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * One instance of the order analytics application, in this JVM ({@link #start}) or as the main class of a child
 * JVM that a test can kill. The child reports on standard output, one line per event:
 * {@code STATE <state>} on every state change and {@code TASKS <task ids>} each time it reaches RUNNING.
 *
 * <pre>OrderAnalyticsInstance &lt;application id&gt; &lt;topic prefix&gt; &lt;bootstrap servers&gt; &lt;state dir&gt;
 * [&lt;group protocol&gt;]</pre>
 */
public final class OrderAnalyticsInstance {

    private OrderAnalyticsInstance() {
    }

    /** A new, not yet started instance; the caller starts and closes it. */
    static KafkaStreams create(String applicationId, String prefix, String bootstrapServers, Path stateDir) {
        return create(applicationId, prefix, bootstrapServers, stateDir, "classic");
    }

    /** A new, not yet started instance on the given rebalance protocol (classic or streams). */
    static KafkaStreams create(String applicationId, String prefix, String bootstrapServers, Path stateDir,
                               String groupProtocol) {
        return new KafkaStreams(OrderAnalyticsTopology.build(prefix),
                OrderAnalyticsTopology.config(applicationId, bootstrapServers, stateDir, groupProtocol));
    }

    /** The ids of the active tasks of an instance, such as {@code 0_1}, sorted. */
    static Set<String> activeTasks(KafkaStreams streams) {
        Set<String> tasks = new TreeSet<>();
        for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> tasks.add(task.taskId().toString()));
        }
        return tasks;
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 4 && args.length != 5) {
            System.err.println("usage: OrderAnalyticsInstance <application id> <topic prefix> <bootstrap> <state dir> "
                    + "[<group protocol>]");
            System.exit(2);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        KafkaStreams streams = create(args[0], args[1], args[2], Path.of(args[3]),
                args.length == 5 ? args[4] : "classic");
        streams.setStateListener((newState, oldState) -> {
            report("STATE " + newState);
            if (newState == KafkaStreams.State.RUNNING) {
                report("TASKS " + String.join(",", activeTasks(streams)));
            }
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streams.start();
        stopped.await();
        System.exit(1);
    }

    private static synchronized void report(String line) {
        System.out.println(line);
        System.out.flush();
    }
}

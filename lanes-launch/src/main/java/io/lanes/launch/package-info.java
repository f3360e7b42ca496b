/**
 * Starting a broker and waiting until it answers, the one implementation the test kit, the conformance
 * suite, the benchmarks and the demo share. No JUnit here: the demo is production code.
 *
 * <ul>
 *   <li>{@link io.lanes.launch.InProcessLanes}: a Lanes broker in this JVM, on free ports, with its data in a
 *       temporary directory deleted on close.</li>
 *   <li>{@link io.lanes.launch.LanesProcess}: {@code lanes server} in a child JVM, kept on its port and data
 *       across stop, SIGKILL and start.</li>
 *   <li>{@link io.lanes.launch.KafkaBroker}: one Apache Kafka node (KRaft) in a child JVM, likewise;
 *       {@link io.lanes.launch.KafkaNode} is the single node's files and process, for clusters of several.</li>
 *   <li>{@link io.lanes.launch.Readiness}: "answers ApiVersions", the one readiness test;
 *       {@link io.lanes.launch.ChildJvm}: a Java child process whose output goes to a file, killed when this JVM
 *       exits; {@link io.lanes.launch.FreePorts} and {@link io.lanes.launch.Directories}.</li>
 * </ul>
 */
package io.lanes.launch;

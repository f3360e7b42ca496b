package io.lanes.conformance.harness;

import io.lanes.launch.ChildJvm;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds command lines that run a main class in a child JVM on the test JVM's own class path,
 * so Kafka's tools and the Lanes CLI run exactly as the test compiled against them.
 */
public final class JavaCommand {

    /** JVM flags that favour start-up time for short-lived tool runs. */
    public static final List<String> QUICK_START = List.of(
            "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m");

    private JavaCommand() {
    }

    public static List<String> command(String mainClass, List<String> jvmArgs, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(testClassPath());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    public static String javaExecutable() {
        return ChildJvm.javaExecutable();
    }

    /** The class path of this JVM: under Surefire the full test class path. */
    public static String testClassPath() {
        return ChildJvm.classPath();
    }
}

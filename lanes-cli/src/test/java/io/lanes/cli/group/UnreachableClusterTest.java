package io.lanes.cli.group;

import io.lanes.launch.FreePorts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Every command of this area against a port where no broker listens: one line, exit code 2, within --timeout. */
class UnreachableClusterTest {

    @ParameterizedTest
    @ValueSource(strings = {"topic describe t", "topic create t", "topic alter-config t --set retention.ms=1",
            "topic add-partitions t --total 2", "topic delete t", "group list", "group describe g",
            "group reset-offsets g --topic t --to-earliest", "group delete g", "produce --topic t --file pom.xml",
            "consume --topic t --timeout-ms 1000"})
    void shouldSayTheClusterDidNotAnswerWhenNoBrokerListens(String command) throws Exception {
        // given
        int port = FreePorts.pick();
        String[] args = (command + " --bootstrap 127.0.0.1:" + port + " --timeout 2").split(" ");

        // when
        long started = System.nanoTime();
        Cli.Result result = Cli.lanesRaw(args);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        // then
        result.failedWithOneLine("no answer from the cluster in time");
        assertThat(took).isLessThan(Duration.ofSeconds(10));
    }
}

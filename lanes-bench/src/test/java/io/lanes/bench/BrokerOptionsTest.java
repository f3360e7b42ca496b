package io.lanes.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BrokerOptionsTest {

    @Test
    void shouldStartLanesWithTheLaunchersJvmOptionsByDefault() throws IOException {
        // given: the launcher's line java_opts=(${LANES_JAVA_OPTS:-<defaults>}), run from the module directory
        String launcher = Files.readString(Path.of("..", "lanes"));
        Matcher defaults = Pattern.compile("java_opts=\\(\\$\\{LANES_JAVA_OPTS:-([^}]*)}\\)").matcher(launcher);

        // when / then: the benchmark measures what ./lanes runs
        assertThat(defaults.find()).as("java_opts line in ./lanes").isTrue();
        assertThat(BrokerOptions.LANES_LAUNCHER_JVM_OPTIONS).isEqualTo(defaults.group(1));
    }
}

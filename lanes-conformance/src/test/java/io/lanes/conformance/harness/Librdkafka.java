package io.lanes.conformance.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two librdkafka builds the kcat and python3-confluent-kafka scenarios run with. Both tools link
 * {@code librdkafka.so.1}; which build they load is chosen by {@code LD_LIBRARY_PATH} of the child process.
 *
 * <ul>
 *   <li>{@link #DEBIAN}: the system library of Debian's {@code librdkafka1} package (2.0.2 on bookworm), the
 *       one Debian's kcat and python3-confluent-kafka come with;</li>
 *   <li>{@link #CURRENT}: the 2.15 series that today's Python, Go, .NET and JavaScript clients ship, from the
 *       directory named by environment variable {@value #CURRENT_ENV} or system property
 *       {@value #CURRENT_PROPERTY} ({@code .ci/build-librdkafka} builds it). Missing, it fails the test under
 *       {@code CI=true} and skips it locally, like a missing Debian client.</li>
 * </ul>
 *
 * <p>The version a child process actually loaded ({@code rd_kafka_version_str()}) is checked against the
 * build, so a scenario can never silently run the other library. Stateless and thread-safe.
 */
public enum Librdkafka {

    DEBIAN,
    CURRENT;

    public static final String CURRENT_ENV = "LANES_LIBRDKAFKA_CURRENT";
    public static final String CURRENT_PROPERTY = "lanes.conformance.librdkafka.current";
    /** The release series {@code .ci/build-librdkafka} builds. */
    public static final String CURRENT_SERIES = "2.15.";

    private static final Pattern KCAT_LIBRDKAFKA = Pattern.compile("librdkafka (\\d+\\.\\d+\\.\\d+)");

    /**
     * The environment a child process needs to load this build. For {@link #DEBIAN} it clears an inherited
     * {@code LD_LIBRARY_PATH}, so the dynamic loader falls back to the system library.
     */
    public Map<String, String> environment() {
        return Map.of("LD_LIBRARY_PATH", this == DEBIAN ? "" : currentDirectory().toString());
    }

    /**
     * The version {@code kcat -V} reports when run with {@link #environment()}, checked to be this build's.
     *
     * @return the loaded version, e.g. {@code 2.15.1}
     */
    public LibrdkafkaVersion loadedByKcat(Path kcat) {
        ProcessResult probe = CommandRunner.run(List.of(kcat.toString(), "-V"), Duration.ofSeconds(30), null,
                environment());
        Matcher matcher = KCAT_LIBRDKAFKA.matcher(probe.stdout() + probe.stderr());
        assertThat(matcher.find()).as("kcat -V names the librdkafka it loaded: " + probe.describe()).isTrue();
        return checked(matcher.group(1));
    }

    /**
     * The version {@code confluent_kafka.libversion()} reports when run with {@link #environment()}, checked
     * to be this build's.
     */
    public LibrdkafkaVersion loadedByPython(Path python) {
        ProcessResult probe = CommandRunner.run(List.of(python.toString(), "-c",
                "import confluent_kafka; print(confluent_kafka.libversion()[0])"), Duration.ofSeconds(30), null,
                environment());
        assertThat(probe.exitCode()).as(probe.describe()).isZero();
        return checked(probe.stdout().strip());
    }

    /**
     * Checks that {@code reported} (a {@code rd_kafka_version_str()} a scenario printed) is this build's
     * version and returns it parsed.
     */
    public LibrdkafkaVersion checked(String reported) {
        String expected = this == DEBIAN ? debianVersion() : CURRENT_SERIES;
        String description = "librdkafka loaded for " + this + " (expected " + expected
                + (this == DEBIAN ? ", Debian's librdkafka1" : "x, from " + currentDirectory()) + ")";
        if (this == DEBIAN) {
            assertThat(reported).as(description).isEqualTo(expected);
        } else {
            assertThat(reported).as(description).startsWith(expected);
        }
        return LibrdkafkaVersion.parse(reported);
    }

    private static Path currentDirectory() {
        Optional<String> configured = Optional.ofNullable(System.getProperty(CURRENT_PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(CURRENT_ENV)))
                .filter(dir -> !dir.isBlank());
        if (configured.isEmpty()) {
            ExternalTools.missing("the current librdkafka is not configured (environment " + CURRENT_ENV
                    + " or -D" + CURRENT_PROPERTY + " naming the directory of its librdkafka.so.1; "
                    + ".ci/build-librdkafka builds it)");
        }
        Path dir = Path.of(configured.orElseThrow()).toAbsolutePath();
        if (!Files.isRegularFile(dir.resolve("librdkafka.so.1"))) {
            ExternalTools.missing(dir + " holds no librdkafka.so.1 (" + CURRENT_ENV + ")");
        }
        return dir;
    }

    /** The upstream version of Debian's {@code librdkafka1} package, e.g. {@code 2.0.2} for {@code 2.0.2-1}. */
    private static String debianVersion() {
        ProcessResult query = CommandRunner.run(List.of("dpkg-query", "-W", "-f=${Version}", "librdkafka1"),
                Duration.ofSeconds(30));
        if (query.exitCode() != 0 || query.stdout().isBlank()) {
            ExternalTools.missing("Debian's librdkafka1 is not installed: " + query.describe());
        }
        String version = query.stdout().strip();
        version = version.substring(version.indexOf(':') + 1); // drop an epoch
        int revision = version.lastIndexOf('-');
        version = revision > 0 ? version.substring(0, revision) : version;
        int tilde = version.indexOf('~');
        return tilde > 0 ? version.substring(0, tilde) : version;
    }
}

package io.lanes.cli.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code lanes plan partitions} from given rates: no cluster needed. */
class PartitionsCommandTest {

    @Test
    void shouldReproduceSeedArticle001WhenPeakIs50000AndConsumersDo2000() {
        // when
        CliRun run = CliRun.of("plan", "partitions", "--peak-rate", "50000", "--per-consumer-rate", "2000",
                "--headroom", "20%");

        // then
        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out().lines()).startsWith(
                "peak rate:         50000 records/s (given)",
                "per-consumer rate: 2000 records/s (given)",
                "headroom:          20%",
                "minimum:           25 partitions = ceil(peak rate / per-consumer rate) = ceil(50000 / 2000)",
                "recommended:       30 partitions = ceil(minimum * (1 + headroom)) = ceil(25 * 1.2)",
                "at the peak:       5 partitions above the minimum; each of 30 consumers 83% busy");
        assertThat(run.out()).contains("note: key space not checked", "adding them to a keyed topic remaps keys");
    }

    @ParameterizedTest
    @ValueSource(strings = {"20%", "0.2", "20 %"})
    void shouldRecommend30WhenHeadroomIsWrittenAsPercentOrFraction(String headroom) {
        // when
        CliRun run = CliRun.of("plan", "partitions", "--peak-rate", "50000", "--per-consumer-rate", "2000",
                "--headroom", headroom);

        // then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("recommended:       30 partitions");
    }

    @Test
    void shouldDefaultTo20PercentHeadroomWhenNoneIsGiven() {
        // when
        CliRun run = CliRun.of("plan", "partitions", "--peak-rate", "50000", "--per-consumer-rate", "2000");

        // then
        assertThat(run.out()).contains("headroom:          20%", "recommended:       30 partitions");
    }

    @Test
    void shouldWarnWhenTheGivenKeySpaceIsUnder1000Keys() {
        // when
        CliRun run = CliRun.of("plan", "partitions", "--peak-rate", "50000", "--per-consumer-rate", "2000", "--keys", "400");

        // then
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("keys:              400 distinct (given)",
                "warning: only 400 distinct keys (under 1,000)");
    }

    @Test
    void shouldPrintOneJsonDocumentWhenAskedForJson() throws Exception {
        // when
        CliRun run = CliRun.of("plan", "partitions", "--peak-rate", "50000", "--per-consumer-rate", "2000",
                "--headroom", "0.2", "--output", "json");

        // then
        assertThat(run.exitCode()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.at("/plan/minimum").asLong()).isEqualTo(25);
        assertThat(json.at("/plan/recommended").asLong()).isEqualTo(30);
        assertThat(json.at("/plan/peakRate/source").asText()).isEqualTo("given");
        assertThat(json.at("/plan/recommendedRule").asText()).isEqualTo("ceil(minimum * (1 + headroom)) = ceil(25 * 1.2)");
    }

    @Test
    void shouldExitWith2AndOneLineWhenInputIsBad() {
        // given
        String[][] bad = {
                {"--peak-rate", "50000", "--per-consumer-rate", "2000", "--headroom", "lots"},
                {"--peak-rate", "50000", "--per-consumer-rate", "2000", "--headroom", "-10%"},
                {"--peak-rate", "50000", "--per-consumer-rate", "2000", "--headroom", "20"},
                {"--peak-rate", "0", "--per-consumer-rate", "2000"},
                {"--peak-rate", "50000", "--per-consumer-rate", "-1"},
                {"--peak-rate", "fast", "--per-consumer-rate", "2000"},
                {"--per-consumer-rate", "2000"},
                {"--peak-rate", "50000"},
                {"--peak-rate", "50000", "--group", "g"},
                {"--peak-rate", "50000", "--per-consumer-rate", "2000", "--keys", "0"},
                {"--peak-rate", "50000", "--per-consumer-rate", "2000", "--window", "soon"},
        };

        for (String[] args : bad) {
            // when
            String[] all = new String[args.length + 2];
            all[0] = "plan";
            all[1] = "partitions";
            System.arraycopy(args, 0, all, 2, args.length);
            CliRun run = CliRun.of(all);

            // then
            assertThat(run.exitCode()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(run.out()).as(String.join(" ", args)).isEmpty();
            assertThat(run.err().lines().findFirst().orElse("")).as(String.join(" ", args))
                    .doesNotContain("Exception").isNotBlank();
            assertThat(run.err()).as(String.join(" ", args)).doesNotContain("\tat ");
        }
    }
}

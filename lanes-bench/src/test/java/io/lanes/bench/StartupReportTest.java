package io.lanes.bench;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StartupReportTest {

    @Test
    void shouldReportMediansAndRatiosToKafkaWhenEveryTargetRan() {
        // given
        Map<String, List<Double>> spawned = new LinkedHashMap<>();
        spawned.put("launcher", List.of(300.0, 200.0, 240.0));
        spawned.put("kafka", List.of(2000.0, 2400.0, 2600.0, 2200.0));

        // when
        String report = new StartupReport(spawned, List.of(), List.of()).render();

        // then
        assertThat(report).containsPattern("launcher\\s+240\\s+200\\s+300\\s+3\\s+0\\.10");
        assertThat(report).containsPattern("kafka\\s+2300\\s+2000\\s+2600\\s+4\\s+1\\.00");
        assertThat(report).contains("./lanes server median 240 ms <= 250 ms: MET");
    }

    @Test
    void shouldJudgeInProcessStartsWithoutTheColdFirstWhenSeveralRan() {
        // given
        List<Double> inProcess = List.of(900.0, 40.0, 70.0, 45.0);

        // when
        String goals = new StartupReport(Map.of(), inProcess, List.of()).goals();

        // then
        assertThat(goals).contains("LanesBroker.start median (after the first) 45.0 ms <= 50 ms: MET");
    }

    @Test
    void shouldMarkAMissAndListFailuresWhenTheLauncherIsSlow() {
        // given
        Map<String, List<Double>> spawned = Map.of("launcher", List.of(600.0, 700.0));

        // when
        String report = new StartupReport(spawned, List.of(), List.of("kafka round 1: did not answer")).render();

        // then
        assertThat(report).contains("./lanes server median 650 ms <= 250 ms: MISS");
        assertThat(report).contains("failures:\n  kafka round 1: did not answer");
    }
}

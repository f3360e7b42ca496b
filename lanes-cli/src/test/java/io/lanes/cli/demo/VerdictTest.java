package io.lanes.cli.demo;

import io.lanes.cli.demo.RunRecord.Change;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictTest {

    private static TestRun cleanRun() {
        TestRun run = new TestRun(1, "billing");
        run.produce(0, 1, 0);
        run.produce(0, 1, 1);
        run.change("billing", "billing-1", Change.JOINED, 0, false);
        run.member("billing", "billing-1").assign(0, 0).deliver(run, 10, 0, 0, 1);
        return run.commitEverything();
    }

    @Test
    void shouldPassAndSayWhatWasCheckedWhenEveryCheckHolds() {
        // given
        Verdict verdict = Verdict.of(cleanRun().build(100));

        // when
        StringWriter text = new StringWriter();
        verdict.print(new PrintWriter(text));

        // then
        assertThat(verdict.passed()).isTrue();
        assertThat(text.toString())
                .contains("PASS  " + CompletenessCheck.TITLE)
                .contains("PASS  " + OrderCheck.TITLE)
                .contains("PASS  " + OwnershipCheck.TITLE)
                .contains("PASS  " + RebalanceAnalysis.TITLE)
                .contains("PASS  " + CommitCheck.TITLE)
                .contains("PASS  " + Verdict.CLIENTS_TITLE)
                .contains("RESULT: PASS - all 6 checks hold");
    }

    @Test
    void shouldFailWhenAClientReportedAnErrorEvenIfTheDataLooksRight() {
        // given
        Verdict verdict = Verdict.of(cleanRun().error("the producer reported: boom").build(100));

        // when
        StringWriter text = new StringWriter();
        verdict.print(new PrintWriter(text));

        // then
        assertThat(verdict.passed()).isFalse();
        assertThat(text.toString())
                .contains("FAIL  " + Verdict.CLIENTS_TITLE)
                .contains("   !!   the producer reported: boom")
                .contains("RESULT: FAIL - 1 of 6 checks failed");
    }

    @Test
    void shouldShowAFewExamplesAndTheCountWhenThereAreManyViolations() {
        // given: ten events, none received
        TestRun run = new TestRun(1, "billing");
        for (int seq = 0; seq < 10; seq++) {
            run.produce(0, 1, seq);
        }
        Verdict verdict = Verdict.of(run.commitEverything().build(100));

        // when
        StringWriter text = new StringWriter();
        verdict.print(new PrintWriter(text));

        // then
        assertThat(text.toString()).contains("   !!   ... 10 violations in all");
    }
}

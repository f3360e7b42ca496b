package io.lanes.bench.processor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionLogTest {
    @TempDir
    Path dir;

    @Test
    void shouldCountRepeatsAcrossFilesWhenReadAsTheyGrow() throws Exception {
        // given: a killed run whose last line is torn, and a resumed run that repeats one record
        Path killed = dir.resolve("killed");
        Path resumed = dir.resolve("resumed");
        try (CompletionLog log = new CompletionLog(killed)) {
            log.append(0, 1);
            log.append(0, 2);
        }
        Files.writeString(killed, "1 ", StandardOpenOption.APPEND);
        CompletionLog.Tally tally = new CompletionLog.Tally();

        // when
        tally.refresh(List.of(killed, resumed));
        long linesBeforeResume = tally.lines(killed);
        try (CompletionLog log = new CompletionLog(resumed)) {
            log.append(0, 2);
            log.append(1, 7);
        }
        tally.refresh(List.of(killed, resumed));

        // then: the torn line is never counted, the repeat is counted once
        assertThat(linesBeforeResume).isEqualTo(2);
        assertThat(tally.lines(resumed)).isEqualTo(2);
        assertThat(tally.distinct()).isEqualTo(3);
        assertThat(tally.repeated()).isEqualTo(1);
        assertThat(Files.readString(killed, StandardCharsets.US_ASCII)).endsWith("1 ");
    }
}

package io.lanes.ops.records;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineRecordsTest {

    @Test
    void shouldSplitAtTheFirstSeparatorWhenKeysAreAsked() throws Exception {
        // given
        var in = new BufferedReader(new StringReader("k1:v:1\n\nk2:\n:v3\n"));
        var headers = List.of(LineRecords.header("source=cli"));

        // when
        List<OutgoingRecord> records = LineRecords.parse(in, ":", headers);

        // then
        assertThat(records).containsExactly(
                new OutgoingRecord("k1", "v:1", headers),
                new OutgoingRecord("k2", "", headers),
                new OutgoingRecord("", "v3", headers));
    }

    @Test
    void shouldKeepTheWholeLineAsValueWhenNoSeparatorIsGiven() throws Exception {
        // given
        var in = new BufferedReader(new StringReader("a:b\nc"));

        // when
        List<OutgoingRecord> records = LineRecords.parse(in, null, List.of());

        // then
        assertThat(records).extracting(OutgoingRecord::key).containsOnlyNulls();
        assertThat(records).extracting(OutgoingRecord::value).containsExactly("a:b", "c");
    }

    @Test
    void shouldNameTheLineWhenItLacksTheSeparator() {
        // given
        var in = new BufferedReader(new StringReader("k1=v1\nno separator\n"));

        // when / then
        assertThatThrownBy(() -> LineRecords.parse(in, "=", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("line 2 has no key separator '='");
    }

    @Test
    void shouldParseHeadersWhoseValueHoldsEqualsSigns() {
        // given / when / then
        assertThat(LineRecords.header("trace=a=b")).isEqualTo(Map.entry("trace", "a=b"));
        assertThat(LineRecords.header("empty=")).isEqualTo(Map.entry("empty", ""));
        assertThatThrownBy(() -> LineRecords.header("=x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LineRecords.header("nothing")).isInstanceOf(IllegalArgumentException.class);
    }
}

package io.lanes.ops.records;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns lines of text into records as {@code kafka-console-producer.sh} does: one record per line,
 * the whole line as value, or with a key separator {@code key<sep>value} split at the first
 * separator (a line without it is an error naming its line number). Every line gets the same
 * headers. Empty lines are skipped. Stateless.
 */
public final class LineRecords {
    private LineRecords() {
    }

    /**
     * Parses one {@code name=value} header ({@code --header}); the value may be empty or contain {@code =}.
     *
     * @throws IllegalArgumentException when there is no {@code =} or no name
     */
    public static Map.Entry<String, String> header(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0) {
            throw new IllegalArgumentException("invalid header '" + text + "': expected NAME=VALUE");
        }
        return new AbstractMap.SimpleImmutableEntry<>(text.substring(0, eq), text.substring(eq + 1));
    }

    /**
     * Reads every line of {@code in} first, so that a malformed line fails the whole input before any
     * record is sent.
     *
     * @param keySeparator null or empty: no keys
     * @throws IllegalArgumentException for a line without the key separator
     */
    public static List<OutgoingRecord> parse(BufferedReader in, String keySeparator,
                                             List<Map.Entry<String, String>> headers) throws IOException {
        List<OutgoingRecord> records = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.isEmpty()) {
                continue;
            }
            records.add(record(line, number, keySeparator, headers));
        }
        return records;
    }

    static OutgoingRecord record(String line, int number, String keySeparator, List<Map.Entry<String, String>> headers) {
        if (keySeparator == null || keySeparator.isEmpty()) {
            return new OutgoingRecord(null, line, headers);
        }
        int at = line.indexOf(keySeparator);
        if (at < 0) {
            throw new IllegalArgumentException("line " + number + " has no key separator '" + keySeparator + "'");
        }
        return new OutgoingRecord(line.substring(0, at), line.substring(at + keySeparator.length()), headers);
    }
}

package io.lanes.cli.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prints a command's result as an aligned text table or as JSON (Jackson: records, maps and lists
 * serialize as they are). One instance per command run; not thread-safe.
 */
public final class Printer {
    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final PrintWriter out;
    private final OutputOptions.Format format;

    public Printer(PrintWriter out, OutputOptions.Format format) {
        this.out = out;
        this.format = format;
    }

    public boolean json() {
        return format == OutputOptions.Format.JSON;
    }

    /** Prints {@code value} as one JSON document (whatever the format). */
    public void printJson(Object value) {
        try {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
    }

    /** Prints {@code value} as JSON, or the rows as a table under {@code headers}. */
    public void print(Object value, List<String> headers, List<List<String>> rows) {
        if (json()) {
            printJson(value);
        } else {
            table(headers, rows);
        }
    }

    /** An aligned table: columns as wide as their widest cell, two spaces apart. */
    public void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size() && i < widths.length; i++) {
                widths[i] = Math.max(widths[i], String.valueOf(row.get(i)).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size() && i < widths.length; i++) {
                String cell = String.valueOf(row.get(i));
                line.append(cell);
                if (i < row.size() - 1) {
                    line.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    /** A line of text (table format only; JSON output carries it in its document). */
    public void line(String text) {
        if (!json()) {
            out.println(text);
            out.flush();
        }
    }

    /** Key-value pairs, one per line, for a single object in table format. */
    public void pairs(Map<String, ?> pairs) {
        int width = pairs.keySet().stream().mapToInt(String::length).max().orElse(0);
        pairs.forEach((k, v) -> out.println(k + ":" + " ".repeat(width - k.length() + 1) + v));
        out.flush();
    }
}

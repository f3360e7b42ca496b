package io.lanes.registry;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Avro evolution cases (fields added and removed with and without defaults, type
 * promotions, enum symbols, unions, renames) under every compatibility level: the expected
 * verdicts are the Avro specification's schema resolution rules, written out here, and each is
 * checked twice: against Apache Avro's own {@link SchemaCompatibility} directly, and through
 * the registry's {@link CompatibilityChecker}.
 */
class AvroEvolutionTableTest {

    /** One change from {@code oldSchema} to {@code newSchema}: can the new read old data, can the old read new data. */
    record Case(String name, String oldSchema, String newSchema, boolean newReadsOld, boolean oldReadsNew) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static String record(String fields) {
        return "{\"type\":\"record\",\"name\":\"R\",\"fields\":[" + fields + "]}";
    }

    private static String field(String name, String type) {
        return "{\"name\":\"" + name + "\",\"type\":" + type + "}";
    }

    private static String field(String name, String type, String defaultValue) {
        return "{\"name\":\"" + name + "\",\"type\":" + type + ",\"default\":" + defaultValue + "}";
    }

    private static String enumOf(String symbols, String defaultSymbol) {
        return record(field("e", "{\"type\":\"enum\",\"name\":\"E\",\"symbols\":[" + symbols + "]"
                + (defaultSymbol == null ? "" : ",\"default\":\"" + defaultSymbol + "\"") + "}"));
    }

    static List<Case> cases() {
        String a = field("a", "\"int\"");
        return List.of(
                new Case("add field with default", record(a), record(a + "," + field("b", "\"string\"", "\"x\"")),
                        true, true),
                new Case("add field without default", record(a), record(a + "," + field("b", "\"string\"")),
                        false, true),
                new Case("remove field with default", record(a + "," + field("b", "\"string\"", "\"x\"")), record(a),
                        true, true),
                new Case("remove field without default", record(a + "," + field("b", "\"string\"")), record(a),
                        true, false),
                new Case("promote int to long", record(a), record(field("a", "\"long\"")), true, false),
                new Case("narrow long to int", record(field("a", "\"long\"")), record(a), false, true),
                new Case("promote float to double", record(field("a", "\"float\"")), record(field("a", "\"double\"")),
                        true, false),
                new Case("promote int to double", record(a), record(field("a", "\"double\"")), true, false),
                new Case("string to bytes", record(field("a", "\"string\"")), record(field("a", "\"bytes\"")),
                        true, true),
                new Case("int to string", record(a), record(field("a", "\"string\"")), false, false),
                new Case("add enum symbol", enumOf("\"A\",\"B\"", null), enumOf("\"A\",\"B\",\"C\"", null),
                        true, false),
                new Case("remove enum symbol", enumOf("\"A\",\"B\",\"C\"", null), enumOf("\"A\",\"B\"", null),
                        false, true),
                new Case("add enum symbol, old enum has a default", enumOf("\"A\",\"B\"", "A"),
                        enumOf("\"A\",\"B\",\"C\"", "A"), true, true),
                new Case("make a field nullable", record(a), record(field("a", "[\"null\",\"int\"]")), true, false),
                new Case("add a union branch", record(field("a", "[\"null\",\"string\"]")),
                        record(field("a", "[\"null\",\"string\",\"int\"]")), true, false),
                new Case("remove a union branch", record(field("a", "[\"null\",\"string\",\"int\"]")),
                        record(field("a", "[\"null\",\"string\"]")), false, true),
                new Case("rename a field without alias", record(a), record(field("b", "\"int\"")), false, false),
                new Case("rename a field with an alias", record(a),
                        record("{\"name\":\"b\",\"type\":\"int\",\"aliases\":[\"a\"]}"), true, false),
                new Case("rename the record", record(a), record(a).replace("\"R\"", "\"S\""), false, false));
    }

    static Stream<Arguments> casesAndLevels() {
        List<Arguments> arguments = new ArrayList<>();
        for (Case c : cases()) {
            for (CompatibilityLevel level : CompatibilityLevel.values()) {
                arguments.add(Arguments.of(c, level));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldMatchApacheAvrosVerdictWhenAChangeIsJudgedDirectly(Case c) {
        // given
        Schema oldSchema = new Schema.Parser().parse(c.oldSchema());
        Schema newSchema = new Schema.Parser().parse(c.newSchema());

        // when
        boolean newReadsOld = SchemaCompatibility.checkReaderWriterCompatibility(newSchema, oldSchema).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;
        boolean oldReadsNew = SchemaCompatibility.checkReaderWriterCompatibility(oldSchema, newSchema).getType()
                == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE;

        // then
        assertThat(newReadsOld).as("new schema reads old data").isEqualTo(c.newReadsOld());
        assertThat(oldReadsNew).as("old schema reads new data").isEqualTo(c.oldReadsNew());
    }

    @ParameterizedTest(name = "{0} under {1}")
    @MethodSource("casesAndLevels")
    void shouldGiveTheLevelsVerdictWhenTheRegistryJudgesAChange(Case c, CompatibilityLevel level) {
        // given
        ParsedSchema oldSchema = SchemaParser.parse(SchemaType.AVRO, c.oldSchema(), List.of());
        ParsedSchema newSchema = SchemaParser.parse(SchemaType.AVRO, c.newSchema(), List.of());
        boolean expected = switch (level) {
            case NONE -> true;
            case BACKWARD, BACKWARD_TRANSITIVE -> c.newReadsOld();
            case FORWARD, FORWARD_TRANSITIVE -> c.oldReadsNew();
            case FULL, FULL_TRANSITIVE -> c.newReadsOld() && c.oldReadsNew();
        };

        // when
        List<String> problems = CompatibilityChecker.check(level, newSchema,
                List.of(new CompatibilityChecker.Previous(1, oldSchema)));

        // then
        assertThat(problems.isEmpty()).as(problems.toString()).isEqualTo(expected);
    }

    @Test
    void shouldCompareWithEveryVersionOnlyWhenTheLevelIsTransitive() {
        // given v1 {a}, v2 {a, b with default}, v3 {a, b without default}: v3 reads v2's data, not v1's
        String a = field("a", "\"int\"");
        ParsedSchema v1 = SchemaParser.parse(SchemaType.AVRO, record(a), List.of());
        ParsedSchema v2 = SchemaParser.parse(SchemaType.AVRO, record(a + "," + field("b", "\"string\"", "\"x\"")),
                List.of());
        ParsedSchema v3 = SchemaParser.parse(SchemaType.AVRO, record(a + "," + field("b", "\"string\"")), List.of());
        List<CompatibilityChecker.Previous> newestFirst = List.of(new CompatibilityChecker.Previous(2, v2),
                new CompatibilityChecker.Previous(1, v1));

        // when
        List<String> backward = CompatibilityChecker.check(CompatibilityLevel.BACKWARD, v3, newestFirst);
        List<String> transitive = CompatibilityChecker.check(CompatibilityLevel.BACKWARD_TRANSITIVE, v3, newestFirst);

        // then
        assertThat(backward).isEmpty();
        assertThat(transitive).contains("{oldSchemaVersion: 1}", "{compatibility: 'BACKWARD_TRANSITIVE'}")
                .anyMatch(m -> m.contains("READER_FIELD_MISSING_DEFAULT_VALUE"));
    }
}

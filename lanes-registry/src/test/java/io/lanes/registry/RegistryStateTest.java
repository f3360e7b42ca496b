package io.lanes.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Applying the {@code _schemas} log: the earlier record wins a race for a subject version or an
 * id, tombstones remove, settings set and unset. Every instance applies the same log, so these
 * rules are what makes instances agree.
 */
class RegistryStateTest {

    private static SchemaVersion version(String subject, int version, int id, String schema) {
        return new SchemaVersion(subject, version, id, schema, SchemaType.AVRO, List.of(), false);
    }

    private static void apply(RegistryState state, SchemaVersion v) {
        state.apply(LogRecords.schemaKey(v.subject(), v.version()), LogRecords.schemaValue(v));
    }

    @Test
    void shouldKeepTheEarlierRecordWhenTwoSchemasClaimOneSubjectVersion() {
        // given
        RegistryState state = new RegistryState();
        apply(state, version("s", 1, 1, "\"string\""));

        // when
        apply(state, version("s", 1, 2, "\"int\""));

        // then
        assertThat(state.version("s", 1)).get().extracting(SchemaVersion::schema).isEqualTo("\"string\"");
        assertThat(state.schemaById(2)).isEmpty();
        assertThat(state.maxId()).isEqualTo(1);
    }

    @Test
    void shouldKeepTheEarlierSchemaWhenTwoSchemasClaimOneId() {
        // given
        RegistryState state = new RegistryState();
        apply(state, version("a", 1, 7, "\"string\""));

        // when
        apply(state, version("b", 1, 7, "\"int\""));
        apply(state, version("c", 1, 7, "\"string\""));

        // then
        assertThat(state.version("b", 1)).isEmpty();
        assertThat(state.usesOf(7, false)).extracting(SchemaVersion::subject).containsExactly("a", "c");
    }

    @Test
    void shouldApplySoftDeletesAndTombstonesWhenReplayed() {
        // given
        RegistryState state = new RegistryState();
        SchemaVersion v1 = version("s", 1, 1, "\"string\"");
        apply(state, v1);
        apply(state, version("s", 2, 2, "\"int\""));

        // when
        apply(state, v1.asDeleted());
        state.apply(LogRecords.schemaKey("s", 2), null);

        // then
        assertThat(state.versions("s", false)).isEmpty();
        assertThat(state.versions("s", true)).extracting(SchemaVersion::version).containsExactly(1);
        assertThat(state.schemaById(2)).isEmpty();
        assertThat(state.schemaById(1)).isPresent();
        assertThat(state.subjects(false)).isEmpty();
        assertThat(state.subjects(true)).containsExactly("s");
    }

    @Test
    void shouldSetAndUnsetLevelsAndModesWhenConfigRecordsArrive() {
        // given
        RegistryState state = new RegistryState();

        // when
        state.apply(LogRecords.configKey(null), LogRecords.configValue(CompatibilityLevel.FULL));
        state.apply(LogRecords.configKey("s"), LogRecords.configValue(CompatibilityLevel.NONE));
        state.apply(LogRecords.modeKey(null), LogRecords.modeValue(Mode.READONLY));
        state.apply(LogRecords.configKey("s"), null);

        // then
        assertThat(state.globalLevel()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(state.subjectLevel("s")).isEmpty();
        assertThat(state.globalMode()).isEqualTo(Mode.READONLY);
    }

    @Test
    void shouldSkipRecordsItDoesNotKnowWhenTheTopicHoldsThem() {
        // given
        RegistryState state = new RegistryState();

        // when: Confluent's NOOP key, and bytes that are not JSON
        state.apply("{\"keytype\":\"NOOP\",\"magic\":0}".getBytes(), null);
        state.apply("not json".getBytes(), "x".getBytes());

        // then
        assertThat(state.isEmpty()).isTrue();
    }
}

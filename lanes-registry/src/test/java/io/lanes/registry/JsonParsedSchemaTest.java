package io.lanes.registry;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** JSON Schemas: meta-schema validation, references served by name, the read check. */
class JsonParsedSchemaTest {

    @Test
    void shouldResolveAReferenceByItsNameWhenTheReferencedSchemaIsGiven() {
        // given
        String address = "{\"type\":\"object\",\"properties\":{\"street\":{\"type\":\"string\"}}}";
        String customer = "{\"type\":\"object\",\"properties\":{\"home\":{\"$ref\":\"address.json\"}}}";

        // when
        ParsedSchema parsed = SchemaParser.parse(SchemaType.JSON, customer,
                List.of(new ParsedSchema.Resolved("address.json", address)));

        // then
        assertThat(parsed.canonical()).isEqualTo(customer);
        assertThatThrownBy(() -> SchemaParser.parse(SchemaType.JSON, customer, List.of()))
                .as("the same schema without the reference").isInstanceOf(RegistryException.class);
    }

    @Test
    void shouldRefuseASchemaWhenItBreaksTheMetaSchema() {
        assertThatThrownBy(() -> SchemaParser.parse(SchemaType.JSON, "{\"type\":\"object\",\"required\":\"id\"}",
                List.of())).isInstanceOfSatisfying(RegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(42201);
                    assertThat(e.getMessage()).startsWith("Invalid schema");
                });
        assertThatThrownBy(() -> SchemaParser.parse(SchemaType.JSON, "[1]", List.of()))
                .isInstanceOf(RegistryException.class);
    }

    @Test
    void shouldFindTheChangesThatBreakReadersWhenComparingVersions() {
        // given
        ParsedSchema open = SchemaParser.parse(SchemaType.JSON, "{\"type\":\"object\",\"properties\":{"
                + "\"id\":{\"type\":\"integer\"}}}", List.of());
        ParsedSchema openWithName = SchemaParser.parse(SchemaType.JSON, "{\"type\":\"object\",\"properties\":{"
                + "\"id\":{\"type\":\"number\"},\"name\":{\"type\":\"string\"}}}", List.of());
        ParsedSchema closed = SchemaParser.parse(SchemaType.JSON, Schemas.JSON_V1, List.of());
        ParsedSchema closedWithName = SchemaParser.parse(SchemaType.JSON, Schemas.JSON_V2, List.of());

        // then
        assertThat(closedWithName.readProblems(closed)).as("a property added to a closed model").isEmpty();
        assertThat(closed.readProblems(closedWithName)).as("a property removed from a closed model")
                .anyMatch(p -> p.contains("PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL"));
        assertThat(openWithName.readProblems(open)).as("a property added to an open model, as Confluent judges it")
                .anyMatch(p -> p.contains("PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL"))
                .noneMatch(p -> p.contains("TYPE_CHANGED"));
        assertThat(open.readProblems(openWithName)).as("number no longer reads as integer")
                .anyMatch(p -> p.contains("TYPE_CHANGED"));
    }
}

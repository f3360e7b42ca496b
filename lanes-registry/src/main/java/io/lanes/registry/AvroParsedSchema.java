package io.lanes.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

import java.util.ArrayList;
import java.util.List;

/**
 * An Avro schema. Whether one schema reads another's data is Apache Avro's own
 * {@link SchemaCompatibility} (the resolution rules of the Avro specification): no rule here is
 * ours. The canonical text is Avro's {@link Schema#toString()} (as Confluent's), or, when the
 * schema refers to others, the request's JSON without insignificant white space (Avro would
 * inline the referenced types).
 */
final class AvroParsedSchema implements ParsedSchema {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Schema schema;
    private final String canonical;

    private AvroParsedSchema(Schema schema, String canonical) {
        this.schema = schema;
        this.canonical = canonical;
    }

    /** Parses {@code text} after the schemas it refers to (in dependency order); 42201 when Avro refuses it. */
    static AvroParsedSchema parse(String text, List<Resolved> references) {
        Schema.Parser parser = new Schema.Parser();
        try {
            for (Resolved reference : references) {
                parser.parse(reference.schema());
            }
            Schema schema = parser.parse(text);
            String canonical = references.isEmpty() ? schema.toString() : JSON.writeValueAsString(JSON.readTree(text));
            return new AvroParsedSchema(schema, canonical);
        } catch (AvroRuntimeException | JsonProcessingException | IllegalArgumentException e) {
            throw RegistryException.invalidSchema("Invalid schema " + text + " of type AVRO, details: " + e.getMessage());
        }
    }

    Schema schema() {
        return schema;
    }

    @Override
    public SchemaType type() {
        return SchemaType.AVRO;
    }

    @Override
    public String canonical() {
        return canonical;
    }

    @Override
    public List<String> readProblems(ParsedSchema writer) {
        Schema writerSchema = ((AvroParsedSchema) writer).schema;
        SchemaCompatibility.SchemaPairCompatibility result =
                SchemaCompatibility.checkReaderWriterCompatibility(schema, writerSchema);
        List<String> problems = new ArrayList<>();
        for (SchemaCompatibility.Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            problems.add(ParsedSchema.problem(incompatibility.getType().name(),
                    incompatibility.getMessage() + " (path '" + incompatibility.getLocation() + "')",
                    incompatibility.getLocation()));
        }
        return problems;
    }
}

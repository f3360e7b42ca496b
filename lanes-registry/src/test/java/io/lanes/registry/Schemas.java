package io.lanes.registry;

/** Schemas the tests register: an Avro record in versions that evolve, and JSON Schemas. */
final class Schemas {
    private Schemas() {
    }

    static final String USER_V1 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"io.example\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"}]}";
    /** v1 plus a field with a default: backward compatible. */
    static final String USER_V2 = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"io.example\",\"fields\":["
            + "{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null}]}";
    /** v2 plus a field without a default: not backward compatible (old data has no value for it). */
    static final String USER_V3_INCOMPATIBLE = "{\"type\":\"record\",\"name\":\"User\",\"namespace\":\"io.example\","
            + "\"fields\":[{\"name\":\"id\",\"type\":\"long\"},{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"email\",\"type\":[\"null\",\"string\"],\"default\":null},{\"name\":\"age\",\"type\":\"int\"}]}";

    static final String JSON_V1 = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}},"
            + "\"required\":[\"id\"],\"additionalProperties\":false}";
    /** v1 with a new optional property: backward compatible (v1 was closed). */
    static final String JSON_V2 = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
            + "\"name\":{\"type\":\"string\"}},\"required\":[\"id\"],\"additionalProperties\":false}";
    /** id changed to a string: incompatible. */
    static final String JSON_V3_INCOMPATIBLE = "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},"
            + "\"required\":[\"id\"],\"additionalProperties\":false}";
}

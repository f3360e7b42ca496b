package io.lanes.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Confluent Schema Registry's REST resources mapped onto {@link SchemaRegistry}: request JSON in,
 * response JSON out, with Confluent's field names ({@code schemaType} and {@code references}
 * left out when AVRO / empty). Stateless and thread-safe.
 */
final class Routes {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A response: a JSON body, or raw schema text for the {@code /schema} resources. */
    record Response(int status, Object body) {
        static Response ok(Object body) {
            return new Response(200, body);
        }
    }

    private final SchemaRegistry registry;

    Routes(SchemaRegistry registry) {
        this.registry = registry;
    }

    Response handle(HttpRequest request) {
        List<String> p = request.path();
        String method = request.method();
        if (p.isEmpty()) {
            return only(method, "GET", () -> Response.ok(JSON.createObjectNode()));
        }
        return switch (p.get(0)) {
            case "subjects" -> subjects(request, p, method);
            case "schemas" -> schemas(request, p, method);
            case "compatibility" -> compatibility(request, p, method);
            case "config" -> config(request, p, method);
            case "mode" -> mode(request, p, method);
            default -> throw notFound();
        };
    }

    private Response subjects(HttpRequest request, List<String> p, String method) {
        boolean deleted = request.flag("deleted");
        if (p.size() == 1) {
            return only(method, "GET", () -> Response.ok(array(registry.subjects(deleted))));
        }
        String subject = p.get(1);
        if (p.size() == 2) {
            return switch (method) {
                case "POST" -> Response.ok(versionJson(registry.lookup(subject, candidate(request), deleted)));
                case "DELETE" -> Response.ok(array(registry.deleteSubject(subject, request.flag("permanent"))));
                default -> throw methodNotAllowed();
            };
        }
        if (!p.get(2).equals("versions")) {
            throw notFound();
        }
        if (p.size() == 3) {
            return switch (method) {
                case "GET" -> Response.ok(array(registry.versions(subject, deleted)));
                case "POST" -> register(request, subject);
                default -> throw methodNotAllowed();
            };
        }
        VersionId version = VersionId.parse(p.get(3));
        if (p.size() == 4) {
            return switch (method) {
                case "GET" -> Response.ok(versionJson(registry.version(subject, version, deleted)));
                case "DELETE" -> Response.ok(registry.deleteVersion(subject, version, request.flag("permanent")));
                default -> throw methodNotAllowed();
            };
        }
        if (p.size() == 5 && p.get(4).equals("schema")) {
            return only(method, "GET", () -> Response.ok(registry.version(subject, version, deleted).schema()));
        }
        if (p.size() == 5 && p.get(4).equals("referencedby")) {
            return only(method, "GET", () -> Response.ok(array(registry.referencedBy(subject, version))));
        }
        throw notFound();
    }

    private Response register(HttpRequest request, String subject) {
        JsonNode body = request.json();
        Integer id = body.hasNonNull("id") ? body.get("id").asInt() : null;
        Integer version = body.hasNonNull("version") ? body.get("version").asInt() : null;
        int registered = registry.register(subject, candidate(body), id, version);
        return Response.ok(JSON.createObjectNode().put("id", registered));
    }

    private Response schemas(HttpRequest request, List<String> p, String method) {
        if (p.size() == 2 && p.get(1).equals("types")) {
            return only(method, "GET", () -> Response.ok(array(List.of(SchemaType.JSON.name(), SchemaType.AVRO.name()))));
        }
        if (p.size() < 3 || !p.get(1).equals("ids")) {
            throw notFound();
        }
        int id = parseId(p.get(2));
        if (p.size() == 3) {
            return only(method, "GET", () -> {
                SchemaVersion v = registry.schemaById(id);
                ObjectNode body = JSON.createObjectNode();
                typeAndReferences(body, v);
                return Response.ok(body.put("schema", v.schema()));
            });
        }
        if (p.size() == 4) {
            boolean deleted = request.flag("deleted");
            return switch (p.get(3)) {
                case "schema" -> only(method, "GET", () -> Response.ok(registry.schemaById(id).schema()));
                case "subjects" -> only(method, "GET", () -> Response.ok(array(registry.usesOf(id, deleted).stream()
                        .map(SchemaVersion::subject).distinct().toList())));
                case "versions" -> only(method, "GET", () -> {
                    ArrayNode uses = JSON.createArrayNode();
                    registry.usesOf(id, deleted).forEach(v -> uses.addObject().put("subject", v.subject())
                            .put("version", v.version()));
                    return Response.ok(uses);
                });
                default -> throw notFound();
            };
        }
        throw notFound();
    }

    private Response compatibility(HttpRequest request, List<String> p, String method) {
        if (p.size() < 4 || p.size() > 5 || !p.get(1).equals("subjects") || !p.get(3).equals("versions")) {
            throw notFound();
        }
        VersionId version = p.size() == 5 ? VersionId.parse(p.get(4)) : null;
        return only(method, "POST", () -> {
            List<String> problems = registry.testCompatibility(p.get(2), version, candidate(request));
            ObjectNode body = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
            if (request.flag("verbose")) {
                body.set("messages", array(problems));
            }
            return Response.ok(body);
        });
    }

    private Response config(HttpRequest request, List<String> p, String method) {
        if (p.size() > 2) {
            throw notFound();
        }
        String subject = p.size() == 2 ? p.get(1) : null;
        return switch (method) {
            case "GET" -> {
                CompatibilityLevel level;
                if (subject == null) {
                    level = registry.globalLevel();
                } else if (request.flag("defaultToGlobal")) {
                    level = registry.level(subject);
                } else {
                    level = registry.subjectLevel(subject)
                            .orElseThrow(() -> RegistryException.subjectCompatibilityNotConfigured(subject));
                }
                yield Response.ok(JSON.createObjectNode().put("compatibilityLevel", level.name()));
            }
            case "PUT" -> {
                JsonNode body = request.json();
                CompatibilityLevel level = CompatibilityLevel.parse(body.path("compatibility").asText(null));
                registry.setLevel(subject, level);
                yield Response.ok(JSON.createObjectNode().put("compatibility", level.name()));
            }
            case "DELETE" -> Response.ok(JSON.createObjectNode().put("compatibilityLevel",
                    registry.deleteLevel(subject).name()));
            default -> throw methodNotAllowed();
        };
    }

    private Response mode(HttpRequest request, List<String> p, String method) {
        if (p.size() > 2) {
            throw notFound();
        }
        String subject = p.size() == 2 ? p.get(1) : null;
        return switch (method) {
            case "GET" -> {
                Mode mode;
                if (subject == null) {
                    mode = registry.globalMode();
                } else if (request.flag("defaultToGlobal")) {
                    mode = registry.subjectMode(subject).orElse(registry.globalMode());
                } else {
                    mode = registry.subjectMode(subject)
                            .orElseThrow(() -> RegistryException.subjectModeNotConfigured(subject));
                }
                yield Response.ok(JSON.createObjectNode().put("mode", mode.name()));
            }
            case "PUT" -> {
                Mode mode = Mode.parse(request.json().path("mode").asText(null));
                registry.setMode(subject, mode, request.flag("force"));
                yield Response.ok(JSON.createObjectNode().put("mode", mode.name()));
            }
            case "DELETE" -> {
                if (subject == null) {
                    throw methodNotAllowed();
                }
                yield Response.ok(JSON.createObjectNode().put("mode", registry.deleteMode(subject).name()));
            }
            default -> throw methodNotAllowed();
        };
    }

    private static SchemaRegistry.Candidate candidate(HttpRequest request) {
        return candidate(request.json());
    }

    private static SchemaRegistry.Candidate candidate(JsonNode body) {
        JsonNode schema = body.get("schema");
        if (schema == null || schema.isNull()) {
            throw RegistryException.invalidSchema("Empty schema");
        }
        if (!schema.isTextual()) {
            throw new RegistryException(400, 400, "Cannot deserialize value of type `java.lang.String` from "
                    + schema.getNodeType() + " (field \"schema\")");
        }
        SchemaType type = SchemaType.parse(body.path("schemaType").asText(null));
        return new SchemaRegistry.Candidate(schema.asText(), type, LogRecords.references(body.get("references")));
    }

    private static ObjectNode versionJson(SchemaVersion v) {
        ObjectNode body = JSON.createObjectNode().put("subject", v.subject()).put("version", v.version())
                .put("id", v.id());
        typeAndReferences(body, v);
        return body.put("schema", v.schema());
    }

    private static void typeAndReferences(ObjectNode body, SchemaVersion v) {
        if (v.type() != SchemaType.AVRO) {
            body.put("schemaType", v.type().name());
        }
        if (!v.references().isEmpty()) {
            body.set("references", LogRecords.references(v.references()));
        }
    }

    private static int parseId(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw notFound();
        }
    }

    private static ArrayNode array(List<?> values) {
        return JSON.valueToTree(values);
    }

    private static Response only(String method, String allowed, java.util.function.Supplier<Response> action) {
        if (!method.equals(allowed)) {
            throw methodNotAllowed();
        }
        return action.get();
    }

    static RegistryException notFound() {
        return new RegistryException(404, 404, "HTTP 404 Not Found");
    }

    static RegistryException methodNotAllowed() {
        return new RegistryException(405, 405, "HTTP 405 Method Not Allowed");
    }
}

package nsplay.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import nsplay.playbook.Param;
import nsplay.playbook.Playbook;
import nsplay.playbook.PlaybookLoader;
import nsplay.playbook.TaskSpec;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;

/** The schema of the real registry: its shape, its completeness, and that it is stable. */
class PlaybookSchemaTest {
  static final Map<String, TaskSpec> SPECS = TaskRegistry.specs();
  static final ObjectNode SCHEMA = PlaybookSchema.generate(SPECS);
  static final JsonNode TASK = SCHEMA.at("/properties/tasks/items");

  static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  /** The types an anyOf list accepts, with "template" for the any-string-with-${...} branch. */
  static List<String> kinds(JsonNode param) {
    List<String> out = new ArrayList<>();
    for (JsonNode alt : param.get("anyOf")) {
      if (PlaybookSchema.TEMPLATE.equals(alt.path("pattern").asText(null))) {
        out.add("template");
      } else if (alt.has("enum")) {
        out.add("enum");
      } else {
        out.add(alt.get("type").asText());
      }
    }
    return out;
  }

  @Test
  void isJsonThatReadsBackToTheSameTree() throws IOException {
    String json = PlaybookSchema.json(SPECS);
    assertEquals(SCHEMA, new ObjectMapper().readTree(json));
    assertTrue(json.endsWith("}\n"), json);
    assertFalse(json.contains("\r"));
  }

  @Test
  void topLevel() {
    assertEquals("http://json-schema.org/draft-07/schema#", SCHEMA.get("$schema").asText());
    assertEquals("object", SCHEMA.get("type").asText());
    assertFalse(SCHEMA.get("additionalProperties").asBoolean());
    assertEquals(List.of("name", "tasks"), texts(SCHEMA.get("required")));
    assertEquals(
        List.of("name", "vars", "hosts", "tasks"),
        new ArrayList<>(iterable(SCHEMA.get("properties").fieldNames())));
    JsonNode name = SCHEMA.at("/properties/name");
    assertEquals("string", name.get("type").asText());
    assertEquals("^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$", name.get("pattern").asText());
    assertTrue(name.has("description"));
    assertEquals("object", SCHEMA.at("/properties/vars/type").asText());
    assertFalse(SCHEMA.at("/properties/vars").has("additionalProperties"));
    assertEquals("array", SCHEMA.at("/properties/tasks/type").asText());
  }

  @Test
  void taskKeywords() {
    JsonNode p = TASK.get("properties");
    assertEquals("object", TASK.get("type").asText());
    assertFalse(TASK.get("additionalProperties").asBoolean());
    for (String s : List.of("name", "loop_var", "register", "import_tasks")) {
      assertEquals("string", p.at("/" + s + "/type").asText(), s);
    }
    assertEquals("string", p.at("/when/anyOf/0/type").asText());
    assertEquals("array", p.at("/when/anyOf/1/type").asText());
    assertEquals("boolean", p.at("/adopt/type").asText());
    assertEquals(List.of("array", "string"), texts(p.at("/loop/type")));
    assertEquals("boolean", p.at("/ignore_errors/type").asText());
    assertEquals("array", p.at("/tags/anyOf/0/type").asText());
    assertEquals("string", p.at("/tags/anyOf/0/items/type").asText());
    assertEquals("string", p.at("/tags/anyOf/1/type").asText());
  }

  /** The schema knows exactly the keywords the loader accepts: one list drives both. */
  @Test
  void keywordsMatchTheLoader() {
    java.util.Set<String> want = new java.util.TreeSet<>(PlaybookLoader.TASK_KEYWORDS);
    want.add(PlaybookLoader.IMPORT);
    want.addAll(SPECS.keySet());
    java.util.Set<String> got = new java.util.TreeSet<>();
    TASK.get("properties").fieldNames().forEachRemaining(got::add);
    assertEquals(want, got);
  }

  @Test
  void exactlyOneTaskTypeOrAnImport() {
    List<List<String>> alternatives = new ArrayList<>();
    TASK.get("oneOf").forEach(alt -> alternatives.add(texts(alt.get("required"))));
    List<List<String>> expected = new ArrayList<>();
    SPECS.keySet().forEach(t -> expected.add(List.of(t)));
    expected.add(List.of("import_tasks"));
    assertEquals(expected, alternatives);
    JsonNode importing = TASK.get("oneOf").get(SPECS.size());
    assertEquals(
        List.of("import_tasks", "name", "when", "tags"),
        texts(importing.at("/propertyNames/enum")));
  }

  @Test
  void everyTaskTypeWithEveryParameter() {
    JsonNode props = TASK.get("properties");
    for (TaskSpec spec : SPECS.values()) {
      JsonNode t = props.get(spec.type());
      assertTrue(t != null, spec.type());
      assertEquals(spec.summary(), t.get("description").asText(), spec.type());
      assertFalse(t.get("additionalProperties").asBoolean(), spec.type());
      assertEquals(
          spec.params().stream().map(Param::name).toList(),
          new ArrayList<>(iterable(t.get("properties").fieldNames())),
          spec.type());
      List<String> required =
          spec.params().stream().filter(Param::required).map(Param::name).toList();
      assertEquals(required, t.has("required") ? texts(t.get("required")) : List.of());
      for (Param p : spec.params()) {
        JsonNode s = t.get("properties").get(p.name());
        String where = spec.type() + "." + p.name();
        assertEquals(p.help(), s.get("description").asText(), where);
        assertEquals(p.defaultValue() != null, s.has("default"), where);
        List<String> kinds = kinds(s);
        assertEquals("template", kinds.get(kinds.size() - 1), where);
        if (!p.choices().isEmpty()) {
          assertEquals(p.choices(), texts(s.at("/anyOf/0/enum")), where);
        }
      }
    }
  }

  @Test
  void vethCreate() {
    JsonNode veth = TASK.at("/properties/veth_create");
    assertEquals("object", veth.get("type").asText());
    assertEquals(List.of("name", "peer"), texts(veth.get("required")));
    JsonNode up = veth.at("/properties/up");
    assertEquals(List.of("boolean", "enum", "template"), kinds(up));
    assertTrue(up.get("default").isBoolean());
    assertTrue(up.get("default").asBoolean());
    JsonNode name = veth.at("/properties/name");
    assertEquals(List.of("string", "template"), kinds(name));
    assertEquals(15, name.at("/anyOf/0/maxLength").asInt());
    assertEquals(PlaybookSchema.IFNAME, name.at("/anyOf/0/pattern").asText());
    assertEquals(PlaybookSchema.NETNS, veth.at("/properties/netns/anyOf/0/pattern").asText());
  }

  @Test
  void typesOfTheOtherParameters() {
    JsonNode p = TASK.get("properties");
    assertEquals(List.of("integer", "template"), kinds(p.at("/ping/properties/count")));
    assertEquals(3, p.at("/ping/properties/count/default").asInt());
    assertEquals(
        List.of("string", "number", "boolean"),
        texts(p.at("/sysctl/properties/value/anyOf/0/type")));
    assertEquals(
        PlaybookSchema.SYSCTL_KEY, p.at("/sysctl/properties/name/anyOf/0/pattern").asText());
    assertEquals(
        PlaybookSchema.CIDR, p.at("/addr_assign/properties/address/anyOf/0/pattern").asText());
    assertEquals(PlaybookSchema.IP, p.at("/ping/properties/to/anyOf/0/pattern").asText());
    assertEquals(
        PlaybookSchema.ROUTE_DST, p.at("/route_add/properties/to/anyOf/0/pattern").asText());
  }

  @Test
  void deterministic() {
    assertEquals(PlaybookSchema.json(SPECS), PlaybookSchema.json(TaskRegistry.specs()));
    assertEquals(SCHEMA, PlaybookSchema.generate(TaskRegistry.specs()));
  }

  /** No schema validator is on the class path; at least every key the playbooks use is known. */
  @Test
  void theRepositoryPlaybooksUseOnlyWhatTheSchemaDescribes() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(Path.of("..", "playbooks"))) {
      files = s.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
    }
    assertFalse(files.isEmpty());
    Set<String> seen = new TreeSet<>();
    for (Path f : files) {
      Playbook pb = new PlaybookLoader(SPECS).load(f);
      assertTrue(pb.name().matches(SCHEMA.at("/properties/name/pattern").asText()), f.toString());
      for (nsplay.playbook.TaskSource t : pb.tasks()) {
        JsonNode type = TASK.get("properties").get(t.type());
        assertTrue(type != null && type.has("properties"), f + ": " + t.type());
        java.util.Set<String> params = new java.util.HashSet<>(t.fixed().keySet());
        params.addAll(t.templated().keySet());
        for (String param : params) {
          assertTrue(type.get("properties").has(param), f + ": " + t.type() + "." + param);
        }
        seen.add(t.type());
      }
    }
    assertTrue(seen.contains("veth_create"), seen.toString());
  }

  static <T> List<T> iterable(java.util.Iterator<T> it) {
    List<T> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}

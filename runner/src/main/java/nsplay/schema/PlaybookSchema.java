package nsplay.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskSpec;

/**
 * A JSON Schema of playbooks, generated from the task specs the loader validates with, so that an
 * editor (the YAML language server) completes and checks playbooks by the same rules as {@code
 * nsplay validate}.
 *
 * <p>Draft-07, not 2020-12: the YAML language server validates with draft-07 (its 2019-09/2020-12
 * support was merged and reverted), and this schema uses no keyword that differs between the two.
 */
public final class PlaybookSchema {
  public static final String DRAFT = "http://json-schema.org/draft-07/schema#";

  /** Any string with a template in it: its value is only known when the playbook runs. */
  public static final String TEMPLATE = ".*\\$\\{.*\\}.*";

  /** As PlaybookLoader.LAB_NAME: lab names become directory, nft table and alias names. */
  static final String LAB_NAME = "^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$";

  /** dev_valid_name: not empty, not . or .., no '/', ':' or whitespace; 15 bytes at most. */
  static final String IFNAME = "^(?!\\.\\.?$)[^/:\\s]+$";

  /**
   * A file name under /run/netns: printable, no space, no '/', not . or .., no leading '-'; 255
   * bytes at most, which a pattern can only bound in characters (the loader counts the bytes).
   */
  static final String NETNS = "^(?!host$)(?!\\.\\.?$)(?!-)[^\\x00-\\x20\\x7f/]{1,255}$";

  /** As Ip.parse: dotted quad, octets 0-255 with at most 3 digits (leading zeros allowed). */
  static final String IPV4;

  /** As Ip.parse: 8 groups of 1-4 hex digits, or fewer around one "::"; no embedded IPv4. */
  static final String IPV6;

  static final String IP;

  /** As Cidr.parse: ADDRESS/LENGTH, the length 1-3 digits and at most the address's bits. */
  static final String CIDR;

  /** A prefix, or the word default. */
  static final String ROUTE_DST;

  /** As ParamType.hostname: labels of letters, digits, '-' and '_' joined by dots. */
  static final String HOSTNAME =
      "^[A-Za-z0-9_][A-Za-z0-9_-]{0,62}(?:\\.[A-Za-z0-9_][A-Za-z0-9_-]{0,62})*\\.?$";

  /** Under net., parts separated by '.' or '/', none empty. */
  static final String SYSCTL_KEY = "^net\\.[^./]+(?:[./][^./]+)*$";

  static {
    String octet = "(?:25[0-5]|2[0-4][0-9]|[01]?[0-9]?[0-9])";
    String v4 = octet + "(?:\\." + octet + "){3}";
    String h = "[0-9A-Fa-f]{1,4}";
    String v6 =
        String.join(
            "|",
            "(?:" + h + ":){7}" + h,
            "(?:" + h + ":){1,7}:",
            "(?:" + h + ":){1,6}:" + h,
            "(?:" + h + ":){1,5}(?::" + h + "){1,2}",
            "(?:" + h + ":){1,4}(?::" + h + "){1,3}",
            "(?:" + h + ":){1,3}(?::" + h + "){1,4}",
            "(?:" + h + ":){1,2}(?::" + h + "){1,5}",
            h + ":(?::" + h + "){1,6}",
            ":(?:(?::" + h + "){1,7}|:)");
    String len4 = "(?:0{0,2}[0-9]|0?[12][0-9]|0?3[0-2])";
    String len6 = "(?:0{0,2}[0-9]|0?[1-9][0-9]|1[01][0-9]|12[0-8])";
    String cidr = "(?:" + v4 + "/" + len4 + "|(?:" + v6 + ")/" + len6 + ")";
    IPV4 = "^" + v4 + "$";
    IPV6 = "^(?:" + v6 + ")$";
    IP = "^(?:" + v4 + "|" + v6 + ")$";
    CIDR = "^" + cidr + "$";
    ROUTE_DST = "^(?:default|" + cidr + ")$";
  }

  /** What SnakeYAML (YAML 1.1) reads as a boolean but a YAML 1.2 editor reads as a string. */
  private static final List<String> YAML11_BOOLS =
      List.of("yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF");

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private PlaybookSchema() {}

  /** The schema of playbooks whose task types are {@code specs}. */
  public static ObjectNode generate(Map<String, TaskSpec> specs) {
    ObjectNode root = F.objectNode();
    root.put("$schema", DRAFT);
    root.put("title", "nsplay playbook");
    root.put("description", "A network-namespace lab: its name and the tasks that build it.");
    root.put("type", "object");
    ObjectNode props = root.putObject("properties");
    ObjectNode name = props.putObject("name");
    name.put("type", "string");
    name.put("pattern", LAB_NAME);
    name.put(
        "description",
        "The lab's name: 1-40 letters, digits, '-' or '_', starting with a letter or digit."
            + " Its state lives under /run/nsplay/NAME.");
    ObjectNode vars = props.putObject("vars");
    vars.put("type", "object");
    vars.put("description", "Variables, free-form; tasks use them as ${name}.");
    ObjectNode hosts = props.putObject("hosts");
    hosts.put("type", "boolean");
    hosts.put(
        "description",
        "true: write /etc/netns/NS/hosts for every namespace of the lab, naming every lab address"
            + " (a hosts_file task after the last building task).");
    ObjectNode tasks = props.putObject("tasks");
    tasks.put("type", "array");
    tasks.put("description", "The tasks, run in order.");
    tasks.set("items", task(specs));
    root.put("additionalProperties", false);
    root.set("required", strings(List.of("name", "tasks")));
    return root;
  }

  /** The schema as pretty-printed JSON, two-space indents and '\n' line ends on every platform. */
  public static String json(Map<String, TaskSpec> specs) {
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultIndenter("  ", "\n"));
    try {
      return MAPPER.writer(printer).writeValueAsString(generate(specs)) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode task(Map<String, TaskSpec> specs) {
    ObjectNode task = F.objectNode();
    task.put("type", "object");
    task.put(
        "description",
        "One task: exactly one task type ("
            + String.join(", ", specs.keySet())
            + ") with its parameters, or import_tasks.");
    ObjectNode props = task.putObject("properties");
    props.set("name", typed("string", "What the task is for; printed as it runs."));
    ObjectNode when = props.putObject("when");
    when.put("description", "Run the task only when this condition holds (or all of a list).");
    ArrayNode whenAny = when.putArray("anyOf");
    whenAny.addObject().put("type", "string");
    whenAny.addObject().put("type", "array").putObject("items").put("type", "string");
    ObjectNode loop = props.putObject("loop");
    loop.set("type", strings(List.of("array", "string")));
    loop.put("description", "Run the task once per item (a list, or a template giving one).");
    props.set("loop_var", typed("string", "The name of the loop item (default item)."));
    props.set("register", typed("string", "Keep the task's result in this variable."));
    ObjectNode tags = props.putObject("tags");
    tags.put("description", "Tags to select tasks by.");
    ArrayNode tagsAny = tags.putArray("anyOf");
    ObjectNode tagList = tagsAny.addObject();
    tagList.put("type", "array");
    tagList.putObject("items").put("type", "string");
    tagsAny.addObject().put("type", "string");
    props.set("ignore_errors", typed("boolean", "Go on with the next task if this one fails."));
    props.set(
        "adopt",
        typed(
            "boolean",
            "Use what the task would create if it exists and is not the lab's (down leaves it)."));
    props.set("import_tasks", typed("string", "A file of tasks to run here, instead of a type."));
    specs.forEach((type, spec) -> props.set(type, taskType(spec)));
    task.put("additionalProperties", false);
    // Exactly one task type, or an import: each alternative requires its key, and a task with
    // two keys matches two alternatives, which oneOf rejects.
    ArrayNode oneOf = task.putArray("oneOf");
    specs.keySet().forEach(type -> oneOf.addObject().set("required", strings(List.of(type))));
    ObjectNode importing = oneOf.addObject();
    importing.set("required", strings(List.of("import_tasks")));
    importing
        .putObject("propertyNames")
        .set("enum", strings(List.of("import_tasks", "name", "when", "tags")));
    return task;
  }

  private static ObjectNode taskType(TaskSpec spec) {
    List<String> required =
        spec.params().stream().filter(Param::required).map(Param::name).toList();
    ObjectNode node = F.objectNode();
    if (required.isEmpty()) {
      // `type:` with nothing after it is an empty mapping to the loader.
      node.set("type", strings(List.of("object", "null")));
    } else {
      node.put("type", "object");
    }
    node.put("description", spec.summary());
    ObjectNode props = node.putObject("properties");
    spec.params().forEach(p -> props.set(p.name(), param(p)));
    node.put("additionalProperties", false);
    if (!required.isEmpty()) {
      node.set("required", strings(required));
    }
    return node;
  }

  /** A parameter: its value's schema, and always "or a template". */
  private static ObjectNode param(Param p) {
    ObjectNode node = F.objectNode();
    if (p.help() != null) {
      node.put("description", p.help());
    }
    if (p.defaultValue() != null) {
      node.set("default", MAPPER.valueToTree(p.defaultValue()));
    }
    ArrayNode anyOf = node.putArray("anyOf");
    if (!p.choices().isEmpty()) {
      anyOf.addObject().set("enum", strings(p.choices()));
    } else {
      anyOf.addAll(values(p.type()));
    }
    anyOf.add(pattern(TEMPLATE));
    return node;
  }

  /** What a value of each type may be, besides a template. Exhaustive: a new type must say. */
  private static List<ObjectNode> values(ParamType type) {
    return switch (type) {
      // The loader takes any scalar's text: `value: 1` is the string "1".
      case STRING ->
          List.of(F.objectNode().set("type", strings(List.of("string", "number", "boolean"))));
      case BOOL ->
          List.of(
              F.objectNode().put("type", "boolean"),
              F.objectNode().put("type", "string").set("enum", strings(YAML11_BOOLS)));
      case INT -> List.of(F.objectNode().put("type", "integer"));
      case IFNAME -> List.of(pattern(IFNAME).put("maxLength", 15));
      case NETNS, SERVICE_NAME -> List.of(pattern(NETNS));
      case CHECK_FROM ->
          List.of(
              pattern(NETNS), F.objectNode().put("type", "string").put("const", ParamType.HOST));
      case CIDR, NETWORK -> List.of(pattern(CIDR));
      case IP -> List.of(pattern(IP));
      case ROUTE_DST -> List.of(pattern(ROUTE_DST));
      case SYSCTL_KEY -> List.of(pattern(SYSCTL_KEY));
      case DURATION ->
          List.of(F.objectNode().put("type", "string").put("pattern", "^[0-9]{1,9}(ms|s|m)$"));
      case ENV -> {
        ObjectNode m = F.objectNode().put("type", "object");
        m.set(
            "additionalProperties",
            F.objectNode().set("type", strings(List.of("string", "number", "boolean"))));
        yield List.of(m);
      }
      case READY -> {
        ObjectNode m =
            F.objectNode().put("type", "object").put("minProperties", 1).put("maxProperties", 1);
        ObjectNode props = m.putObject("properties");
        props.putObject("tcp").put("type", "integer").put("minimum", 1).put("maximum", 65535);
        props.putObject("file").put("type", "string").put("pattern", "^/");
        props.putObject("delay").put("type", "string").put("pattern", "^[0-9]{1,9}(ms|s|m)$");
        m.put("additionalProperties", false);
        yield List.of(m);
      }
      case IPS, HOSTNAMES -> {
        ObjectNode list = F.objectNode().put("type", "array");
        list.set("items", type == ParamType.IPS ? pattern(IP) : pattern(HOSTNAME));
        yield List.of(list);
      }
      case HOSTS -> {
        ObjectNode m = F.objectNode().put("type", "object");
        m.set("propertyNames", pattern(HOSTNAME));
        m.set("additionalProperties", pattern(IP));
        yield List.of(m);
      }
      case STRINGS -> {
        ObjectNode items = F.objectNode();
        items.set("type", strings(List.of("string", "number", "boolean")));
        ObjectNode list = F.objectNode().put("type", "array");
        list.set("items", items);
        yield List.of(list);
      }
    };
  }

  private static ObjectNode pattern(String regex) {
    return F.objectNode().put("type", "string").put("pattern", regex);
  }

  private static ObjectNode typed(String type, String description) {
    return F.objectNode().put("type", type).put("description", description);
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = F.arrayNode();
    values.forEach(a::add);
    return a;
  }
}

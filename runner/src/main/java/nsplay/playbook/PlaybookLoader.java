package nsplay.playbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads a playbook into validated tasks, or reports every problem with its place.
 *
 * <p>SnakeYAML is used only to compose a node tree (no object construction at all, so no class can
 * be named from YAML), with limits on aliases, nesting and size. We walk the nodes ourselves
 * because they carry marks: every error can name FILE:LINE:COLUMN.
 */
public final class PlaybookLoader {
  /** Stop after this many problems: a broken file should not flood the terminal. */
  static final int MAX_PROBLEMS = 20;

  /** Lab names become directory names, an nft table name and a link alias: keep them plain. */
  private static final Pattern LAB_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,39}");

  private static final List<String> TOP_KEYS = List.of("name", "tasks");
  private static final List<String> TASK_KEYS = List.of("name");

  private final Map<String, TaskSpec> specs;

  public PlaybookLoader(Map<String, TaskSpec> specs) {
    // Keep the registry's order: it is the order messages list task types in.
    this.specs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(specs));
  }

  public Playbook load(Path file) throws IOException, InvalidPlaybookException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    return parse(file.toString(), text);
  }

  /** Parses {@code text}; {@code fileName} is what error messages call the file. */
  public Playbook parse(String fileName, String text) throws InvalidPlaybookException {
    return new Run(fileName, text).playbook();
  }

  /**
   * Only the lab's name, read leniently: `down FILE` must work even when the rest of the file was
   * since edited into something invalid. Null when there is no usable name.
   */
  public static String labName(Path file) throws IOException {
    try {
      Node root =
          new Yaml(new SafeConstructor(loaderOptions()))
              .compose(new java.io.StringReader(Files.readString(file, StandardCharsets.UTF_8)));
      if (root instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k
              && k.getValue().equals("name")
              && t.getValueNode() instanceof ScalarNode v
              && LAB_NAME.matcher(v.getValue()).matches()) {
            return v.getValue();
          }
        }
      }
    } catch (YAMLException e) {
      return null;
    }
    return null;
  }

  static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(50);
    options.setNestingDepthLimit(50);
    options.setCodePointLimit(4 * 1024 * 1024);
    options.setAllowRecursiveKeys(false);
    return options;
  }

  /** State of one parse: the source lines and the problems found so far. */
  private final class Run {
    private final String fileName;
    private final String text;
    private final String[] lines;
    private final List<Problem> problems = new ArrayList<>();

    Run(String fileName, String text) {
      this.fileName = fileName;
      this.text = text;
      this.lines = text.split("\r?\n", -1);
    }

    Playbook playbook() throws InvalidPlaybookException {
      Node root;
      try {
        root =
            new Yaml(new SafeConstructor(loaderOptions())).compose(new java.io.StringReader(text));
      } catch (MarkedYAMLException e) {
        Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
        String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
        if (e.getContext() != null) {
          what = what + " (" + e.getContext() + ")";
        }
        problems.add(problem(location(m), "malformed YAML: " + what));
        throw new InvalidPlaybookException(problems);
      } catch (YAMLException e) {
        problems.add(problem(new Location(fileName, 1, 1), "cannot read YAML: " + e.getMessage()));
        throw new InvalidPlaybookException(problems);
      }
      if (root == null || isNull(root)) {
        problems.add(problem(new Location(fileName, 1, 1), "the playbook is empty"));
        throw new InvalidPlaybookException(problems);
      }
      if (!(root instanceof MappingNode top)) {
        error(root, "a playbook is a mapping with keys name and tasks");
        throw new InvalidPlaybookException(problems);
      }
      Map<String, NodeTuple> keys = mapping(top, TOP_KEYS, "playbook key");
      String name = null;
      NodeTuple nameTuple = keys.get("name");
      if (nameTuple == null) {
        error(top, "the playbook has no name: add `name: LAB` (the lab's name)");
      } else {
        name = scalarText(nameTuple.getValueNode(), "the lab's name");
        if (name != null && !LAB_NAME.matcher(name).matches()) {
          error(
              nameTuple.getValueNode(),
              "lab name \""
                  + name
                  + "\" must be 1-40 letters, digits, '-' or '_', starting with a "
                  + "letter or digit");
        }
      }
      List<TaskDecl> tasks = new ArrayList<>();
      NodeTuple tasksTuple = keys.get("tasks");
      if (tasksTuple == null) {
        error(top, "the playbook has no tasks: add `tasks:` with a list of tasks");
      } else if (tasksTuple.getValueNode() instanceof SequenceNode seq) {
        int index = 0;
        for (Node item : seq.getValue()) {
          index++;
          if (problems.size() >= MAX_PROBLEMS) {
            break;
          }
          TaskDecl t = task(item, index);
          if (t != null) {
            tasks.add(t);
          }
        }
      } else {
        error(tasksTuple.getValueNode(), "tasks must be a list (each item starts with '- ')");
      }
      if (!problems.isEmpty()) {
        // Keys are checked before values, so sort: the user reads the file top to bottom.
        List<Problem> sorted = new ArrayList<>(problems);
        sorted.sort(
            java.util.Comparator.comparingInt((Problem p) -> p.location().line())
                .thenComparingInt(p -> p.location().column()));
        throw new InvalidPlaybookException(
            sorted.subList(0, Math.min(sorted.size(), MAX_PROBLEMS)));
      }
      return new Playbook(name, fileName, tasks);
    }

    private TaskDecl task(Node item, int index) {
      if (!(item instanceof MappingNode map)) {
        error(item, "a task is a mapping: `- name: ...` and one task type key");
        return null;
      }
      Location where = location(item.getStartMark());
      Set<String> allowed = new LinkedHashSet<>(TASK_KEYS);
      allowed.addAll(specs.keySet());
      Map<String, NodeTuple> keys = mapping(map, allowed, "task key");
      String name = null;
      if (keys.containsKey("name")) {
        name = scalarText(keys.get("name").getValueNode(), "a task name");
      }
      List<String> types = keys.keySet().stream().filter(specs::containsKey).toList();
      if (types.isEmpty()) {
        if (keys.size() == map.getValue().size()) {
          error(
              item,
              "task " + index + " has no task type; one of: " + String.join(", ", specs.keySet()));
        }
        return null;
      }
      if (types.size() > 1) {
        error(
            keys.get(types.get(1)).getKeyNode(),
            "a task has exactly one task type, this one has " + String.join(" and ", types));
        return null;
      }
      String type = types.get(0);
      Args args = args(specs.get(type), keys.get(type), where);
      if (args == null) {
        return null;
      }
      return new TaskDecl(name != null ? name : type, type, args, where);
    }

    private Args args(TaskSpec spec, NodeTuple tuple, Location taskLocation) {
      Node value = tuple.getValueNode();
      Map<String, NodeTuple> given;
      if (value instanceof MappingNode m) {
        List<String> names = spec.params().stream().map(Param::name).toList();
        given = mapping(m, names, "parameter of " + spec.type());
      } else if (isNull(value)) {
        given = Map.of();
      } else {
        error(
            value,
            spec.type()
                + " takes a mapping of parameters ("
                + String.join(", ", spec.params().stream().map(Param::name).toList())
                + ")");
        return null;
      }
      int before = problems.size();
      Map<String, Object> values = new HashMap<>();
      Map<String, Location> locations = new HashMap<>();
      for (Param p : spec.params()) {
        NodeTuple t = given.get(p.name());
        if (t == null) {
          if (p.required()) {
            error(
                tuple.getKeyNode(),
                spec.type()
                    + " needs parameter \""
                    + p.name()
                    + "\" ("
                    + p.type().description()
                    + ")");
          } else if (p.defaultValue() != null) {
            values.put(p.name(), p.defaultValue());
          }
          continue;
        }
        Object v = convert(p, spec, t.getValueNode());
        if (v != null) {
          values.put(p.name(), v);
          locations.put(p.name(), location(t.getValueNode().getStartMark()));
        }
      }
      if (problems.size() != before) {
        return null;
      }
      Args args = new Args(values, locations, taskLocation);
      String problem = spec.check().problem(args);
      if (problem != null) {
        error(tuple.getKeyNode(), problem);
        return null;
      }
      return args;
    }

    private Object convert(Param p, TaskSpec spec, Node node) {
      String what = "parameter \"" + p.name() + "\" of " + spec.type();
      if (!(node instanceof ScalarNode s) || isNull(node)) {
        error(node, what + " must be " + p.type().description());
        return null;
      }
      Tag tag = s.getTag();
      try {
        switch (p.type()) {
          case BOOL:
            if (!tag.equals(Tag.BOOL)) {
              throw new IllegalArgumentException(
                  "expected true or false, got \"" + s.getValue() + "\"");
            }
            return Boolean.parseBoolean(s.getValue().toLowerCase())
                || s.getValue().equalsIgnoreCase("yes")
                || s.getValue().equalsIgnoreCase("on");
          case INT:
            // Plain decimal only: YAML 1.1 reads 010 as octal and 0x10 as hex, which nobody
            // writing a ping count means.
            if (!tag.equals(Tag.INT) || !s.getValue().matches("[-+]?(0|[1-9][0-9_]*)")) {
              throw new IllegalArgumentException(
                  "expected an integer, got \"" + s.getValue() + "\"");
            }
            return Integer.parseInt(s.getValue().replace("_", ""));
          default:
            // Strings take any scalar's text: `value: 1` for a sysctl is the string "1".
            Object v = p.type().convert(s.getValue());
            if (!p.choices().isEmpty() && !p.choices().contains(s.getValue())) {
              throw new IllegalArgumentException(
                  "expected one of "
                      + String.join(", ", p.choices())
                      + ", got \""
                      + s.getValue()
                      + "\""
                      + Suggest.hint(s.getValue(), p.choices()));
            }
            return v;
        }
      } catch (NumberFormatException e) {
        error(node, what + ": \"" + s.getValue() + "\" is out of range");
      } catch (IllegalArgumentException e) {
        error(node, what + ": " + e.getMessage());
      }
      return null;
    }

    /** Keys of a mapping by name, reporting unknown, duplicate and non-string keys. */
    private Map<String, NodeTuple> mapping(
        MappingNode map, java.util.Collection<String> allowed, String what) {
      Map<String, NodeTuple> out = new LinkedHashMap<>();
      for (NodeTuple t : map.getValue()) {
        Node k = t.getKeyNode();
        if (!(k instanceof ScalarNode ks)) {
          error(k, "a " + what + " must be a plain word");
          continue;
        }
        String key = ks.getValue();
        if (out.containsKey(key)) {
          error(
              k,
              "duplicate key \""
                  + key
                  + "\" (first at line "
                  + (out.get(key).getKeyNode().getStartMark().getLine() + 1)
                  + ")");
          continue;
        }
        if (!allowed.contains(key)) {
          error(k, "unknown " + what + " \"" + key + "\"" + Suggest.hint(key, allowed));
          continue;
        }
        out.put(key, t);
      }
      return out;
    }

    private String scalarText(Node node, String what) {
      if (node instanceof ScalarNode s && !isNull(node)) {
        return s.getValue();
      }
      error(node, what + " must be a string");
      return null;
    }

    private boolean isNull(Node node) {
      return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private void error(Node node, String message) {
      problems.add(problem(location(node.getStartMark()), message));
    }

    private Problem problem(Location where, String message) {
      int i = where.line() - 1;
      String source = i >= 0 && i < lines.length ? lines[i] : null;
      return new Problem(where, message, source);
    }

    private Location location(Mark m) {
      return m == null
          ? new Location(fileName, 1, 1)
          : new Location(fileName, m.getLine() + 1, m.getColumn() + 1);
    }
  }
}

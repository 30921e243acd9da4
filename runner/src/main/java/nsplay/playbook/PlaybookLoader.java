package nsplay.playbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

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

  /** The longest lab name, in bytes; LAB_NAME allows ASCII only, so also in characters. */
  static final int MAX_LAB_NAME = 40;

  /** What is wrong with a lab name, in words for the user; null when it is fine. */
  static String labNameProblem(String name) {
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_LAB_NAME) {
      // Said in bytes, as every name limit is: the name becomes a directory, an nft table
      // and part of a link alias, and all of those count bytes.
      return "lab name \""
          + ParamType.abbreviate(name)
          + "\" is "
          + bytes
          + " bytes long; at most "
          + MAX_LAB_NAME
          + " (letters, digits, '-' or '_')";
    }
    if (!LAB_NAME.matcher(name).matches()) {
      return "lab name \""
          + name
          + "\" must be 1-40 letters, digits, '-' or '_', starting with a letter or digit";
    }
    return null;
  }

  /**
   * The lab's name as written, template or not; null when there is none. For a message when {@link
   * #labName} finds none: a templated name needs its variables, which only -e gives.
   */
  public static String writtenLabName(Path file) throws IOException {
    try {
      if (compose(SourceFile.read(file)) instanceof MappingNode m) {
        for (NodeTuple t : m.getValue()) {
          if (t.getKeyNode() instanceof ScalarNode k
              && k.getValue().equals("name")
              && t.getValueNode() instanceof ScalarNode v) {
            return v.getValue();
          }
        }
      }
    } catch (YAMLException e) {
      return null;
    }
    return null;
  }

  private static final List<String> TOP_KEYS = List.of("name", "vars", "tasks", "hosts");

  /** The task type that {@code hosts: true} adds (nsplay.task.HostsFile). */
  static final String HOSTS_FILE = "hosts_file";

  private static final String PLAYBOOK = "a playbook";

  /** Keys a task may have besides its one task type. */
  public static final List<String> TASK_KEYWORDS =
      List.of("name", "when", "loop", "loop_var", "register", "tags", "ignore_errors", "adopt");

  /** A task item that pulls in another file's tasks. */
  public static final String IMPORT = "import_tasks";

  /** Imports deeper than this are surely a cycle the path check missed (links, ..). */
  private static final int MAX_IMPORT_DEPTH = 10;

  /**
   * A plain decimal integer, digits grouped by '_' allowed (YAML 1.1's octal and hex forms are not
   * numbers here). Compiled once: it is matched against every integer scalar.
   */
  static final Pattern DECIMAL = Pattern.compile("[-+]?(0|[1-9][0-9_]*)");

  /** Variable names: what FreeMarker can refer to without quoting. */
  private static final Pattern VAR_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Map<String, TaskSpec> specs;

  public PlaybookLoader(Map<String, TaskSpec> specs) {
    // Keep the registry's order (the order messages list task types in) and its laziness: not
    // copied, so a type's spec is made only when a playbook names it.
    this.specs = java.util.Collections.unmodifiableMap(specs);
  }

  public Playbook load(Path file) throws IOException, InvalidPlaybookException {
    String text = SourceFile.read(file);
    return parse(file.toString(), text);
  }

  /**
   * Parses {@code text}; {@code fileName} is what error messages call the file, and imports are
   * resolved relative to its folder.
   */
  public Playbook parse(String fileName, String text) throws InvalidPlaybookException {
    Result r = read(fileName, text);
    if (!r.problems().isEmpty()) {
      throw new InvalidPlaybookException(r.problems());
    }
    return r.playbook();
  }

  /**
   * What the loader could read and every problem it found (sorted, at most {@link #MAX_PROBLEMS}).
   *
   * @param playbook null when nothing can be checked further (the YAML does not parse, the file is
   *     no mapping); else the playbook, in which a task with problems is marked ({@link
   *     TaskSource.Read}) so that the checks after loading can go on with the rest of it
   */
  public record Result(Playbook playbook, List<Problem> problems) {
    public Result {
      problems = List.copyOf(problems);
    }
  }

  /** Like {@link #parse}, without stopping at problems: see {@link Result}. */
  public Result read(String fileName, String text) {
    Problems problems = new Problems();
    Playbook pb = new FileRun(fileName, text, problems, List.of(fileName)).playbook();
    return new Result(pb, problems.sorted());
  }

  /** Every problem found, across the main file and its imports. */
  private static final class Problems {
    private final List<Problem> list = new ArrayList<>();
    private final List<String> files = new ArrayList<>();

    void add(Problem p) {
      if (!files.contains(p.location().file())) {
        files.add(p.location().file());
      }
      list.add(p);
    }

    boolean full() {
      return list.size() >= MAX_PROBLEMS;
    }

    int size() {
      return list.size();
    }

    List<Problem> sorted() {
      return inOrder(list, files);
    }
  }

  /**
   * {@code problems} as the user reads them: file by file ({@code files} gives their order; a file
   * not in it comes after them in order of first appearance), each top to bottom; each once (a
   * check after loading may come to what the loader said); at most {@link #MAX_PROBLEMS}.
   */
  public static List<Problem> inOrder(List<Problem> problems, List<String> files) {
    List<String> order = new ArrayList<>(files);
    for (Problem p : problems) {
      if (!order.contains(p.location().file())) {
        order.add(p.location().file());
      }
    }
    List<Problem> sorted = new ArrayList<>(problems);
    sorted.sort(
        java.util.Comparator.comparingInt((Problem p) -> order.indexOf(p.location().file()))
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column()));
    List<Problem> out = new ArrayList<>();
    Set<List<Object>> seen = new java.util.HashSet<>();
    for (Problem p : sorted) {
      if (out.size() < MAX_PROBLEMS && seen.add(List.of(p.location(), p.message()))) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Only the lab's name, read leniently: `down FILE` must work even when the rest of the file was
   * since edited into something invalid. Null when there is no usable name.
   */
  public static String labName(Path file) throws IOException {
    try {
      Node root = compose(SourceFile.read(file));
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

  /**
   * The node tree of a YAML document, null when it is empty. Composed directly, as {@code
   * Yaml.compose} does it, but without making a {@code Yaml}: its constructor and representer are
   * never used here, and their set-up starts java.util.logging (about 10 ms of every start).
   */
  static Node compose(String text) {
    LoaderOptions options = loaderOptions();
    return new Composer(
            new ParserImpl(new StreamReader(new java.io.StringReader(text)), options),
            new Resolver(),
            options)
        .getSingleNode();
  }

  /**
   * The plain value of a scalar as playbooks read it: null, a boolean, a decimal integer (int when
   * it fits), a float, else its text. YAML 1.1's octal and hex forms stay text ("010" is not 8).
   */
  static Object scalar(ScalarNode s) {
    Tag tag = s.getTag();
    String v = s.getValue();
    try {
      if (tag.equals(Tag.NULL)) {
        return null;
      } else if (tag.equals(Tag.BOOL)) {
        return v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes") || v.equalsIgnoreCase("on");
      } else if (tag.equals(Tag.INT) && DECIMAL.matcher(v).matches()) {
        long l = Long.parseLong(v.replace("_", ""));
        return l == (int) l ? (Object) (int) l : (Object) l;
      } else if (tag.equals(Tag.FLOAT)) {
        return Double.parseDouble(v.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      return v;
    }
    return v;
  }

  /**
   * The plain value of a node: scalars as {@link #scalar} reads them, lists, and maps with word
   * keys; null for an empty document. A key that is not a word, or comes twice, goes to {@code
   * problem} with its node (the later value wins).
   */
  static Object plain(Node node, java.util.function.BiConsumer<Node, String> problem) {
    if (node instanceof ScalarNode s) {
      return scalar(s);
    }
    if (node instanceof SequenceNode seq) {
      List<Object> out = new ArrayList<>();
      seq.getValue().forEach(n -> out.add(plain(n, problem)));
      return out;
    }
    if (node instanceof MappingNode m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k) {
          if (out.containsKey(k.getValue())) {
            problem.accept(k, "duplicate key \"" + k.getValue() + "\"");
          }
          out.put(k.getValue(), plain(t.getValueNode(), problem));
        } else {
          problem.accept(t.getKeyNode(), "a key must be a plain word");
        }
      }
      return out;
    }
    return null;
  }

  /** Where a YAML syntax error is: its problem's place, else its context's; null if neither. */
  static Mark markOf(MarkedYAMLException e) {
    return e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
  }

  /** What a YAML syntax error says, without the place: "malformed YAML: PROBLEM (CONTEXT)". */
  static String malformed(MarkedYAMLException e) {
    String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
    if (e.getContext() != null) {
      what = what + " (" + e.getContext() + ")";
    }
    return "malformed YAML: " + what;
  }

  /**
   * Whether a composed document starts the way a playbook or task file does: a list whose first
   * item is a mapping (a task), or a mapping whose first key is one of {@code keys} or close to one
   * (a misspelling still gets its "did you mean"). /etc/shadow's first line composes as a mapping
   * whose key is the whole line: that file is not shown.
   */
  static boolean startsLike(Node root, java.util.function.Predicate<String> isKey) {
    if (root instanceof SequenceNode seq) {
      return seq.getValue().isEmpty() || seq.getValue().get(0) instanceof MappingNode;
    }
    if (root instanceof MappingNode m) {
      return m.getValue().isEmpty()
          || m.getValue().get(0).getKeyNode() instanceof ScalarNode k && isKey.test(k.getValue());
    }
    return false;
  }

  /** The same for a document that does not compose: as far as its first events tell. */
  static boolean startsLike(String text, java.util.function.Predicate<String> isKey) {
    try {
      ParserImpl parser =
          new ParserImpl(new StreamReader(new java.io.StringReader(text)), loaderOptions());
      Event e = parser.getEvent();
      while (e.is(Event.ID.StreamStart) || e.is(Event.ID.DocumentStart)) {
        e = parser.getEvent();
      }
      if (e.is(Event.ID.SequenceStart)) {
        Event first = parser.getEvent();
        return first.is(Event.ID.MappingStart) || first.is(Event.ID.SequenceEnd);
      }
      if (e.is(Event.ID.MappingStart)) {
        Event first = parser.getEvent();
        return first.is(Event.ID.MappingEnd)
            || first instanceof ScalarEvent k && isKey.test(k.getValue());
      }
      return false;
    } catch (YAMLException e) {
      return false;
    }
  }

  /** One of {@code keys}, or close to one; a long key is no misspelling (and costs its square). */
  private static java.util.function.Predicate<String> isKey(List<String> keys) {
    return key ->
        keys.contains(key) || key.length() <= 20 && Suggest.closest(key, keys).isPresent();
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

  /** One file being read: its source lines, for carets, and the shared problem list. */
  private final class FileRun {
    private final String fileName;
    private final String text;
    private final String[] lines;
    private final Problems problems;

    /** The chain of files that imported this one, itself last: for cycle detection. */
    private final List<String> chain;

    /**
     * False for a file that is not a playbook at all (import_tasks: /etc/shadow): its lines, and
     * its keys, must not end up in messages.
     */
    private boolean showLines = true;

    FileRun(String fileName, String text, Problems problems, List<String> chain) {
      this.fileName = fileName;
      this.text = text;
      this.lines = text.split("\r?\n", -1);
      this.problems = problems;
      this.chain = chain;
    }

    /**
     * The root node, or null after reporting why there is none. {@code what} is "a playbook" or "a
     * task file", {@code keys} the top keys it has: a file that does not start like one is reported
     * as not being one, without any of its text.
     */
    private Node compose(String what, List<String> keys) {
      try {
        Node root = PlaybookLoader.compose(text);
        if (root == null || isNull(root)) {
          problems.add(problem(new Location(fileName, 1, 1), "the playbook is empty"));
          return null;
        }
        if (!startsLike(root, isKey(keys))) {
          foreign(what, new Location(fileName, 1, 1));
          return null;
        }
        return root;
      } catch (MarkedYAMLException e) {
        if (!startsLike(text, isKey(keys))) {
          foreign(what, location(markOf(e)));
        } else {
          problems.add(problem(location(markOf(e)), malformed(e)));
        }
      } catch (YAMLException e) {
        if (!startsLike(text, isKey(keys))) {
          foreign(what, new Location(fileName, 1, 1));
        } else {
          problems.add(
              problem(new Location(fileName, 1, 1), "cannot read YAML: " + e.getMessage()));
        }
      }
      return null;
    }

    /** Reports a file that is not what it should be, showing none of its lines. */
    private void foreign(String what, Location where) {
      showLines = false;
      problems.add(
          problem(
              where,
              "not "
                  + what
                  + ": it does not start with "
                  + (what.equals(PLAYBOOK)
                      ? "a YAML mapping of name, vars and tasks"
                      : "a YAML list of tasks, or a mapping with tasks")
                  + " (its lines are not shown)"));
    }

    Playbook playbook() {
      Node root = compose(PLAYBOOK, TOP_KEYS);
      if (root == null) {
        return null;
      }
      if (!(root instanceof MappingNode top)) {
        error(root, "a playbook is a mapping with keys name and tasks");
        return null;
      }
      Map<String, NodeTuple> keys = mapping(top, TOP_KEYS, "playbook key");
      String name = null;
      RawValue nameTemplate = null;
      Location nameAt = null;
      NodeTuple nameTuple = keys.get("name");
      if (nameTuple == null) {
        error(top, "the playbook has no name: add `name: LAB` (the lab's name)");
      } else {
        name = scalarText(nameTuple.getValueNode(), "the lab's name");
        nameAt = location(nameTuple.getValueNode().getStartMark());
        if (name != null && name.contains("${")) {
          // Checked once templated, with -e: one playbook for every student.
          nameTemplate = raw(nameTuple.getValueNode());
        } else if (name != null && labNameProblem(name) != null) {
          error(nameTuple.getValueNode(), labNameProblem(name));
        }
      }
      Map<String, RawValue> vars = new LinkedHashMap<>();
      NodeTuple varsTuple = keys.get("vars");
      if (varsTuple != null) {
        vars = vars(varsTuple.getValueNode());
      }
      List<TaskSource> tasks = new ArrayList<>();
      NodeTuple tasksTuple = keys.get("tasks");
      if (tasksTuple == null) {
        error(top, "the playbook has no tasks: add `tasks:` with a list of tasks");
      } else {
        tasks = taskList(tasksTuple.getValueNode());
      }
      NodeTuple hostsTuple = keys.get("hosts");
      if (hostsTuple != null) {
        tasks = withHosts(hostsTuple.getValueNode(), tasks);
      }
      return new Playbook(name, fileName, vars, tasks, nameTemplate, nameAt);
    }

    /**
     * {@code hosts: true}: the tasks with a {@code hosts_file} task without parameters after the
     * last building task (before the checks that follow it), tagged {@code always}, so that the
     * checks may use the names. One kind of object, one task: the flag is only a shorthand.
     */
    private List<TaskSource> withHosts(Node value, List<TaskSource> tasks) {
      if (!(value instanceof ScalarNode s)
          || !s.getTag().equals(org.yaml.snakeyaml.nodes.Tag.BOOL)) {
        error(
            value,
            "hosts must be true or false (true writes /etc/netns/NS/hosts for every namespace"
                + " of the lab; there is no inventory of hosts as in Ansible)");
        return tasks;
      }
      if (!Boolean.parseBoolean(s.getValue())
          && !s.getValue().equalsIgnoreCase("yes")
          && !s.getValue().equalsIgnoreCase("on")) {
        return tasks;
      }
      TaskSpec spec = specs.get(HOSTS_FILE);
      if (spec == null) {
        return tasks;
      }
      for (TaskSource t : tasks) {
        if (HOSTS_FILE.equals(t.type())) {
          error(
              value,
              "hosts: true writes the hosts file of every namespace of the lab, and so does the"
                  + " hosts_file task at "
                  + t.location()
                  + ": keep one of them");
          return tasks;
        }
      }
      int at = 0;
      for (int i = 0; i < tasks.size(); i++) {
        TaskSource t = tasks.get(i);
        if (t.type() == null || !specs.containsKey(t.type()) || !specs.get(t.type()).checks()) {
          at = i + 1;
        }
      }
      List<TaskSource> out = new ArrayList<>(tasks);
      out.add(
          at,
          new TaskSource(
              "hosts files of the lab's namespaces",
              HOSTS_FILE,
              location(value.getStartMark()),
              Map.of(),
              Map.of(),
              Map.of(),
              List.of(),
              null,
              "item",
              null,
              List.of("always"),
              false,
              false,
              Map.of()));
      return out;
    }

    /** A task file for import_tasks: a list of tasks, or a mapping with `tasks:`. */
    List<TaskSource> taskFile() {
      Node root = compose("a task file", List.of("tasks"));
      if (root == null) {
        return List.of(TaskSource.unread(new Location(fileName, 1, 1)));
      }
      if (root instanceof MappingNode m) {
        Map<String, NodeTuple> keys = mapping(m, List.of("tasks"), "task file key");
        return keys.containsKey("tasks") ? taskList(keys.get("tasks").getValueNode()) : List.of();
      }
      return taskList(root);
    }

    private Map<String, RawValue> vars(Node node) {
      Map<String, RawValue> out = new LinkedHashMap<>();
      if (!(node instanceof MappingNode m)) {
        error(node, "vars must be a mapping of names to values");
        return out;
      }
      for (NodeTuple t : m.getValue()) {
        if (!(t.getKeyNode() instanceof ScalarNode k)
            || !VAR_NAME.matcher(k.getValue()).matches()) {
          error(
              t.getKeyNode(),
              "a variable name is letters, digits and '_', not starting with a digit");
          continue;
        }
        if (out.containsKey(k.getValue())) {
          error(
              k,
              "duplicate key \""
                  + k.getValue()
                  + "\" (first at line "
                  + out.get(k.getValue()).location().line()
                  + ")");
          continue;
        }
        out.put(k.getValue(), raw(t.getValueNode()));
      }
      return out;
    }

    private List<TaskSource> taskList(Node node) {
      List<TaskSource> tasks = new ArrayList<>();
      if (!(node instanceof SequenceNode seq)) {
        error(node, "tasks must be a list (each item starts with '- ')");
        tasks.add(TaskSource.unread(location(node.getStartMark())));
        return tasks;
      }
      int index = 0;
      for (Node item : seq.getValue()) {
        index++;
        if (problems.full()) {
          tasks.add(TaskSource.unread(location(item.getStartMark())));
          break;
        }
        tasks.addAll(task(item, index));
      }
      return tasks;
    }

    /** One task item: a task, or the tasks of an import. */
    private List<TaskSource> task(Node item, int index) {
      if (!(item instanceof MappingNode map)) {
        error(item, "a task is a mapping: `- name: ...` and one task type key");
        return List.of(TaskSource.unread(location(item.getStartMark())));
      }
      Location where = location(item.getStartMark());
      Set<String> allowed = new LinkedHashSet<>(TASK_KEYWORDS);
      allowed.add(IMPORT);
      allowed.add("vars");
      allowed.addAll(specs.keySet());
      boolean typed =
          map.getValue().stream()
              .anyMatch(
                  t ->
                      t.getKeyNode() instanceof ScalarNode k
                          && (specs.containsKey(k.getValue()) || k.getValue().equals(IMPORT)));
      Map<String, NodeTuple> keys =
          mapping(map, allowed, "task key", key -> unknownTaskKey(key, allowed, typed));
      int before = problems.size();
      String name = null;
      if (keys.containsKey("name")) {
        name = scalarText(keys.get("name").getValueNode(), "a task name");
      }
      List<Condition> when = conditions(keys.get("when"));
      List<String> tags = tags(keys.get("tags"));
      boolean ignoreErrors =
          keys.containsKey("ignore_errors")
              && bool(keys.get("ignore_errors").getValueNode(), "ignore_errors");
      boolean adopt = keys.containsKey("adopt") && bool(keys.get("adopt").getValueNode(), "adopt");
      String register =
          keys.containsKey("register")
              ? varName(keys.get("register").getValueNode(), "register")
              : null;
      String loopVar =
          keys.containsKey("loop_var")
              ? varName(keys.get("loop_var").getValueNode(), "loop_var")
              : "item";
      RawValue loop = keys.containsKey("loop") ? raw(keys.get("loop").getValueNode()) : null;
      if (loop != null
          && !(loop.value() instanceof List)
          && !(loop.value() instanceof String s && s.contains("${"))) {
        error(
            keys.get("loop").getValueNode(),
            "loop must be a list, or an expression such as ${1..n} or ${names}");
      }
      if (keys.containsKey("loop_var") && loop == null) {
        error(keys.get("loop_var").getKeyNode(), "loop_var without loop");
      }

      List<String> types = keys.keySet().stream().filter(specs::containsKey).toList();
      if (keys.containsKey(IMPORT)) {
        if (!types.isEmpty()) {
          error(
              keys.get(types.get(0)).getKeyNode(),
              "an import_tasks item has no task type of its own");
          return List.of(TaskSource.unread(where));
        }
        for (String k : List.of("register", "ignore_errors", "adopt")) {
          if (keys.containsKey(k)) {
            error(keys.get(k).getKeyNode(), k + " does not apply to import_tasks");
          }
        }
        Map<String, RawValue> vars =
            keys.containsKey("vars") ? vars(keys.get("vars").getValueNode()) : Map.of();
        return imported(keys.get(IMPORT), when, tags, loop, loopVar, vars);
      }
      if (keys.containsKey("vars")) {
        // A task's values are its parameters; vars: is how an import passes values to its file.
        error(keys.get("vars").getKeyNode(), "vars applies to import_tasks only");
        return List.of(TaskSource.unread(where));
      }
      if (types.isEmpty()) {
        if (keys.size() == map.getValue().size()) {
          error(
              item,
              "task " + index + " has no task type; one of: " + String.join(", ", specs.keySet()));
        }
        return List.of(TaskSource.unread(where));
      }
      if (types.size() > 1) {
        error(
            keys.get(types.get(1)).getKeyNode(),
            "a task has exactly one task type, this one has " + String.join(" and ", types));
        return List.of(TaskSource.unread(where));
      }
      String type = types.get(0);
      // A problem with the task's own keywords (its loop, its conditions): nothing of it is usable.
      boolean keywordsRead = problems.size() == before;
      TaskSource t =
          params(
              specs.get(type),
              keys.get(type),
              where,
              name,
              when,
              loop,
              loopVar,
              register,
              tags,
              ignoreErrors,
              adopt);
      if (t == null || !keywordsRead) {
        return List.of(TaskSource.unread(where));
      }
      return List.of(problems.size() != before ? t.partial() : t);
    }

    /**
     * The tasks of an imported file, with the import's conditions and tags added, and its loop:
     * each imported task runs once per item, so that one task file serves every student.
     */
    private List<TaskSource> imported(
        NodeTuple tuple,
        List<Condition> when,
        List<String> tags,
        RawValue loop,
        String loopVar,
        Map<String, RawValue> vars) {
      String rel = scalarText(tuple.getValueNode(), "import_tasks");
      List<TaskSource> unread =
          List.of(TaskSource.unread(location(tuple.getValueNode().getStartMark())));
      if (rel == null) {
        return unread;
      }
      Path parent = Path.of(fileName).getParent();
      Path file = parent == null ? Path.of(rel) : parent.resolve(rel);
      String display = file.normalize().toString();
      if (chain.contains(display) || chain.size() > MAX_IMPORT_DEPTH) {
        error(
            tuple.getValueNode(), "import cycle: " + String.join(" -> ", chain) + " -> " + display);
        return unread;
      }
      String content;
      try {
        content = SourceFile.read(file, display);
      } catch (SourceFile.NotUtf8Exception e) {
        problems.add(Problem.withoutSource(e.location(), e.problem()));
        return unread;
      } catch (java.nio.file.NoSuchFileException e) {
        error(tuple.getValueNode(), "cannot import " + rel + ": no such file (" + display + ")");
        return unread;
      } catch (IOException e) {
        error(tuple.getValueNode(), "cannot import " + rel + ": " + e.getMessage());
        return unread;
      }
      List<String> next = new ArrayList<>(chain);
      next.add(display);
      List<TaskSource> out = new ArrayList<>();
      for (TaskSource t : new FileRun(display, content, problems, next).taskFile()) {
        if (t.read() == TaskSource.Read.UNREAD) {
          out.add(t);
          continue;
        }
        List<Condition> w = new ArrayList<>(when);
        w.addAll(t.when());
        Set<String> tg = new LinkedHashSet<>(tags);
        tg.addAll(t.tags());
        if (loop != null && t.loop() != null) {
          // One loop per task: the import's items and the task's own would need a product.
          problems.add(
              new Problem(
                  t.loop().location(),
                  "this task has a loop of its own, and it is imported with a loop (line "
                      + loop.location().line()
                      + " of "
                      + fileName
                      + "): only one of them",
                  null));
          out.add(TaskSource.unread(t.location()));
          continue;
        }
        out.add(
            new TaskSource(
                t.name(),
                t.type(),
                t.location(),
                t.fixed(),
                t.locations(),
                t.templated(),
                w,
                loop != null ? loop : t.loop(),
                loop != null ? loopVar : t.loopVar(),
                t.register(),
                List.copyOf(tg),
                t.ignoreErrors(),
                t.adopt(),
                withVars(vars, t.vars()),
                t.read()));
      }
      return out;
    }

    /** An import's vars, then those of an import inside it: the nearer import wins. */
    private static Map<String, RawValue> withVars(
        Map<String, RawValue> outer, Map<String, RawValue> inner) {
      Map<String, RawValue> out = new LinkedHashMap<>(outer);
      for (Map.Entry<String, RawValue> e : inner.entrySet()) {
        out.remove(e.getKey());
        out.put(e.getKey(), e.getValue());
      }
      return out;
    }

    private List<Condition> conditions(NodeTuple tuple) {
      if (tuple == null) {
        return List.of();
      }
      Node v = tuple.getValueNode();
      List<Node> nodes = v instanceof SequenceNode s ? s.getValue() : List.of(v);
      List<Condition> out = new ArrayList<>();
      for (Node n : nodes) {
        if (n instanceof ScalarNode s && !isNull(n)) {
          out.add(new Condition(s.getValue(), location(n.getStartMark())));
        } else {
          error(n, "when is an expression, such as n > 3 or result.changed");
        }
      }
      return out;
    }

    private List<String> tags(NodeTuple tuple) {
      if (tuple == null) {
        return List.of();
      }
      Node v = tuple.getValueNode();
      List<Node> nodes = v instanceof SequenceNode s ? s.getValue() : List.of(v);
      List<String> out = new ArrayList<>();
      for (Node n : nodes) {
        String t = scalarText(n, "a tag");
        if (t != null) {
          for (String part : t.split(",")) {
            if (!part.isBlank()) {
              out.add(part.strip());
            }
          }
        }
      }
      return out;
    }

    private boolean bool(Node node, String what) {
      if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
        return s.getValue().equalsIgnoreCase("true")
            || s.getValue().equalsIgnoreCase("yes")
            || s.getValue().equalsIgnoreCase("on");
      }
      error(node, what + " must be true or false");
      return false;
    }

    private String varName(Node node, String what) {
      String v = scalarText(node, what);
      if (v != null && !VAR_NAME.matcher(v).matches()) {
        error(node, what + " must be a variable name (letters, digits, '_'), got \"" + v + "\"");
        return null;
      }
      return v;
    }

    /** Plain data for a node: what templates and loops work on. */
    private RawValue raw(Node node) {
      return new RawValue(plain(node), location(node.getStartMark()));
    }

    private Object plain(Node node) {
      return PlaybookLoader.plain(node, this::error);
    }

    private TaskSource params(
        TaskSpec spec,
        NodeTuple tuple,
        Location taskLocation,
        String name,
        List<Condition> when,
        RawValue loop,
        String loopVar,
        String register,
        List<String> tags,
        boolean ignoreErrors,
        boolean adopt) {
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
      boolean requiredRead = true;
      Map<String, Object> values = new HashMap<>();
      Map<String, Location> locations = new HashMap<>();
      Map<String, RawValue> templated = new HashMap<>();
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
            requiredRead = false;
          } else if (p.defaultValue() != null) {
            values.put(p.name(), p.defaultValue());
          }
          continue;
        }
        Node v = t.getValueNode();
        locations.put(p.name(), location(v.getStartMark()));
        if (v instanceof ScalarNode s && s.getValue().contains("${")
            || v instanceof SequenceNode seq
                && seq.getValue().stream()
                    .anyMatch(n -> n instanceof ScalarNode e && e.getValue().contains("${"))) {
          // Checked once its value is known, for each loop item.
          templated.put(p.name(), raw(v));
          continue;
        }
        Object c = convert(p, spec, v);
        if (c != null) {
          values.put(p.name(), c);
        } else if (p.required()) {
          requiredRead = false;
        } else if (p.defaultValue() != null) {
          values.put(p.name(), p.defaultValue()); // refused: what the rest is checked with
        }
      }
      if (!requiredRead) {
        return null;
      }
      if (templated.isEmpty() && problems.size() == before) {
        String problem = spec.check().problem(new Args(values, locations, taskLocation));
        if (problem != null) {
          error(tuple.getKeyNode(), problem);
        }
      }
      return new TaskSource(
          name,
          spec.type(),
          taskLocation,
          values,
          locations,
          templated,
          when,
          loop,
          loopVar,
          register,
          tags,
          ignoreErrors,
          adopt,
          Map.of());
    }

    private Object convert(Param p, TaskSpec spec, Node node) {
      String what = "parameter \"" + p.name() + "\" of " + spec.type();
      if (p.type().structured() && !(node instanceof ScalarNode)) {
        try {
          return Params.convertValue(p, PlaybookLoader.plain(node, this::error));
        } catch (IllegalArgumentException e) {
          error(node, what + ": " + e.getMessage());
          return null;
        }
      }
      if (p.type() == ParamType.STRINGS) {
        if (!(node instanceof SequenceNode seq)) {
          error(node, what + " must be " + p.type().description());
          return null;
        }
        List<String> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
          if (!(n instanceof ScalarNode e) || isNull(n)) {
            error(n, what + ": each element must be a string");
            return null;
          }
          out.add(e.getValue());
        }
        return List.copyOf(out);
      }
      if (!(node instanceof ScalarNode s) || isNull(node)) {
        error(node, what + " must be " + p.type().description());
        return null;
      }
      try {
        return Params.convertScalar(p, s.getValue(), s.getTag());
      } catch (NumberFormatException e) {
        error(node, what + ": \"" + s.getValue() + "\" is out of range");
      } catch (IllegalArgumentException e) {
        error(node, what + ": " + e.getMessage());
      }
      return null;
    }

    /**
     * What an unknown key of a task is called. In a task that has no type of its own, a key that is
     * close to nothing is most likely a task type the user expected to exist (vlan_create): list
     * the real ones, since a "did you mean" has nothing to offer.
     */
    private String unknownTaskKey(String key, Set<String> allowed, boolean typed) {
      java.util.Optional<String> close = Suggest.closest(key, allowed);
      if (close.isPresent()) {
        String kind = specs.containsKey(close.get()) ? "task type" : "task key";
        return "unknown " + kind + " \"" + key + "\"" + Suggest.hint(key, allowed);
      }
      if (!typed) {
        return "unknown task type \""
            + key
            + "\"; task types: "
            + String.join(", ", specs.keySet());
      }
      return "unknown task key \"" + key + "\"";
    }

    /** Keys of a mapping by name, reporting unknown, duplicate and non-string keys. */
    private Map<String, NodeTuple> mapping(
        MappingNode map, java.util.Collection<String> allowed, String what) {
      return mapping(
          map,
          allowed,
          what,
          key -> "unknown " + what + " \"" + key + "\"" + Suggest.hint(key, allowed));
    }

    /** The same, with {@code unknown} saying what an unknown key is. */
    private Map<String, NodeTuple> mapping(
        MappingNode map,
        java.util.Collection<String> allowed,
        String what,
        java.util.function.Function<String, String> unknown) {
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
          error(k, unknown.apply(key));
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
      return showLines
          ? new Problem(where, message, source)
          : Problem.withoutSource(where, message);
    }

    private Location location(Mark m) {
      return m == null
          ? new Location(fileName, 1, 1)
          : new Location(fileName, m.getLine() + 1, m.getColumn() + 1);
    }
  }
}

package nsplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PlaybookLoaderTest {
  static final Path PLAYBOOKS = Path.of("..", "playbooks");
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static final PlaybookLoader LOADER = new PlaybookLoader(TaskRegistry.specs());

  static Playbook parse(String text) throws InvalidPlaybookException {
    return LOADER.parse("t.yml", text);
  }

  static InvalidPlaybookException invalid(String text) {
    return assertThrows(InvalidPlaybookException.class, () -> parse(text));
  }

  /** The one task of a playbook made of {@code task}, a flow mapping line. */
  static TaskDecl task(String task) throws InvalidPlaybookException {
    Playbook pb = parse("name: lab\ntasks:\n  - " + task + "\n");
    assertEquals(1, pb.tasks().size());
    return pb.tasks().get(0).bindStatic();
  }

  static Stream<Path> playbooks() throws IOException {
    try (Stream<Path> s = Files.list(PLAYBOOKS)) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  @Test
  void thereArePlaybooks() throws IOException {
    assertTrue(playbooks().count() >= 2, "found no playbooks in " + PLAYBOOKS.toAbsolutePath());
  }

  @ParameterizedTest
  @MethodSource("playbooks")
  void realPlaybooksLoadAndBind(Path file) throws Exception {
    Playbook pb = LOADER.load(file);
    assertFalse(pb.tasks().isEmpty());
    assertEquals(file.toString(), pb.file());
    pb.tasks().stream()
        .filter(TaskSource::isStatic)
        .forEach(d -> assertTrue(TaskRegistry.bind(d.bindStatic()) != null, d.displayName()));
  }

  @Test
  void seedLabAsWritten() throws Exception {
    Playbook pb = LOADER.load(PLAYBOOKS.resolve("seed-lab.yml"));
    assertEquals("seed", pb.name());
    assertEquals(18, pb.tasks().size());
    TaskDecl first = pb.tasks().get(0).bindStatic();
    assertEquals("namespace red", first.name());
    assertEquals("netns_add", first.type());
    assertEquals(
        new Location(PLAYBOOKS.resolve("seed-lab.yml").toString(), 16, 5), first.location());
    assertEquals("ping", pb.tasks().get(17).type());
  }

  static Stream<String> golden() throws IOException {
    return nsplay.Golden.names(GOLDEN);
  }

  /**
   * Each golden/NAME.yml fails to load with exactly the text of golden/NAME.err: every problem,
   * located, in file order, with its source line and caret.
   */
  @ParameterizedTest
  @MethodSource("golden")
  void goldenErrors(String name) throws IOException {
    String yml = Files.readString(GOLDEN.resolve(name + ".yml"), StandardCharsets.UTF_8);
    String err = Files.readString(GOLDEN.resolve(name + ".err"), StandardCharsets.UTF_8);
    InvalidPlaybookException e =
        assertThrows(InvalidPlaybookException.class, () -> LOADER.parse(name + ".yml", yml));
    assertEquals(err, e.format());
  }

  @Test
  void problemsCarryLocationMessageAndSource() {
    InvalidPlaybookException e = invalid("name: lab\ntasks:\n  - link_up: { link: a/b }\n");
    assertEquals(
        List.of(
            new Problem(
                new Location("t.yml", 3, 22),
                "parameter \"link\" of link_up: interface name \"a/b\" contains '/', which Linux"
                    + " does not allow",
                "  - link_up: { link: a/b }")),
        e.problems());
    assertEquals(
        "t.yml:3:22: parameter \"link\" of link_up: interface name \"a/b\" contains '/', which"
            + " Linux does not allow",
        e.getMessage());
  }

  @Test
  void emptyFile() {
    for (String text : List.of("", "\n", "# nothing but a comment\n")) {
      InvalidPlaybookException e = invalid(text);
      assertEquals(1, e.problems().size(), text);
      Problem p = e.problems().get(0);
      assertEquals(new Location("t.yml", 1, 1), p.location());
      assertEquals("the playbook is empty", p.message());
    }
  }

  @Test
  void malformedYamlIsOneLocatedProblem() {
    InvalidPlaybookException e = invalid("name: lab\ntasks:\n\t- netns_add: { name: red }\n");
    assertEquals(1, e.problems().size());
    Problem p = e.problems().get(0);
    assertEquals(new Location("t.yml", 3, 1), p.location());
    assertTrue(p.message().startsWith("malformed YAML: found character '\\t(TAB)'"), p.message());
  }

  @Test
  void caretKeepsTabs() {
    Problem p = new Problem(new Location("f", 1, 4), "m", "\ta b");
    assertEquals("f:1:4: error: m\n  \ta b\n  \t  ^\n", p.format());
    assertEquals("f:2:1: error: m\n", new Problem(new Location("f", 2, 1), "m", null).format());
  }

  @Test
  void labNames() throws Exception {
    assertEquals("a", parse("name: a\ntasks: []\n").name());
    assertEquals("Lab_1-x", parse("name: Lab_1-x\ntasks: []\n").name());
    assertEquals("1lab", parse("name: 1lab\ntasks: []\n").name());
    assertEquals("x".repeat(40), parse("name: " + "x".repeat(40) + "\ntasks: []\n").name());
    for (String bad : List.of("-lab", "_lab", "x".repeat(41), "a.b", "a/b", "\"\"", "läb")) {
      InvalidPlaybookException e = invalid("name: " + bad + "\ntasks: []\n");
      assertEquals(new Location("t.yml", 1, 7), e.problems().get(0).location(), bad);
      assertTrue(e.problems().get(0).message().startsWith("lab name \""), bad);
    }
    assertEquals(
        "the lab's name must be a string",
        invalid("name:\ntasks: []\n").problems().get(0).message());
  }

  @Test
  void defaultsAreFilledIn() throws Exception {
    TaskDecl veth = task("veth_create: { name: a, peer: b }");
    assertEquals("veth_create", veth.name(), "a task without a name is called by its type");
    assertTrue(veth.args().bool("up"));
    assertNull(veth.args().string("netns"));
    assertFalse(veth.args().has("netns"));

    TaskDecl ping = task("ping: { from: red, to: 10.0.0.1 }");
    assertEquals(3, ping.args().integer("count"));
    assertEquals("reachable", ping.args().string("expect"));
    assertFalse(task("link_move: { link: eth1, netns: red }").args().bool("allow_host_interface"));
  }

  @Test
  void valuesAreTypedAndLocated() throws Exception {
    TaskDecl d = task("addr_assign: { link: veth-red, address: 192.168.15.1/24, netns: red }");
    assertEquals(Cidr.parse("192.168.15.1/24"), d.args().cidr("address"));
    assertEquals(new Location("t.yml", 3, 5), d.location());
    assertEquals(new Location("t.yml", 3, 45), d.args().location("address"));

    TaskDecl route = task("route_add: { to: 10.0.0.0/8, via: 10.0.0.1 }");
    assertEquals(Cidr.parse("10.0.0.0/8"), route.args().value("to"));
    assertEquals(Ip.parse("10.0.0.1"), route.args().ip("via"));
    assertEquals(route.location(), route.args().location("dev"), "a default's place is the task's");
    assertEquals("default", task("route_add: { to: default, dev: eth0 }").args().value("to"));
  }

  @Test
  void aNetworkWithHostBitsIsAnError() throws Exception {
    // Where a network is meant, 10.0.2.5/24 is most likely a typo: say so, do not clear it.
    assertEquals(
        List.of(
            "parameter \"to\" of route_add: \"10.0.2.5/24\" has host bits set; the network is"
                + " 10.0.2.0/24",
            "parameter \"source\" of nat_masquerade: \"10.0.2.5/24\" has host bits set; the"
                + " network is 10.0.2.0/24"),
        invalid(
                "name: lab\ntasks:\n  - route_add: { to: 10.0.2.5/24, dev: eth0 }\n"
                    + "  - nat_masquerade: { source: 10.0.2.5/24, out: eth0 }\n")
            .problems()
            .stream()
            .map(Problem::message)
            .toList());
    // An address keeps its host bits: they are the interface's address.
    assertEquals(
        Cidr.parse("10.0.2.5/24"),
        task("addr_assign: { link: a, address: 10.0.2.5/24 }").args().cidr("address"));
  }

  @Test
  void hostIsNoNamespaceName() throws Exception {
    String why =
        "namespace name \"host\" is reserved: a check's `from: host` means the lab's host (the"
            + " real host, or the --host-netns namespace)";
    InvalidPlaybookException e = invalid("name: lab\ntasks:\n  - netns_add: { name: host }\n");
    assertEquals(new Location("t.yml", 3, 24), e.problems().get(0).location());
    assertEquals("parameter \"name\" of netns_add: " + why, e.problems().get(0).message());
    assertEquals(
        "parameter \"netns\" of link_up: " + why,
        invalid("name: lab\ntasks:\n  - link_up: { link: lo, netns: host }\n")
            .problems()
            .get(0)
            .message());
    assertEquals("host", task("ping: { from: host, to: 10.0.0.1 }").args().string("from"));
  }

  @Test
  void yamlScalarsOfOtherTypesAreStringsWhereStringsAreWanted() throws Exception {
    assertEquals(
        "1", task("sysctl: { name: net.ipv4.ip_forward, value: 1 }").args().string("value"));
    assertEquals("true", task("sysctl: { name: net.a.b, value: true }").args().string("value"));
    assertEquals("007", task("netns_add: { name: 007 }").args().string("name"));
  }

  @Test
  void yamlBooleans() throws Exception {
    assertFalse(task("bridge_create: { name: br0, up: false }").args().bool("up"));
    assertFalse(task("bridge_create: { name: br0, up: no }").args().bool("up"));
    assertFalse(task("bridge_create: { name: br0, up: off }").args().bool("up"));
    assertTrue(task("bridge_create: { name: br0, up: yes }").args().bool("up"));
    assertTrue(task("bridge_create: { name: br0, up: True }").args().bool("up"));
  }

  @Test
  void interfaceNamesCountBytes() throws Exception {
    assertEquals(
        "abcdefghijklmno", task("link_up: { link: abcdefghijklmno }").args().string("link"));
    // Seven two-byte letters and two digits: nine characters but 16 bytes.
    InvalidPlaybookException e = invalid("name: lab\ntasks:\n  - link_up: { link: ééééééé12 }\n");
    assertEquals(
        "parameter \"link\" of link_up: interface name \"ééééééé12\" is 16 bytes; Linux allows at"
            + " most 15 (IFNAMSIZ 16 with the NUL)",
        e.problems().get(0).message());
    for (String bad : List.of("a:b", "\"a b\"", "\".\"", "\"\"")) {
      invalid("name: lab\ntasks:\n  - link_up: { link: " + bad + " }\n");
    }
  }

  @Test
  void namespaceNames() {
    for (String bad : List.of("\".\"", "a/b", "-x", "\"a b\"", "\"\"")) {
      InvalidPlaybookException e =
          invalid("name: lab\ntasks:\n  - netns_add: { name: " + bad + " }\n");
      assertTrue(
          e.problems().get(0).message().startsWith("parameter \"name\" of netns_add: "), bad);
    }
  }

  /**
   * A namespace is a file under /run/netns, so its limit is NAME_MAX bytes: 65 emoji (4 bytes each)
   * are 65 characters but 260 bytes, and used to pass validation and fail halfway through `up`.
   */
  @Test
  void namespaceNamesCountBytes() throws Exception {
    String longest = "n".repeat(255);
    assertEquals(longest, task("netns_add: { name: " + longest + " }").args().string("name"));
    String emoji = "\uD83D\uDE00".repeat(65);
    InvalidPlaybookException e =
        invalid("name: lab\ntasks:\n  - netns_add: { name: " + emoji + " }\n");
    assertEquals(new Location("t.yml", 3, 24), e.problems().get(0).location());
    assertEquals(
        "parameter \"name\" of netns_add: namespace name \""
            + "\uD83D\uDE00".repeat(32)
            + "...\" is 260 bytes long; at most 255 (a file name under /run/netns)",
        e.problems().get(0).message());
    e = invalid("name: lab\ntasks:\n  - ping: { from: " + "x".repeat(256) + ", to: 10.0.0.1 }\n");
    assertTrue(
        e.problems()
            .get(0)
            .message()
            .endsWith("\" is 256 bytes long; at most 255 (a file name" + " under /run/netns)"),
        e.problems().get(0).message());
    // Templated names are checked the same way once their value is known.
    Playbook pb =
        parse(
            "name: lab\nvars: { e: \""
                + emoji
                + "\" }\ntasks:\n  - netns_add: { name: \"${e}\" }\n");
    Binder binder = new Binder(TaskRegistry.specs(), new nsplay.template.Templates());
    Binder.BindException b =
        assertThrows(
            Binder.BindException.class,
            () -> binder.bind(pb.tasks().get(0), java.util.Map.of("e", emoji)));
    assertEquals(new Location("t.yml", 4, 24), b.problem().location());
    assertTrue(
        b.problem()
            .message()
            .endsWith("\" is 260 bytes long; at most 255 (a file name under" + " /run/netns)"),
        b.problem().message());
  }

  @Test
  void labNamesCountBytes() {
    InvalidPlaybookException e = invalid("name: " + "x".repeat(41) + "\ntasks: []\n");
    assertEquals(
        "lab name \""
            + "x".repeat(32)
            + "...\" is 41 bytes long; at most 40 (letters, digits, '-'"
            + " or '_')",
        e.problems().get(0).message());
    // Not ASCII: more bytes than characters, and not a lab name's letters either.
    e = invalid("name: " + "é".repeat(25) + "\ntasks: []\n");
    assertTrue(e.problems().get(0).message().contains("\" is 50 bytes long; at most 40"));
  }

  @Test
  void sysctlNames() throws Exception {
    assertEquals(
        "net.ipv4.conf.eth0/100.forwarding",
        task("sysctl: { name: net.ipv4.conf.eth0/100.forwarding, value: 1 }")
            .args()
            .string("name"));
    for (String bad : List.of("net.", "net..ipv4", "net.ipv4.", "net./x", "net.ipv4.conf/../x")) {
      InvalidPlaybookException e =
          invalid("name: lab\ntasks:\n  - sysctl: { name: " + bad + ", value: 1 }\n");
      assertEquals(
          "parameter \"name\" of sysctl: sysctl name \"" + bad + "\" is malformed",
          e.problems().get(0).message());
    }
  }

  @Test
  void aTaskTypeWithoutParametersIsMissingThem() {
    InvalidPlaybookException e = invalid("name: lab\ntasks:\n  - netns_add:\n");
    assertEquals(
        List.of(
            new Problem(
                new Location("t.yml", 3, 5),
                "netns_add needs parameter \"name\" (a namespace name)",
                "  - netns_add:")),
        e.problems());
  }

  @Test
  void aTaskMustBeAMappingAndParametersToo() {
    InvalidPlaybookException e =
        invalid("name: lab\ntasks:\n  - just words\n  - netns_add: [red]\n");
    assertEquals(
        "t.yml:3:5: error: a task is a mapping: `- name: ...` and one task type key\n"
            + "    - just words\n"
            + "      ^\n"
            + "t.yml:4:16: error: netns_add takes a mapping of parameters (name)\n"
            + "    - netns_add: [red]\n"
            + "                 ^\n",
        e.format());
  }

  @Test
  void aTaskWithOnlyANameHasNoType() {
    InvalidPlaybookException e = invalid("name: lab\ntasks:\n  - name: nothing to do\n");
    Problem p = e.problems().get(0);
    assertEquals(new Location("t.yml", 3, 5), p.location());
    assertTrue(p.message().startsWith("task 1 has no task type; one of: "), p.message());
    for (String type : TaskRegistry.specs().keySet()) {
      assertTrue(p.message().contains(type), type);
    }
  }

  @Test
  void largeIntegersAreOutOfRange() {
    InvalidPlaybookException e =
        invalid("name: lab\ntasks:\n  - ping: { from: r, to: 10.0.0.1, count: 99999999999 }\n");
    assertEquals(
        "parameter \"count\" of ping: \"99999999999\" is out of range",
        e.problems().get(0).message());
  }

  @Test
  void everyProblemOfAFileIsReportedAtOnce() {
    InvalidPlaybookException e =
        invalid(
            """
            name: lab
            tasks:
              - netns_add: { name: a/b }
              - veth_create: { name: x }
              - link_up: { link: lo, netns: red }
              - ping: { from: red, to: 10.0.0.1, count: many }
            """);
    assertEquals(
        List.of("3:24", "4:5", "6:45"),
        e.problems().stream().map(p -> p.location().line() + ":" + p.location().column()).toList());
  }

  @Test
  void atMostTwentyProblems() {
    StringBuilder sb = new StringBuilder("name: lab\ntasks:\n");
    for (int i = 0; i < 30; i++) {
      sb.append("  - link_up: { link: a/b, netns: a/b }\n");
    }
    InvalidPlaybookException e = invalid(sb.toString());
    assertEquals(PlaybookLoader.MAX_PROBLEMS, e.problems().size());
    assertEquals(20, PlaybookLoader.MAX_PROBLEMS);
    assertEquals(12, e.problems().get(19).location().line(), "two per task, in file order");
  }

  @Test
  void labNameIsReadLenientlyForDown(@org.junit.jupiter.api.io.TempDir Path dir)
      throws IOException {
    Path f = dir.resolve("p.yml");
    Files.writeString(f, "name: seed\ntasks: not even a list\nbogus: 1\n");
    assertEquals("seed", PlaybookLoader.labName(f));
    Files.writeString(f, "name: [seed]\n");
    assertNull(PlaybookLoader.labName(f));
    Files.writeString(f, "name: bad name\n");
    assertNull(PlaybookLoader.labName(f));
    Files.writeString(f, "name: {\n");
    assertNull(PlaybookLoader.labName(f));
  }

  // ---- fixed product bugs, each kept as a regression test.

  @Test
  void problemsAreInFileOrder() {
    InvalidPlaybookException e =
        invalid("name: [lab]\ntasks:\n  - netns_add: { name: a/b }\ntaks: 1\n");
    assertEquals(
        List.of("1:7", "3:24", "4:1"),
        e.problems().stream().map(p -> p.location().line() + ":" + p.location().column()).toList());
  }

  @Test
  void taskNumberIsItsPositionInTheList() {
    InvalidPlaybookException e =
        invalid("name: lab\ntasks:\n  - netns_add: { name: a/b }\n  - name: second\n");
    assertTrue(
        e.problems().get(1).message().startsWith("task 2 has no task type"),
        e.problems().get(1).message());
  }

  @Test
  void taskTypesAreListedInRegistryOrder() {
    InvalidPlaybookException e = invalid("name: lab\ntasks:\n  - name: nothing\n");
    assertEquals(
        "task 1 has no task type; one of: " + String.join(", ", TaskRegistry.specs().keySet()),
        e.problems().get(0).message());
  }

  @Test
  void onlyDecimalIntegers() {
    for (String v : List.of("010", "0x10", "0b11", "1:30")) {
      InvalidPlaybookException e =
          invalid("name: lab\ntasks:\n  - ping: { from: r, to: 10.0.0.1, count: " + v + " }\n");
      assertEquals(
          "parameter \"count\" of ping: expected an integer, got \"" + v + "\"",
          e.problems().get(0).message(),
          v);
    }
  }

  /**
   * hosts: true is a hosts_file task without parameters after the last building task, before the
   * checks that follow it, tagged always; with a hosts_file task of its own, a playbook says it
   * twice, which is an error, as is a value that is not a boolean.
   */
  @Test
  void hostsTrueIsAHostsFileTaskAfterTheLastBuildingTask() throws Exception {
    PlaybookLoader loader = new PlaybookLoader(nsplay.task.TaskRegistry.specs());
    Playbook pb =
        loader.parse(
            "t.yml",
            """
            name: lab
            hosts: true
            tasks:
              - netns_add: { name: red }
              - ping: { from: red, to: 127.0.0.1 }
              - netns_add: { name: blue }
              - ping: { from: blue, to: 127.0.0.1 }
            """);
    assertEquals(
        List.of("netns_add", "ping", "netns_add", "hosts_file", "ping"),
        pb.tasks().stream().map(TaskSource::type).toList());
    TaskSource hosts = pb.tasks().get(3);
    assertEquals(List.of("always"), hosts.tags());
    assertEquals("t.yml:2:8", hosts.location().toString());
    assertEquals(
        1,
        loader
            .parse("t.yml", "name: lab\nhosts: false\ntasks:\n  - netns_add: { name: a }\n")
            .tasks()
            .size());
    InvalidPlaybookException twice =
        assertThrows(
            InvalidPlaybookException.class,
            () ->
                loader.parse(
                    "t.yml",
                    "name: lab\nhosts: yes\ntasks:\n  - netns_add: { name: a }\n"
                        + "  - hosts_file: { netns: a }\n"));
    assertEquals(
        "hosts: true writes the hosts file of every namespace of the lab, and so does the"
            + " hosts_file task at t.yml:5:5: keep one of them",
        twice.problems().get(0).message());
  }
}

package nsplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nsplay.state.Journal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line in-process, with exact output and exit codes. Only commands that stop before any
 * root check or kernel access are run here.
 */
class MainTest {
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @TempDir Path dir;

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  static String help() {
    CliRun r = run("--help");
    assertEquals(0, r.code());
    assertEquals("", r.err());
    return r.out();
  }

  @Test
  void helpListsTheCommandsAndExitCodes() {
    String help = help();
    assertTrue(help.startsWith("Usage: nsplay [-hV] [COMMAND]\n"), help);
    for (String c : List.of("up", "down", "status", "validate")) {
      assertTrue(Pattern.compile("(?m)^  " + c + " ").matcher(help).find(), c);
    }
    assertTrue(
        help.endsWith(
            "Exit codes:\n"
                + "  0   success\n"
                + "  1   a task failed\n"
                + "  2   invalid input or command line\n"
                + "  130 interrupted (Ctrl-C, SIGTERM) between two changes; run it again to"
                + " finish\n"),
        help);
  }

  @Test
  void version() {
    CliRun r = run("--version");
    assertEquals(new CliRun(0, r.out(), ""), r);
    // The version and commit the build recorded, the Java runtime, the kernel release.
    assertTrue(
        r.out()
            .matches(
                "nsplay \\d+\\.\\d+\\.\\d+\\S* \\(([0-9a-f]{7,}|unknown)\\) java "
                    + Pattern.quote(System.getProperty("java.version"))
                    + " linux "
                    + Pattern.quote(System.getProperty("os.version"))
                    + "\n"),
        r.out());
  }

  @Test
  void subcommandHelp() {
    CliRun r = run("validate", "--help");
    assertEquals(0, r.code());
    assertTrue(
        r.out().startsWith("Usage: nsplay validate [-hV] [-e=NAME=VALUE|@FILE]... FILE\n"),
        r.out());
    assertEquals("", r.err());
  }

  @Test
  void unknownCommand() {
    assertEquals(new CliRun(2, "", "Unknown command: 'frob'\n" + help()), run("frob"));
    assertEquals(
        new CliRun(2, "", "Unknown command: 'dwon'; did you mean 'down'?\n" + help()), run("dwon"));
  }

  @Test
  void unknownOption() {
    assertEquals(
        new CliRun(
            2, "", "nsplay: unknown option '--frob'\nTry 'nsplay --help' for more information.\n"),
        run("--frob"));
  }

  @Test
  void noCommand() {
    assertEquals(
        new CliRun(
            2,
            "",
            "missing command: up, down, status, check, validate, exec, netem, capture, logs, report, graph, schema, types or completion\n"
                + help()),
        run());
  }

  @Test
  void subcommandUsageErrors() {
    String usage = "Try 'nsplay validate --help' for more information.\n";
    assertEquals(
        new CliRun(2, "", "nsplay validate: missing required parameter: 'FILE'\n" + usage),
        run("validate"));
    assertEquals(
        new CliRun(2, "", "nsplay validate: unknown option '--frob'\n" + usage),
        run("validate", "--frob", "x"));
    assertEquals(
        new CliRun(2, "", "nsplay validate: unexpected argument: 'b'\n" + usage),
        run("validate", "a", "b"));
  }

  /** A mistyped option gets its "did you mean" and a pointer to help, not the whole help. */
  @Test
  void mistypedOptionIsTwoLines() {
    assertEquals(
        new CliRun(
            2,
            "",
            "nsplay up: unknown option '--host-ns'; did you mean '--host-netns'?\n"
                + "Try 'nsplay up --help' for more information.\n"),
        run("up", "--host-ns", "x", "lab.yml"));
  }

  static Stream<Path> playbooks() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("..", "playbooks"))) {
      return s.filter(p -> p.toString().endsWith(".yml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("playbooks")
  void validateAGoodPlaybook(Path file) throws IOException {
    CliRun r = run("validate", file.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals("", r.err());
    assertTrue(
        r.out().matches(Pattern.quote(file.toString()) + ": lab [\\w-]+, \\d+ tasks, valid\n"),
        r.out());
  }

  @Test
  void validateTheSeedLab() {
    String f = Path.of("..", "playbooks", "seed-lab.yml").toString();
    assertEquals(new CliRun(0, f + ": lab seed, 18 tasks, valid\n", ""), run("validate", f));
  }

  @Test
  void validateABadPlaybook() throws IOException {
    Path f =
        file(
            "bad.yml",
            "name: lab\ntasks:\n  - netns_add: { name: red }\n  - bridge_create: { name: br0,"
                + " nets: red }\n");
    assertEquals(
        new CliRun(
            2,
            "",
            f
                + ":4:33: error: unknown parameter of bridge_create \"nets\"; did you mean"
                + " \"netns\"?\n"
                + "    - bridge_create: { name: br0, nets: red }\n"
                + "                                  ^\n"),
        run("validate", f.toString()));
  }

  static Stream<String> golden() throws IOException {
    return nsplay.Golden.names(GOLDEN);
  }

  /** validate prints what the loader found, as the golden files show it, under the path given. */
  @ParameterizedTest
  @MethodSource("golden")
  void validatePrintsEveryProblem(String name) throws IOException {
    Path yml = GOLDEN.resolve(name + ".yml");
    String err = Files.readString(GOLDEN.resolve(name + ".err"), StandardCharsets.UTF_8);
    String expected =
        Pattern.compile("(?m)^" + Pattern.quote(name + ".yml:"))
            .matcher(err)
            .replaceAll(Matcher.quoteReplacement(yml + ":"));
    assertEquals(new CliRun(2, "", expected), run("validate", yml.toString()));
  }

  @Test
  void validateReportsBindProblemsWithTheirSource() throws IOException {
    Path f =
        file(
            "bind.yml",
            "name: lab\ntasks:\n  - route_add: { to: default, netns: nsplay-golden-r }\n"
                + "  - ping: { from: nsplay-golden-r, to: 10.0.0.1, count: 0 }\n");
    // The namespace that nothing creates is reported in the same round: it does not depend on them.
    assertEquals(
        new CliRun(
            2,
            "",
            f
                + ":3:5: error: route_add needs via (a gateway), dev (a link), or both\n"
                + "    - route_add: { to: default, netns: nsplay-golden-r }\n"
                + "      ^\n"
                + f
                + ":3:38: error: namespace \"nsplay-golden-r\" does not exist and no earlier task"
                + " creates it\n"
                + "    - route_add: { to: default, netns: nsplay-golden-r }\n"
                + "                                       ^\n"
                + f
                + ":4:5: error: ping: count must be between 1 and 100, got 0\n"
                + "    - ping: { from: nsplay-golden-r, to: 10.0.0.1, count: 0 }\n"
                + "      ^\n"
                + f
                + ":4:19: error: namespace \"nsplay-golden-r\" does not exist and no earlier task"
                + " creates it\n"
                + "    - ping: { from: nsplay-golden-r, to: 10.0.0.1, count: 0 }\n"
                + "                    ^\n"),
        run("validate", f.toString()));
  }

  @Test
  void validateAMissingFile() {
    Path f = dir.resolve("none.yml");
    assertEquals(
        new CliRun(2, "", "nsplay: " + f + ": no such file\n"), run("validate", f.toString()));
  }

  /** up validates first: a bad playbook fails with 2 before any root check or kernel access. */
  @Test
  void upOfABadPlaybookFailsValidationFirst() throws IOException {
    Path f = file("bad.yml", "name: never-up-lab\ntasks:\n  - netns_add: { name: a/b }\n");
    assertEquals(
        new CliRun(
            2,
            "",
            f
                + ":3:24: error: parameter \"name\" of netns_add: namespace name \"a/b\" is not a"
                + " plain file name (no '/', not . or .., no leading '-')\n"
                + "    - netns_add: { name: a/b }\n"
                + "                         ^\n"),
        run("up", f.toString()));
    assertFalse(Files.exists(Journal.dir(Journal.ROOT, "never-up-lab")));
  }

  @Test
  void upOfABindProblemFailsValidationFirst() throws IOException {
    Path f = file("bad.yml", "name: never-up-lab\ntasks:\n  - route_add: { to: default }\n");
    CliRun r = run("up", "-v", f.toString());
    assertEquals(
        new CliRun(
            2,
            "",
            f
                + ":3:5: error: route_add needs via (a gateway), dev (a link), or both\n"
                + "    - route_add: { to: default }\n"
                + "      ^\n"),
        r);
    assertFalse(Files.exists(Journal.dir(Journal.ROOT, "never-up-lab")));
  }

  @Test
  void upOfAMissingFile() {
    Path f = dir.resolve("none.yml");
    assertEquals(new CliRun(2, "", "nsplay: " + f + ": no such file\n"), run("up", f.toString()));
  }

  @Test
  void downWithBothAPlaybookAndALab() {
    assertEquals(
        new CliRun(2, "", "nsplay: give a playbook or --lab, not both\n"),
        run("down", "--lab", "seed", "x.yml"));
  }

  @Test
  void downOfAPlaybookWithoutAName() throws IOException {
    Path f = file("p.yml", "tasks: []\n");
    assertEquals(
        new CliRun(2, "", "nsplay: " + f + ": no lab name found (top-level `name:`)\n"),
        run("down", f.toString()));
  }

  // ---- fixed product bugs, each kept as a regression test.

  @Test
  void downOfAMissingFile() {
    Path f = dir.resolve("none.yml");
    assertEquals(new CliRun(2, "", "nsplay: " + f + ": no such file\n"), run("down", f.toString()));
  }

  @Test
  void commandSummariesAreWholeSentences() {
    String help = help();
    String commands = help.substring(help.indexOf("Commands:\n"), help.indexOf("\nFiles:"));
    List<String> summaries = new ArrayList<>();
    for (String line : commands.split("\n")) {
      if (line.matches("  \\S.*")) {
        summaries.add(line.substring(12).strip());
      } else if (line.startsWith("              ")) {
        int last = summaries.size() - 1;
        summaries.set(last, summaries.get(last) + " " + line.strip());
      }
    }
    assertEquals(14, summaries.size(), commands);
    for (String s : summaries) {
      assertTrue(s.endsWith("."), s);
    }
  }
}

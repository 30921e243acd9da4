package nsplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The playbook language through the real command line, in-process and without root: the checks made
 * before any change (templates, loops, conditions, references, imports) as `validate` prints them,
 * `-e`, and the `up` options that stop before the root check. Exact stdout, stderr and exit code,
 * as in {@link MainTest}.
 */
class LangCliTest {
  /** NAME.yml must fail `validate` with exactly NAME.err; inc/ holds the files they import. */
  static final Path GOLDEN = Path.of("src", "test", "resources", "golden-lang");

  static CliRun run(String... args) {
    return CliRun.of(args);
  }

  @TempDir Path dir;

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  static Stream<String> golden() throws IOException {
    return nsplay.Golden.names(GOLDEN);
  }

  /**
   * Every problem that can be found before running is reported, located in the file where it stands
   * (imported files included), with its source line and caret; at most 20; exit 2.
   */
  @ParameterizedTest
  @MethodSource("golden")
  void validateGolden(String name) throws IOException {
    String err = Files.readString(GOLDEN.resolve(name + ".err"), StandardCharsets.UTF_8);
    assertEquals(new CliRun(2, "", err), run("validate", GOLDEN.resolve(name + ".yml").toString()));
  }

  @Test
  void goldenFilesAreAllThere() throws IOException {
    assertEquals(15, golden().count());
    for (String name : golden().toList()) {
      assertEquals(true, Files.exists(GOLDEN.resolve(name + ".err")), name);
    }
  }

  @Test
  void moreThanTwentyProblemsPrintsTwenty() throws IOException {
    String err = run("validate", GOLDEN.resolve("more-than-twenty.yml").toString()).err();
    assertEquals(20, err.lines().filter(l -> l.contains(": error: ")).count());
    assertEquals(true, err.contains("\"nsplay-golden-none-20\""));
    assertEquals(false, err.contains("\"nsplay-golden-none-21\""));
  }

  /**
   * `up` reports what `validate` does, in one round, before root or the kernel: the loader's
   * problems, a vars: entry, templates and references (one-round.yml: one of each).
   */
  @Test
  void upReportsEveryProblemInOneRound() throws IOException {
    Path pb = GOLDEN.resolve("one-round.yml");
    String err = Files.readString(GOLDEN.resolve("one-round.err"), StandardCharsets.UTF_8);
    assertEquals(4, err.lines().filter(l -> l.contains(": error: ")).count());
    assertEquals(new CliRun(2, "", err), run("up", pb.toString()));
    assertEquals(new CliRun(2, "", err), run("up", "--check", pb.toString()));
  }

  /**
   * What depends on a problem is not reported as a problem of its own: a namespace whose task has
   * an unknown parameter is still created, one whose name is a vars: entry that failed or whose
   * task could not be read may be the one a later task uses; a namespace nothing creates is still
   * reported before them.
   */
  @Test
  void problemsThatDependOnAnotherAreNotReported() throws IOException {
    Path pb =
        file(
            "dep.yml",
            """
            name: lab
            vars:
              b: "${undefined_a}"
              c: "nsplay-golden-${b}"
            tasks:
              - link_up: { link: lo, netns: nsplay-golden-nobody }
              - netns_add: { name: nsplay-golden-p, colour: red }
              - link_up: { link: lo, netns: nsplay-golden-p }
              - netns_add: { name: "${c}" }
              - link_up: { link: lo, netns: nsplay-golden-c }
              - wormhole_create: { name: v, netns: nsplay-golden-v }
              - link_up: { link: v, netns: nsplay-golden-v }
            """);
    CliRun r = run("validate", pb.toString());
    assertEquals(2, r.code());
    assertEquals(
        List.of(
            pb + ":3:6: error: undefined variable \"undefined_a\" in ${undefined_a}",
            pb
                + ":6:33: error: namespace \"nsplay-golden-nobody\" does not exist and no earlier"
                + " task creates it",
            pb + ":7:41: error: unknown parameter of netns_add \"colour\"",
            pb + ":11:5: error: unknown task type \"wormhole_create\""),
        r.err()
            .lines()
            .filter(l -> l.contains(": error: "))
            .map(l -> l.replaceAll(";.*", ""))
            .toList());
  }

  /** One playbook for every student: the lab's name from -e, checked once templated. */
  @Test
  void theLabsNameCanBeTemplated() throws IOException {
    Path pb =
        file(
            "student.yml",
            "name: \"nc-student-${s}\"\ntasks:\n  - netns_add: { name: \"s${s}\" }\n");
    assertEquals(
        new CliRun(0, pb + ": lab nc-student-2, 1 tasks, valid\n", ""),
        run("validate", pb.toString(), "-e", "s=2"));
    assertEquals(
        new CliRun(
            2,
            "",
            pb
                + ":1:7: error: the lab's name nc-student-${s} gives lab name \"nc-student-a.b\""
                + " must be 1-40 letters, digits, '-' or '_', starting with a letter or digit\n"
                + "  name: \"nc-student-${s}\"\n"
                + "        ^\n"),
        run("validate", pb.toString(), "-e", "s=a.b"));
    CliRun undefined = run("validate", pb.toString());
    assertEquals(2, undefined.code());
    assertTrue(
        undefined.err().startsWith(pb + ":1:7: error: undefined variable \"s\""), undefined.err());
  }

  /** import_tasks with a loop: each imported task once per item, the item in its templates. */
  @Test
  void importTasksTakesALoop() throws IOException {
    file(
        "inc/student.yml",
        "- netns_add: { name: \"s${item}\" }\n- link_up: { link: lo, netns: \"s${item}\" }\n");
    Path pb =
        file(
            "all.yml", "name: all\ntasks:\n  - import_tasks: inc/student.yml\n    loop: ${1..n}\n");
    assertEquals(
        new CliRun(0, pb + ": lab all, 2 tasks, valid\n", ""),
        run("validate", pb.toString(), "-e", "n=3"));
    file("inc/looped.yml", "- netns_add: { name: \"s${x}\" }\n  loop: [1]\n  loop_var: x\n");
    Path both =
        file("both.yml", "name: all\ntasks:\n  - import_tasks: inc/looped.yml\n    loop: [1]\n");
    CliRun r = run("validate", both.toString());
    assertEquals(2, r.code());
    assertTrue(
        r.err()
            .startsWith(
                dir.resolve("inc/looped.yml")
                    + ":2:9: error: this task has a loop of its own, and it is imported with a"
                    + " loop (line 4 of "
                    + both
                    + "): only one of them\n"),
        r.err());
  }

  /**
   * import_tasks with vars: the imported tasks see them, over the playbook's vars, under -e and the
   * loop variable (which they may use). On a task of a type, vars is an error.
   */
  @Test
  void importTasksTakesVars() throws IOException {
    file("inc/up.yml", "- link_up: { link: lo, netns: \"${ns}\" }\n");
    Path pb =
        file(
            "vars.yml",
            "name: all\nvars: { ns: pb }\ntasks:\n  - import_tasks: inc/up.yml\n"
                + "    loop: [1]\n    vars: { ns: \"imp-${item}\" }\n");
    CliRun r = run("validate", pb.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("namespace \"imp-1\" does not exist"), r.err());
    CliRun e = run("validate", pb.toString(), "-e", "ns=cli");
    assertEquals(2, e.code());
    assertTrue(e.err().contains("namespace \"cli\" does not exist"), e.err());
    Path typed =
        file(
            "typed.yml",
            "name: all\ntasks:\n  - link_up: { link: lo, netns: x }\n    vars: { a: 1 }\n");
    CliRun t = run("validate", typed.toString());
    assertEquals(2, t.code());
    assertTrue(
        t.err().startsWith(typed + ":4:5: error: vars applies to import_tasks only\n"), t.err());
  }

  @Test
  void notUtf8IsLocatedAtItsFirstBadByte() throws IOException {
    Path pb = dir.resolve("latin1.yml");
    // "é" as Latin-1 (0xe9) on line 3, after 6 characters, one of them a valid "ü".
    byte[] head = "name: lab\ntasks:\n  - n\u00fc".getBytes(StandardCharsets.UTF_8);
    byte[] tail = "me: x\n".getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + 1 + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    all[head.length] = (byte) 0xe9;
    System.arraycopy(tail, 0, all, head.length + 1, tail.length);
    Files.write(pb, all);
    assertEquals(
        new CliRun(2, "", pb + ":3:7: error: not valid UTF-8 (byte 0xe9)\n"),
        run("validate", pb.toString()));
    // In an imported file: located there.
    Path main = file("main.yml", "name: lab\ntasks:\n  - import_tasks: latin1.yml\n");
    assertEquals(
        new CliRun(2, "", pb + ":3:7: error: not valid UTF-8 (byte 0xe9)\n"),
        run("validate", main.toString()));
  }

  // ---- -e: over vars, typed as YAML scalars, under the loop variable.

  static final String OVERRIDE =
      """
      name: lab
      vars:
        made: nsplay-golden-a
        used: nsplay-golden-a
      tasks:
        - netns_add: { name: "${made}" }
        - link_up: { link: lo, netns: "${used}" }
      """;

  @Test
  void extraVarsOverVarsMakeAnErrorAppear() throws IOException {
    Path f = file("o.yml", OVERRIDE);
    assertEquals(
        new CliRun(0, f + ": lab lab, 2 tasks, valid\n", ""), run("validate", f.toString()));
    assertEquals(
        new CliRun(
            2,
            "",
            f
                + ":7:33: error: namespace \"nsplay-golden-b\" does not exist and no earlier task"
                + " creates it\n"
                + "    - link_up: { link: lo, netns: \"${used}\" }\n"
                + "                                  ^\n"),
        run("validate", f.toString(), "-e", "used=nsplay-golden-b"));
  }

  @Test
  void extraVarsOverVarsMakeAnErrorDisappear() throws IOException {
    Path f = file("o.yml", OVERRIDE.replace("used: nsplay-golden-a", "used: nsplay-golden-b"));
    assertEquals(2, run("validate", f.toString()).code());
    assertEquals(
        new CliRun(0, f + ": lab lab, 2 tasks, valid\n", ""),
        run("validate", f.toString(), "-e", "used=nsplay-golden-a"));
    // Both -e: the later one wins.
    assertEquals(
        0,
        run("validate", f.toString(), "-e", "used=nsplay-golden-b", "-e", "used=nsplay-golden-a")
            .code());
  }

  /** A vars value may use an -e value; -e defines a variable the playbook only uses. */
  @Test
  void varsMayUseExtraVars() throws IOException {
    Path f =
        file(
            "v.yml",
            """
            name: lab
            vars:
              ns: "nsplay-golden-${suffix}"
            tasks:
              - netns_add: { name: "${ns}" }
              - link_up: { link: lo, netns: nsplay-golden-x }
            """);
    CliRun r = run("validate", f.toString());
    assertEquals(2, r.code());
    assertEquals(
        f
            + ":3:7: error: undefined variable \"suffix\" in nsplay-golden-${suffix}\n"
            + "    ns: \"nsplay-golden-${suffix}\"\n"
            + "        ^\n",
        r.err());
    assertEquals(0, run("validate", f.toString(), "-e", "suffix=x").code());
  }

  /** n=3 is the number 3: ${1..n} is then a list. */
  @Test
  void extraVarValuesAreYamlScalars() throws IOException {
    Path f =
        file(
            "n.yml",
            """
            name: lab
            vars:
              n: "2"
            tasks:
              - netns_add: { name: "nsplay-golden-${item}" }
                loop: ${1..n}
              - link_up: { link: lo, netns: nsplay-golden-3 }
            """);
    // vars n is the string "2": not a number for the range.
    assertEquals(2, run("validate", f.toString()).code());
    assertEquals(
        new CliRun(0, f + ": lab lab, 2 tasks, valid\n", ""),
        run("validate", f.toString(), "-e", "n=3"));
    // Quoted in YAML, it is a string again.
    assertEquals(2, run("validate", f.toString(), "-e", "n='3'").code());
  }

  @Test
  void theLoopVariableWinsOverExtraVars() throws IOException {
    Path f =
        file(
            "l.yml",
            """
            name: lab
            tasks:
              - netns_add: { name: "nsplay-golden-${item}" }
                loop: [a]
              - link_up: { link: lo, netns: nsplay-golden-a }
              - netns_add: { name: "nsplay-golden-${ns}" }
                loop: [b]
                loop_var: ns
              - link_up: { link: lo, netns: nsplay-golden-b }
            """);
    assertEquals(
        new CliRun(0, f + ": lab lab, 4 tasks, valid\n", ""),
        run("validate", f.toString(), "-e", "item=x", "-e", "ns=y"));
  }

  @Test
  void extraVarsWithABadName() throws IOException {
    Path f = file("o.yml", OVERRIDE);
    for (String bad : new String[] {"1x=3", "=3", "novalue", "a-b=1"}) {
      assertEquals(
          new CliRun(
              2,
              "",
              "nsplay: -e "
                  + bad
                  + ": expected NAME=VALUE or @FILE.yml (NAME: letters, digits,"
                  + " '_')\n"),
          run("validate", f.toString(), "-e", bad),
          bad);
    }
  }

  @Test
  void extraVarsFromAMissingFile() throws IOException {
    Path f = file("o.yml", OVERRIDE);
    Path none = dir.resolve("none.yml");
    assertEquals(
        new CliRun(2, "", "nsplay: -e @" + none + ": no such file\n"),
        run("validate", f.toString(), "-e", "@" + none));
    assertEquals(
        new CliRun(2, "", "nsplay: -e @" + none + ": no such file\n"),
        run("up", f.toString(), "-e", "@" + none));
  }

  /** --extra-vars=@FILE (one argument) reaches nsplay's own -e parsing. */
  @Test
  void extraVarsFromAFileAsOneArgument() throws IOException {
    Path f = file("o.yml", OVERRIDE);
    Path vars = file("vars.yml", "used: nsplay-golden-b\n");
    CliRun r = run("validate", f.toString(), "--extra-vars=@" + vars);
    assertEquals(2, r.code());
    assertEquals(true, r.err().contains("namespace \"nsplay-golden-b\" does not exist"), r.err());
    Path notMap = file("list.yml", "- a\n- b\n");
    assertEquals(
        new CliRun(2, "", "nsplay: -e @" + notMap + ": expected a mapping of names to values\n"),
        run("validate", f.toString(), "--extra-vars=@" + notMap));
  }

  /**
   * The documented form `-e @vars.yml` (two arguments) must reach nsplay: picocli would expand an
   * argument that starts with @ and names an existing file into that file's words (its "@-files").
   */
  @Test
  void extraVarsFromAFileAsTwoArguments() throws IOException {
    Path f = file("o.yml", OVERRIDE);
    Path vars = file("vars.yml", "used: nsplay-golden-b\n");
    CliRun r = run("validate", f.toString(), "-e", "@" + vars);
    assertEquals(2, r.code());
    assertEquals(
        f
            + ":7:33: error: namespace \"nsplay-golden-b\" does not exist and no earlier task"
            + " creates it\n"
            + "    - link_up: { link: lo, netns: \"${used}\" }\n"
            + "                                  ^\n",
        r.err());
    Path good = file("good.yml", "used: nsplay-golden-a\n");
    assertEquals(
        new CliRun(0, f + ": lab lab, 2 tasks, valid\n", ""),
        run("validate", f.toString(), "-e", "@" + good));
  }

  // ---- up options that stop before the root check.

  static final String TAGGED =
      """
      name: tagged
      tasks:
        - name: one
          netns_add: { name: nsplay-golden-1 }
          tags: [net, base]
        - name: two
          netns_add: { name: nsplay-golden-2 }
          tags: always
        - netns_add: { name: nsplay-golden-3 }
        - name: imported
          import_tasks: inc/more.yml
          tags: imp
          when: go
      """;

  static final String MORE =
      """
      tasks:
        - name: from the file
          netns_add: { name: nsplay-golden-4 }
          tags: "inner, deep"
        - name: untagged in the file
          link_up: { link: lo, netns: nsplay-golden-4 }
      """;

  @Test
  void listTasks() throws IOException {
    Path f = file("t.yml", TAGGED);
    file("inc/more.yml", MORE);
    assertEquals(
        new CliRun(
            0,
            "playbook "
                + f
                + ", lab tagged:\n"
                + "  one (netns_add) TAGS: [net, base]\n"
                + "  two (netns_add) TAGS: [always]\n"
                + "  netns_add (netns_add)\n"
                + "  from the file (netns_add) TAGS: [imp, inner, deep]\n"
                + "  untagged in the file (link_up) TAGS: [imp]\n",
            ""),
        run("up", "--list-tasks", f.toString()));
  }

  @Test
  void listTags() throws IOException {
    Path f = file("t.yml", TAGGED);
    file("inc/more.yml", MORE);
    assertEquals(
        new CliRun(0, "TAGS: always, base, deep, imp, inner, net\n", ""),
        run("up", "--list-tags", f.toString()));
    Path plain = file("p.yml", "name: plain\ntasks:\n  - netns_add: { name: nsplay-golden-1 }\n");
    assertEquals(new CliRun(0, "no tags\n", ""), run("up", "--list-tags", plain.toString()));
  }

  @Test
  void listTasksOfAnInvalidPlaybookIsTheLoadersErrors() throws IOException {
    Path f = file("t.yml", TAGGED);
    CliRun r = run("up", "--list-tasks", f.toString());
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertEquals(
        f
            + ":11:19: error: cannot import inc/more.yml: no such file ("
            + dir.resolve("inc/more.yml")
            + ")\n"
            + "      import_tasks: inc/more.yml\n"
            + "                    ^\n",
        r.err());
  }

  @Test
  void detailedExitcodeWithoutCheck() throws IOException {
    Path f = file("t.yml", TAGGED);
    file("inc/more.yml", MORE);
    assertEquals(
        new CliRun(2, "", "nsplay: --detailed-exitcode goes with --check\n"),
        run("up", "--detailed-exitcode", f.toString()));
  }

  @Test
  void startAtAnUnknownTask() throws IOException {
    Path f = file("t.yml", TAGGED);
    file("inc/more.yml", MORE);
    assertEquals(
        new CliRun(2, "", "nsplay: --start-at-task: no task is named \"three\"\n"),
        run("up", "--start-at-task", "three", f.toString()));
    // Names are matched whole and exactly.
    assertEquals(2, run("up", "--start-at-task", "on", f.toString()).code());
    assertEquals(2, run("up", "--start-at-task", "One", f.toString()).code());
  }

  @Test
  void upWithABadExtraVar() throws IOException {
    Path f = file("t.yml", TAGGED);
    file("inc/more.yml", MORE);
    assertEquals(
        new CliRun(
            2, "", "nsplay: -e x: expected NAME=VALUE or @FILE.yml (NAME: letters, digits, '_')\n"),
        run("up", "-e", "x", f.toString()));
  }

  /** up reports an undefined variable in vars before the root check, located in vars. */
  @Test
  void upWithAnUndefinedVariableInVars() throws IOException {
    Path f =
        file(
            "u.yml",
            "name: never-up-lab\nvars:\n  a: \"${b}\"\ntasks:\n"
                + "  - netns_add: { name: \"${a}\" }\n");
    assertEquals(
        new CliRun(
            2,
            "",
            f
                + ":3:6: error: undefined variable \"b\" in ${b}\n"
                + "    a: \"${b}\"\n"
                + "       ^\n"),
        run("up", f.toString()));
    assertEquals(0, run("validate", f.toString(), "-e", "b=nsplay-golden-z").code());
  }
}

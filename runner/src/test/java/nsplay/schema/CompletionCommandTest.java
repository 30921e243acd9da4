package nsplay.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import nsplay.cli.CliRun;
import org.junit.jupiter.api.Test;

class CompletionCommandTest {
  static final List<String> COMMANDS =
      List.of(
          "up",
          "down",
          "status",
          "check",
          "validate",
          "exec",
          "report",
          "graph",
          "schema",
          "completion");

  @Test
  void printsPicocliBashCompletionForEveryCommand() {
    CliRun r = CliRun.of("completion");
    assertEquals(0, r.code());
    assertEquals("", r.err());
    assertTrue(
        r.out().startsWith("#!/usr/bin/env bash\n#\n# nsplay Bash Completion\n"),
        r.out().substring(0, Math.min(200, r.out().length())));
    // picocli lists the top level's subcommands as the words to offer after `nsplay`.
    var m = Pattern.compile("local commands=\"([^\"]*)\"").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertEquals(COMMANDS, List.of(m.group(1).trim().split("\\s+")));
    for (String c : COMMANDS) {
      assertTrue(r.out().contains("function _picocli_nsplay_" + c + "()"), c);
    }
    // Options come from the real commands, e.g. schema's -o.
    assertTrue(r.out().contains("--output"), r.out());
  }

  @Test
  void sameScriptEveryTime() {
    assertEquals(CliRun.of("completion"), CliRun.of("completion"));
  }

  @Test
  void helpSaysHowToInstallIt() {
    CliRun r = CliRun.of("completion", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("\n  source <(nsplay completion)\n"), r.out());
    assertTrue(r.out().contains("/etc/bash_completion.d/nsplay"), r.out());
  }

  @Test
  void listedInTheTopLevelHelp() {
    assertTrue(CliRun.of("--help").out().contains("\n  completion  "));
  }
}

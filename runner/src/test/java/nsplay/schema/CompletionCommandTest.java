package nsplay.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nsplay.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion script, sourced into a real bash and asked what it completes. */
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
          "types",
          "completion");

  @TempDir Path dir;

  /** What the script offers for the command line {@code words}, the last one being typed. */
  List<String> complete(String... words) throws IOException, InterruptedException {
    Path script = dir.resolve("nsplay.bash");
    Files.writeString(script, CliRun.of("completion").out(), StandardCharsets.UTF_8);
    StringBuilder arr = new StringBuilder();
    for (String w : words) {
      arr.append(" '").append(w.replace("'", "'\\''")).append("'");
    }
    String driver =
        "source '"
            + script
            + "'\nCOMP_WORDS=("
            + arr
            + ")\nCOMP_CWORD="
            + (words.length - 1)
            + "\n_nsplay\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n";
    Process p =
        new ProcessBuilder("bash", "--norc", "--noprofile", "-c", driver)
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    List<String> got = new ArrayList<>(Arrays.asList(out.split("\n")));
    got.removeIf(String::isEmpty);
    return got;
  }

  @Test
  void commandsFirst() throws Exception {
    List<String> all = complete("nsplay", "");
    assertTrue(all.containsAll(COMMANDS), all.toString());
    assertEquals(List.of("down"), complete("nsplay", "do"));
    assertEquals(List.of("check", "capture", "completion"), complete("nsplay", "c"));
  }

  @Test
  void optionsOfTheCommandBeingTyped() throws Exception {
    assertEquals(List.of("--check"), complete("nsplay", "up", "--che"));
    assertEquals(List.of("--output"), complete("nsplay", "schema", "--o"));
    assertEquals(List.of("--lab", "--lock-timeout"), complete("nsplay", "down", "--l"));
  }

  @Test
  void valuesOfOptionsWithChoices() throws Exception {
    assertEquals(List.of("md"), complete("nsplay", "report", "--format", "m"));
    assertEquals(List.of("mermaid"), complete("nsplay", "graph", "--format", "m"));
    // a value without choices (a file, a name) is left to bash's file completion
    assertEquals(List.of(), complete("nsplay", "up", "--report", "--"));
  }

  @Test
  void theCommandOfExecIsNotCompletedAsNsplayOptions() throws Exception {
    assertEquals(List.of(), complete("nsplay", "exec", "red", "--"));
    assertEquals(List.of(), complete("nsplay", "exec", "red", "ping", "-"));
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

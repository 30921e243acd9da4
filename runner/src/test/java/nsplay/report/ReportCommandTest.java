package nsplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nsplay.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report and graph commands in-process, with the model from a fixture instead of a kernel. */
class ReportCommandTest {
  record Run(int code, String out, String err) {}

  private final List<String> asked = new ArrayList<>();

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    ModelSources.Replacement replaced =
        ModelSources.replaceForTests(
            (lab, probe) -> {
              asked.add(lab + (probe ? " probe" : " no-probe"));
              if (lab.equals("gone")) {
                throw new NoSuchFileException("/run/nsplay/gone/journal");
              }
              return Fixtures.seed();
            });
    try (PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true)) {
      code = Main.run(args, o, e);
    } finally {
      replaced.close();
    }
    return new Run(code, out.toString(), err.toString());
  }

  private static String render(String format) throws ReportException {
    return new Renderer().render(Fixtures.seed(), format, null);
  }

  @Test
  void reportToStandardOutput() throws ReportException {
    assertEquals(new Run(0, render("txt"), ""), run("report", "--lab", "seed", "--format", "txt"));
    assertEquals(List.of("seed probe"), asked);
    assertEquals(new Run(0, render("html"), ""), run("report", "--lab", "seed"));
  }

  @Test
  void reportToAFileInTheFormatItsNameSays(@TempDir Path dir) throws Exception {
    Path md = dir.resolve("LAB.md");
    assertEquals(new Run(0, "", ""), run("report", "--lab", "seed", "-o", md.toString()));
    assertEquals(render("md"), Files.readString(md, StandardCharsets.UTF_8));
    Path html = dir.resolve("r.out");
    assertEquals(
        new Run(0, "", ""),
        run("report", "--lab", "seed", "--no-probe", "--output", html.toString()));
    assertEquals(render("html"), Files.readString(html));
    assertEquals(List.of("seed probe", "seed no-probe"), asked);
  }

  @Test
  void labFromThePlaybook() {
    Run r = run("report", Path.of("..", "playbooks", "seed-lab.yml").toString(), "--no-probe");
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of("seed no-probe"), asked);
  }

  @Test
  void userTemplates(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("report.txt.ftl"), "${lab.lab}!\n");
    assertEquals(
        new Run(0, "seed!\n", ""),
        run("report", "--lab", "seed", "--format", "txt", "--templates", dir.toString()));
    Files.writeString(dir.resolve("report.txt.ftl"), "${lab?api.size()}");
    Run r = run("report", "--lab", "seed", "--format", "txt", "--templates", dir.toString());
    assertEquals(2, r.code());
    assertTrue(r.err().startsWith("nsplay: template report.txt.ftl, line 1: "), r.err());
  }

  @Test
  void graphs() {
    assertEquals(new Run(0, Graph.dot(Fixtures.seed()), ""), run("graph", "--lab", "seed"));
    assertEquals(
        new Run(0, Graph.mermaid(Fixtures.seed()), ""),
        run("graph", "--lab", "seed", "--format", "mermaid"));
    assertEquals(List.of("seed no-probe", "seed no-probe"), asked);
  }

  @Test
  void usageErrors() {
    assertEquals(
        new Run(2, "", "nsplay: unknown report format pdf (use html, md, txt)\n"),
        run("report", "--lab", "seed", "--format", "pdf"));
    assertEquals(
        new Run(2, "", "nsplay: unknown graph format png (use dot or mermaid)\n"),
        run("graph", "--lab", "seed", "--format", "png"));
    assertEquals(
        new Run(2, "", "nsplay: give a playbook or --lab, not both\n"),
        run("report", "--lab", "seed", "x.yml"));
    assertEquals(
        new Run(2, "", "nsplay: no-such.yml: no such file\n"), run("graph", "no-such.yml"));
    assertEquals(new Run(1, "", "nsplay: lab gone is not up\n"), run("report", "--lab", "gone"));
    assertTrue(asked.stream().noneMatch(a -> a.startsWith("seed")), asked.toString());
  }

  @Test
  void helpHasExamples() {
    for (String c : List.of("report", "graph")) {
      Run r = run(c, "--help");
      assertEquals(0, r.code());
      assertTrue(r.out().startsWith("Usage: nsplay " + c + " "), r.out());
      assertTrue(r.out().contains("Examples:\n  nsplay " + c), r.out());
    }
  }

  @Test
  void aLabThatIsNotUp() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String lab = "nsplay-not-up-" + Long.toHexString(System.nanoTime());
    int code =
        Main.run(
            new String[] {"report", "--lab", lab},
            new PrintWriter(out),
            new PrintWriter(err, true));
    assertEquals(1, code);
    assertEquals("nsplay: lab " + lab + " is not up\n", err.toString());
  }
}

package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import nsplay.app.Reports;
import nsplay.report.LabModel;
import nsplay.report.Renderer;
import nsplay.report.ReportException;

final class ReportCommand implements Command {
  static final Syntax.Opt FORMAT =
      Syntax.Opt.value(
              "FORMAT",
              "html, md or txt (default: from the -o file's extension, .md or .txt, else html)",
              "--format")
          .choices("html", "md", "txt");
  static final Syntax.Opt OUTPUT =
      Syntax.Opt.value(
          "PATH", "write the report to this file instead of standard output", "-o", "--output");
  static final Syntax.Opt TEMPLATES =
      Syntax.Opt.value(
          "DIR",
          "a folder of report.*.ftl templates that replace the built-in ones",
          "--templates");
  static final Syntax.Opt NO_PROBE =
      Syntax.Opt.flag("do not ping between namespaces (no matrix)", "--no-probe");

  private static final Syntax SYNTAX =
      Syntax.of(
          "report",
          List.of(
              "Report on a lab as the kernel has it now, in HTML, Markdown or text.",
              "Shows the topology, each namespace's interfaces and routes, bridges, veth pairs,"
                  + " NAT, which namespace reaches which address (pings between them unless"
                  + " --no-probe), and the last run. HTML is one self-contained page that prints"
                  + " well; Markdown carries a Mermaid graph. The templates are report.FORMAT.ftl;"
                  + " --templates DIR overrides them file by file. With one lab on the machine,"
                  + " plain `nsplay report` takes it.",
              "",
              "Examples:",
              "  nsplay report -o seed.html",
              "  nsplay report playbooks/seed-lab.yml --format md -o LAB.md",
              "  nsplay report --lab seed --format txt --no-probe",
              "  nsplay report --templates my-templates -o seed.html"),
          List.of(LabChoice.LAB, InstanceOption.OPT, FORMAT, OUTPUT, TEMPLATES, NO_PROBE),
          LabChoice.FILE);

  /** The command line, read once. */
  record Options(LabChoice which, String format, Path output, Path templates, boolean noProbe) {
    static Options of(Args a) throws Syntax.UsageError {
      return new Options(
          LabChoice.of(a), a.value(FORMAT), a.path(OUTPUT), a.path(TEMPLATES), a.flag(NO_PROBE));
    }
  }

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) throws Syntax.UsageError {
    Options o = Options.of(a);
    String format = o.format();
    Path output = o.output();
    PrintWriter out = io.out();
    PrintWriter err = io.err();
    String fmt = format != null ? format.toLowerCase(Locale.ROOT) : formatOf(output);
    if (!Renderer.FORMATS.contains(fmt)) {
      err.println(
          "nsplay: unknown report format "
              + format
              + " (use "
              + String.join(", ", Renderer.FORMATS)
              + ")");
      return Main.INVALID;
    }
    String name = o.which().require(err);
    if (name == null) {
      return Main.INVALID;
    }
    LabModel model = load(name, !o.noProbe(), err);
    if (model == null) {
      return Main.FAILED;
    }
    String text;
    try {
      text = new Renderer().render(model, fmt, o.templates());
    } catch (ReportException e) {
      err.println("nsplay: " + e.getMessage());
      return Main.INVALID;
    }
    return emit(text, output, out, err);
  }

  /** The format an output file's name asks for; html when it says nothing. */
  static String formatOf(Path output) {
    String n = output == null ? "" : output.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".md") || n.endsWith(".markdown")) {
      return "md";
    }
    if (n.endsWith(".txt")) {
      return "txt";
    }
    return "html";
  }

  /** The lab's model as it is now; null after printing why it cannot be read. */
  static LabModel load(String lab, boolean probe, PrintWriter err) {
    try {
      return Reports.model(lab, probe);
    } catch (NoSuchFileException e) {
      err.println("nsplay: lab " + lab + " is not up");
    } catch (IOException e) {
      err.println("nsplay: cannot read lab " + lab + ": " + e.getMessage());
    }
    return null;
  }

  /** Writes {@code text} to {@code output}, or to standard output when it is null. */
  static int emit(String text, Path output, PrintWriter out, PrintWriter err) {
    if (output == null) {
      out.print(text);
      out.flush();
      return Main.OK;
    }
    try {
      Files.writeString(output, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      err.println("nsplay: cannot write " + output + ": " + e.getMessage());
      return Main.FAILED;
    }
    return Main.OK;
  }
}

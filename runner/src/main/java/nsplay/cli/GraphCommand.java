package nsplay.cli;

import java.util.List;
import java.util.Locale;
import nsplay.report.Graph;
import nsplay.report.LabModel;

final class GraphCommand implements Command {
  static final Syntax.Opt FORMAT =
      Syntax.Opt.value("FORMAT", "dot or mermaid (default: dot)", "--format")
          .withDefault("dot")
          .choices("dot", "mermaid");

  private static final Syntax SYNTAX =
      Syntax.of(
          "graph",
          List.of(
              "Print a lab's topology as Graphviz DOT or as a Mermaid graph.",
              "Read from the kernel as it is now: namespaces are boxes, host bridges nodes, veth"
                  + " pairs edges labelled with their names and addresses. Mermaid suits Markdown"
                  + " (GitHub draws it). With one lab on the machine, plain `nsplay graph` takes"
                  + " it.",
              "",
              "Examples:",
              "  nsplay graph | dot -Tsvg -o seed.svg",
              "  nsplay graph playbooks/seed-lab.yml --format mermaid",
              "  nsplay graph --lab seed"),
          List.of(LabChoice.LAB, InstanceOption.OPT, FORMAT),
          LabChoice.FILE);

  /** The command line, read once. */
  record Options(LabChoice which, String format) {
    static Options of(Args a) throws Syntax.UsageError {
      return new Options(LabChoice.of(a), a.value(FORMAT));
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
    var out = io.out();
    var err = io.err();
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("dot") && !fmt.equals("mermaid")) {
      err.println("nsplay: unknown graph format " + format + " (use dot or mermaid)");
      return Main.INVALID;
    }
    String name = o.which().require(err);
    if (name == null) {
      return Main.INVALID;
    }
    LabModel model = ReportCommand.load(name, false, err);
    if (model == null) {
      return Main.FAILED;
    }
    return ReportCommand.emit(
        fmt.equals("dot") ? Graph.dot(model) : Graph.mermaid(model), null, out, err);
  }
}

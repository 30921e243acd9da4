package nsplay.cli;

import java.util.List;
import java.util.Locale;
import nsplay.report.Graph;
import nsplay.report.LabModel;
import nsplay.report.ModelSources;

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
          List.of(LabChoice.LAB, FORMAT),
          LabChoice.FILE);

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) {
    LabChoice which = LabChoice.of(a);
    String format = a.value(FORMAT);
    var out = io.out();
    var err = io.err();
    String fmt = format.toLowerCase(Locale.ROOT);
    if (!fmt.equals("dot") && !fmt.equals("mermaid")) {
      err.println("nsplay: unknown graph format " + format + " (use dot or mermaid)");
      return Main.INVALID;
    }
    String name = which.require(err);
    if (name == null) {
      return Main.INVALID;
    }
    LabModel model = ReportCommand.load(ModelSources.live(), name, false, err);
    if (model == null) {
      return Main.FAILED;
    }
    return ReportCommand.emit(
        fmt.equals("dot") ? Graph.dot(model) : Graph.mermaid(model), null, out, err);
  }
}

package nsplay.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import nsplay.report.Graph;
import nsplay.report.LabModel;
import nsplay.report.ModelSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "graph",
    mixinStandardHelpOptions = true,
    description = {
      "Print a lab's topology as Graphviz DOT or as a Mermaid graph.",
      "Read from the kernel as it is now: namespaces are boxes, host bridges nodes, veth pairs edges labelled with their names and addresses. Mermaid suits Markdown (GitHub draws it). With one lab on the machine, plain `nsplay graph` takes it.",
      "",
      "Examples:",
      "  nsplay graph | dot -Tsvg -o seed.svg",
      "  nsplay graph playbooks/seed-lab.yml --format mermaid",
      "  nsplay graph --lab seed"
    })
final class GraphCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @picocli.CommandLine.Mixin LabChoice which;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "dot",
      description = "dot or mermaid (default: dot)")
  String format;

  @Override
  public Integer call() {
    var out = spec.commandLine().getOut();
    var err = spec.commandLine().getErr();
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

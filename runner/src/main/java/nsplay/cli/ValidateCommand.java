package nsplay.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a playbook without changing anything (no root needed).",
      "Checks YAML, task types and parameters. Problems are printed as",
      "FILE:LINE:COL: error: ..., and the exit code is 2.",
      "",
      "Example:",
      "  nsplay validate playbooks/seed-lab.yml"
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the playbook")
  Path file;

  @Override
  public Integer call() {
    Input.Loaded in = Input.load(file, spec.commandLine().getErr());
    if (in == null) {
      return Main.INVALID;
    }
    spec.commandLine()
        .getOut()
        .println(
            file + ": lab " + in.playbook().name() + ", " + in.tasks().size() + " tasks, valid");
    return Main.OK;
  }
}

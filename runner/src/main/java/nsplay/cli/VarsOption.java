package nsplay.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code -e}: variables from the command line (a picocli mixin). */
final class VarsOption {
  @Option(
      names = {"-e", "--extra-vars"},
      paramLabel = "NAME=VALUE|@FILE",
      description = "set a variable (over the playbook's vars), or load a YAML file of them")
  List<String> extraVars = new ArrayList<>();
}

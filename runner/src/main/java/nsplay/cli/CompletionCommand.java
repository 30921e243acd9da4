package nsplay.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = {
      "Print a bash completion script for nsplay's commands and options.",
      "Load it into the current shell, or install it for every shell.",
      "",
      "Example:",
      "  source <(nsplay completion)",
      "  nsplay completion > /etc/bash_completion.d/nsplay"
    })
final class CompletionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    // A fresh instance of the real command tree: the script completes exactly what Main parses.
    String script = AutoComplete.bash("nsplay", new CommandLine(new NsplayCommand()));
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return Main.OK;
  }
}

package nsplay.cli;

import picocli.CommandLine.Command;

/** The top-level command; its subcommands do the work. */
@Command(
    name = "nsplay",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "Build Linux network-namespace labs from a playbook, and remove them again.",
      "",
      "Example:",
      "  nsplay up playbooks/seed-lab.yml",
      "  nsplay status",
      "  nsplay down"
    },
    subcommands = {
      UpCommand.class,
      DownCommand.class,
      StatusCommand.class,
      ValidateCommand.class,
      SchemaCommand.class,
      CompletionCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a task failed", "2:invalid input or command line"})
final class NsplayCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing command: up, down, status or validate");
  }
}

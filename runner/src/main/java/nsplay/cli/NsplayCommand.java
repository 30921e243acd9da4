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
      CheckCommand.class,
      ValidateCommand.class,
      ExecCommand.class,
      ReportCommand.class,
      GraphCommand.class,
      SchemaCommand.class,
      CompletionCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:success", "1:a task failed", "2:invalid input or command line"})
final class NsplayCommand implements Runnable {
  /** What the output is connected to: decides colour and live progress lines. */
  record Terminal(boolean colour, boolean live) {
    static final Terminal NONE = new Terminal(false, false);
  }

  private final Terminal terminal;

  NsplayCommand() {
    this(Terminal.NONE);
  }

  NsplayCommand(Terminal terminal) {
    this.terminal = terminal;
  }

  Terminal terminal() {
    return terminal;
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(),
        "missing command: up, down, status, check, validate, exec, report, graph, schema or completion");
  }
}

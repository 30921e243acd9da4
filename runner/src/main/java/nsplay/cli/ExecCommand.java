package nsplay.cli;

import java.io.PrintWriter;
import java.util.List;
import nsplay.app.Exec;
import nsplay.app.Privileges;
import nsplay.playbook.ParamType;

final class ExecCommand implements Command {
  private static final Syntax SYNTAX =
      Syntax.of(
          "exec",
          List.of(
              "Run a command inside a namespace; its exit code is passed through.",
              "Like `ip netns exec NETNS COMMAND`, without a shell: the command is run directly,"
                  + " with the same standard input, output and error. Everything after NETNS is"
                  + " the command and its own options; a -- before it is optional. SIGINT,"
                  + " SIGTERM and SIGHUP to nsplay are passed to the command, each as itself; if"
                  + " nsplay is killed, the command is killed too.",
              "",
              "Example:",
              "  nsplay exec red -- ip addr",
              "  nsplay exec red ping -c 1 192.168.15.2"),
          List.of(),
          Syntax.Operand.required("NETNS", "the namespace").choices(CompletionCommand.NETNS),
          Syntax.Operand.rest("COMMAND", "the program and its arguments"));

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) {
    String netns = a.operand(0);
    List<String> command = a.operandsFrom(1);
    PrintWriter err = io.err();
    try {
      ParamType.NETNS.check(netns);
    } catch (IllegalArgumentException e) {
      err.println("nsplay: " + e.getMessage());
      return Main.INVALID;
    }
    if (!Exec.exists(netns)) {
      err.println("nsplay: no namespace " + netns + " (see `ip netns list`)");
      return Main.INVALID;
    }
    if (!Privileges.enough("exec", err)) {
      return Main.INVALID;
    }
    io.out().flush();
    return Exec.run(netns, command, err);
  }
}

package nsplay.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import nsplay.jni.NativeException;
import nsplay.jni.Sys;
import nsplay.kernel.Kernel;
import nsplay.playbook.ParamType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    description = {
      "Run a command inside a namespace; its exit code is passed through.",
      "Like `ip netns exec NETNS COMMAND`, without a shell: the command is run directly, with the same standard input, output and error.",
      "",
      "Example:",
      "  nsplay exec red -- ip addr"
    })
final class ExecCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NETNS", description = "the namespace")
  String netns;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "the program and its arguments (after --)")
  List<String> command = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    try {
      ParamType.NETNS.check(netns);
    } catch (IllegalArgumentException e) {
      err.println("nsplay: " + e.getMessage());
      return Main.INVALID;
    }
    if (!java.nio.file.Files.exists(Kernel.NETNS_DIR.resolve(netns))) {
      err.println("nsplay: no namespace " + netns + " (see `ip netns list`)");
      return Main.INVALID;
    }
    if (!Input.privileged("exec", err)) {
      return Main.INVALID;
    }
    spec.commandLine().getOut().flush();
    try {
      return Sys.exec(Kernel.NETNS_DIR.resolve(netns), command);
    } catch (NativeException e) {
      err.println("nsplay: exec " + command.get(0) + " in " + netns + ": " + e.getMessage());
      return 127;
    }
  }
}

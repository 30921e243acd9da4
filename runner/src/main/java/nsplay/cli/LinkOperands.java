package nsplay.cli;

import nsplay.app.Privileges;
import nsplay.playbook.ParamType;

/** The NETNS LINK operands of the commands that act on one link of a lab (netem, capture). */
final class LinkOperands {
  private LinkOperands() {}

  /** The operands as --help and the man page show them. */
  static final Syntax.Operand NETNS =
      Syntax.Operand.required("NETNS", "the link's namespace, or host")
          .choices(CompletionCommand.NETNS);

  static final Syntax.Operand LINK = Syntax.Operand.required("LINK", "the link");

  /**
   * Whether {@code command} may go on: NETNS (null: the lab's host) and LINK are names the kernel
   * can hold, and this process may change namespaces; else it has said why on {@code io.err()}.
   */
  static boolean usable(String command, String netns, String link, Command.Io io) {
    try {
      if (netns != null) {
        ParamType.NETNS.check(netns);
      }
      ParamType.IFNAME.check(link);
    } catch (IllegalArgumentException e) {
      io.err().println("nsplay: " + e.getMessage());
      return false;
    }
    return Privileges.enough(command, io.err());
  }
}

package nsplay.cli;

import java.util.List;
import nsplay.app.Privileges;
import nsplay.app.ServiceLogs;
import nsplay.playbook.ParamType;

final class LogsCommand implements Command {
  static final Syntax.Opt FOLLOW =
      Syntax.Opt.flag("keep printing what the service writes, until Ctrl-C", "-f", "--follow");

  private static final Syntax SYNTAX =
      Syntax.of(
          "logs",
          List.of(
              "Print what a service of a lab wrote (its standard output and error).",
              "A `service` task's program writes to /run/nsplay/LAB/logs/SERVICE.log; this prints"
                  + " that file, and with -f goes on printing what it appends until Ctrl-C or the"
                  + " lab's down. The lab is the one up unless --lab names it.",
              "",
              "Examples:",
              "  nsplay logs web",
              "  nsplay logs --lab web -f web"),
          List.of(LabChoice.LAB, FOLLOW),
          Syntax.Operand.required("SERVICE", "the name: of the service task"));

  /** The command line, read once. */
  record Options(String lab, String service, boolean follow) {
    static Options of(Args a) {
      return new Options(a.value(LabChoice.LAB), a.operand(0), a.flag(FOLLOW));
    }
  }

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) {
    Options o = Options.of(a);
    try {
      ParamType.SERVICE_NAME.check(o.service());
    } catch (IllegalArgumentException e) {
      io.err().println("nsplay: service name: " + e.getMessage());
      return Main.INVALID;
    }
    if (!Privileges.enough("logs", io.err())) {
      return Main.INVALID;
    }
    String lab = new LabChoice(null, o.lab(), null).require(io.err());
    if (lab == null) {
      return Main.INVALID;
    }
    io.out().flush();
    return ServiceLogs.print(lab, o.service(), o.follow(), io.out(), io.err());
  }
}

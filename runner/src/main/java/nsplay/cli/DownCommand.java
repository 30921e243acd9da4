package nsplay.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import nsplay.app.Down;
import nsplay.app.Labs;
import nsplay.app.Privileges;

final class DownCommand implements Command {
  static final Syntax.Opt ALL = Syntax.Opt.flag("remove every lab on this machine", "--all");

  private static final Syntax SYNTAX =
      Syntax.of(
          "down",
          List.of(
              "Remove a lab: what its journal says it created, and nothing else.",
              "Works newest first from the journal alone: without the playbook, after it was"
                  + " edited, after a crash. With one lab on the machine, plain `nsplay down`"
                  + " takes it.",
              "",
              "Examples:",
              "  nsplay down",
              "  nsplay down playbooks/seed-lab.yml",
              "  nsplay down --lab seed",
              "  nsplay down --all"),
          List.of(ALL, LabChoice.LAB, LockOption.OPT),
          LabChoice.FILE);

  /** The command line, read once. */
  record Options(LabChoice which, boolean all, Duration lockWait) {
    static Options of(Args a) throws Syntax.UsageError {
      return new Options(
          LabChoice.of(a), a.flag(ALL), Duration.ofSeconds(a.integer(LockOption.OPT)));
    }
  }

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) throws Syntax.UsageError {
    Options o = Options.of(a);
    PrintWriter out = io.out();
    PrintWriter err = io.err();
    // Before anything else: even listing the labs needs root (/run/nsplay is 0700).
    if (!Privileges.enough("down", err)) {
      return Main.INVALID;
    }
    List<String> labs;
    if (o.all()) {
      if (o.which().given()) {
        err.println("nsplay: --all takes no playbook and no --lab");
        return Main.INVALID;
      }
      labs = Labs.all();
    } else {
      String name = o.which().resolve(err);
      if (name == null) {
        return Main.INVALID;
      }
      labs = name.isEmpty() ? List.of() : List.of(name);
    }
    if (labs.isEmpty()) {
      out.println("no lab is up; nothing to remove");
      return Main.OK;
    }
    return Down.remove(labs, o.lockWait(), out, err);
  }
}

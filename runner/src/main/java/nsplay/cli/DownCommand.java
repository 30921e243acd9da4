package nsplay.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import nsplay.app.Down;
import nsplay.app.Labs;
import nsplay.app.Privileges;
import nsplay.app.Scan;

final class DownCommand implements Command {
  static final Syntax.Opt ALL = Syntax.Opt.flag("remove every lab on this machine", "--all");
  static final Syntax.Opt SCAN =
      Syntax.Opt.flag(
          "with --lab: when its journal is lost or damaged, find the lab's objects by their marks"
              + " (links with its alias and group, its namespaces, its nft table), show them,"
              + " remove them and forget the lab",
          "--scan");

  static final Syntax.Opt KEEP_PROCESSES =
      Syntax.Opt.flag(
          "refuse to remove a lab while processes run in its namespaces (default: stop them,"
              + " SIGTERM then SIGKILL after 2 s)",
          "--keep-processes");

  /**
   * The host the lab was brought up with. With --scan it is where to look; otherwise `down` needs
   * no host (the journal names it), and given, it is a check that the lab is the one meant, so that
   * a script using one --host-netns for up and down does not remove a lab of the real host.
   */
  static final Syntax.Opt HOST_NETNS =
      Syntax.Opt.value(
              "NAME",
              "the namespace that played the lab's host (up's --host-netns): with --scan where to"
                  + " look, else refused when the journal names another",
              "--host-netns")
          .choices(CompletionCommand.NETNS);

  private static final Syntax SYNTAX =
      Syntax.of(
          "down",
          List.of(
              "Remove a lab: what its journal says it created, and nothing else.",
              "Works newest first from the journal alone: without the playbook, after it was"
                  + " edited, after a crash. With one lab on the machine, plain `nsplay down`"
                  + " takes it.",
              "A journal that cannot be wholly read (a damaged line, no lab record, empty): what"
                  + " it could read is removed, the rest is named, the lab's state is kept and the"
                  + " exit code is 1; then --scan removes the rest by the lab's marks. --scan does"
                  + " not restore sysctls (their old values were in the journal).",
              "--lab takes a glob too ('classroom-*': *, ? and [...]): every lab up whose name it"
                  + " matches, one after the other. --instance ID with the playbook or --lab NAME"
                  + " means the lab NAME-ID.",
              "",
              "Examples:",
              "  nsplay down",
              "  nsplay down playbooks/seed-lab.yml",
              "  nsplay down --lab seed",
              "  nsplay down --all",
              "  nsplay down --lab 'classroom-*'             # every lab the glob matches",
              "  nsplay down playbooks/classroom.yml --instance 2",
              "  nsplay down --host-netns sandbox --lab seed",
              "  nsplay down --lab seed --scan --host-netns sandbox"),
          List.of(
              ALL,
              LabChoice.LAB,
              InstanceOption.OPT,
              SCAN,
              HOST_NETNS,
              KEEP_PROCESSES,
              LockOption.OPT),
          LabChoice.FILE);

  /** The command line, read once. */
  record Options(
      LabChoice which,
      boolean all,
      boolean scan,
      String hostNetns,
      boolean keepProcesses,
      Duration lockWait) {
    static Options of(Args a) throws Syntax.UsageError {
      return new Options(
          LabChoice.of(a),
          a.flag(ALL),
          a.flag(SCAN),
          a.value(HOST_NETNS),
          a.flag(KEEP_PROCESSES),
          Duration.ofSeconds(a.integer(LockOption.OPT)));
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
    if (o.scan()) {
      // By marks alone, so by name alone: never "the only lab up", never every lab.
      if (o.which().lab() == null
          || o.which().file() != null
          || o.all()
          || Labs.isGlob(o.which().lab())) {
        err.println(
            "nsplay: --scan takes the lab by name: --lab NAME, and no glob, playbook or --all");
        return Main.INVALID;
      }
      return Scan.remove(
          InstanceOption.lab(o.which().lab(), o.which().instance()),
          o.hostNetns(),
          o.lockWait(),
          out,
          err);
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
      if (Labs.isGlob(name)) {
        // --lab 'classroom-*': every lab up whose name matches (lab names hold no * ? [)
        try {
          labs = Labs.matching(name);
        } catch (IllegalArgumentException e) {
          err.println("nsplay: --lab: " + e.getMessage());
          return Main.INVALID;
        }
        if (labs.isEmpty()) {
          out.println("no lab up matches " + name + "; nothing to remove");
          return Main.OK;
        }
      } else {
        labs = name.isEmpty() ? List.of() : List.of(name);
      }
    }
    if (labs.isEmpty()) {
      out.println("no lab is up; nothing to remove");
      return Main.OK;
    }
    return Down.remove(labs, o.hostNetns(), o.keepProcesses(), o.lockWait(), out, err);
  }
}

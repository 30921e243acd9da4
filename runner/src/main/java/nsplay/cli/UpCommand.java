package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nsplay.app.Up;
import nsplay.engine.Engine;
import nsplay.engine.JsonReporter;
import nsplay.engine.Reporter;
import nsplay.engine.TextReporter;
import nsplay.playbook.Playbook;

final class UpCommand implements Command {
  static final Syntax.Operand FILE = Syntax.Operand.required("FILE", "the playbook");
  static final Syntax.Opt VERBOSE =
      Syntax.Opt.flag("also print each kernel operation, in ip's words", "-v", "--verbose");
  static final Syntax.Opt HOST_NETNS =
      Syntax.Opt.value(
              "NAME",
              "let an existing namespace play the host (bridges, NAT, uplink live there)",
              "--host-netns")
          .choices(CompletionCommand.NETNS);
  static final Syntax.Opt DETAILED_EXITCODE =
      Syntax.Opt.flag(
          "with --check: exit 0 when nothing would change, 2 when something would, 1 on failure",
          "--detailed-exitcode");
  static final Syntax.Opt JSON =
      Syntax.Opt.flag("JSON Lines events on stdout instead of task lines", "--json");
  static final Syntax.Opt REPORT =
      Syntax.Opt.value(
          "PATH",
          "at the end, write the lab's HTML report (see `nsplay report`) to PATH",
          "--report");
  static final Syntax.Opt LIST_TASKS =
      Syntax.Opt.flag("list the tasks (name, type, tags) and exit", "--list-tasks");
  static final Syntax.Opt LIST_TAGS = Syntax.Opt.flag("list the tags used and exit", "--list-tags");

  private static final Syntax SYNTAX =
      Syntax.of(
          "up",
          List.of(
              "Bring a lab up: run the playbook's tasks in order.",
              "Tasks converge: a second run changes nothing and repairs what drifted. Everything"
                  + " created is journalled first under /run/nsplay/LAB, so `nsplay down` can"
                  + " remove it even after a crash. The whole playbook is checked before the first"
                  + " change.",
              "",
              "Examples:",
              "  nsplay up playbooks/seed-lab.yml",
              "  nsplay up playbooks/many.yml -e n=50",
              "  nsplay up --check --diff playbooks/seed-lab.yml"),
          List.of(
              RunOptions.VARS,
              RunOptions.TAGS,
              RunOptions.SKIP_TAGS,
              RunOptions.START_AT,
              VERBOSE,
              HOST_NETNS,
              RunOptions.CHECK,
              RunOptions.DIFF,
              DETAILED_EXITCODE,
              JSON,
              REPORT,
              LIST_TASKS,
              LIST_TAGS,
              LockOption.OPT),
          FILE);

  /** The command line, read once: what the rest of the command works from. */
  record Options(
      Path file,
      List<String> vars,
      Engine.Options run,
      boolean verbose,
      String hostNetns,
      boolean detailedExitCode,
      boolean json,
      Path report,
      boolean listTasks,
      boolean listTags,
      Duration lockWait) {
    static Options of(Args a) throws Syntax.UsageError {
      return new Options(
          a.operandPath(0),
          a.values(RunOptions.VARS),
          RunOptions.of(a),
          a.flag(VERBOSE),
          a.value(HOST_NETNS),
          a.flag(DETAILED_EXITCODE),
          a.flag(JSON),
          a.path(REPORT),
          a.flag(LIST_TASKS),
          a.flag(LIST_TAGS),
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
    PrintWriter err = io.err();
    if (o.detailedExitCode() && !o.run().check()) {
      err.println("nsplay: --detailed-exitcode goes with --check");
      return Main.INVALID;
    }
    Input.Loaded in = Input.read(o.file(), err);
    if (in == null) {
      return Main.INVALID;
    }
    Playbook pb = in.playbook();
    if ((o.listTasks() || o.listTags()) && !in.problems().isEmpty()) {
      Input.print(in.problems(), err);
      return Main.INVALID;
    }
    if (o.listTasks() || o.listTags()) {
      TaskListing.print(pb, o.listTags(), io.out());
      return Main.OK;
    }
    Map<String, Object> extra = RunOptions.extraVars(o.vars(), err);
    if (extra == null) {
      return Main.INVALID;
    }
    Reporter reporter =
        o.json()
            ? new JsonReporter(io.out())
            : new TextReporter(io.out(), io.terminal().colour(), o.verbose(), io.terminal().live());
    return Up.run(
        new Up.Request(
            pb,
            in.problems(),
            extra,
            o.run(),
            o.hostNetns(),
            o.lockWait(),
            o.detailedExitCode(),
            o.report()),
        reporter,
        err);
  }
}

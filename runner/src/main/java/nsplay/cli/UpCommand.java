package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nsplay.app.Up;
import nsplay.app.UpMany;
import nsplay.engine.Engine;
import nsplay.engine.JsonReporter;
import nsplay.engine.Reporter;
import nsplay.engine.TextReporter;
import nsplay.playbook.Instance;
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
  static final Syntax.Opt INSTANCES =
      Syntax.Opt.value(
          "LIST",
          "bring up several instances at once, each as --instance would (1-30, or 1-3,7)",
          "--instances");
  static final Syntax.Opt PARALLEL =
      Syntax.Opt.value(
          "N",
          "with --instances: how many run at once (default: "
              + nsplay.app.UpMany.defaultParallel()
              + " here)",
          "--parallel");

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
              "  nsplay up --check --diff playbooks/seed-lab.yml",
              "  nsplay up playbooks/classroom.yml --instance 2      # the lab classroom-2",
              "  nsplay up playbooks/classroom.yml --instances 1-30  # 30 labs, a table at the end"),
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
              InstanceOption.OPT,
              INSTANCES,
              PARALLEL,
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
      Instance instance,
      List<Instance> instances,
      int parallel,
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
          InstanceOption.of(a),
          instances(a),
          a.value(PARALLEL) == null ? UpMany.defaultParallel() : a.integer(PARALLEL),
          Duration.ofSeconds(a.integer(LockOption.OPT)));
    }

    private static List<Instance> instances(Args a) throws Syntax.UsageError {
      String v = a.value(INSTANCES);
      if (v == null) {
        return null;
      }
      try {
        return Instance.parseList(v);
      } catch (IllegalArgumentException e) {
        throw new Syntax.UsageError("--instances: " + e.getMessage());
      }
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
    if (o.instances() != null && (o.instance() != null || o.json() || o.detailedExitCode())) {
      err.println("nsplay: --instances goes without --instance, --json and --detailed-exitcode");
      return Main.INVALID;
    }
    if (o.parallel() < 1 || o.parallel() > 64) {
      err.println("nsplay: --parallel must be between 1 and 64, got " + o.parallel());
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
    if (o.instances() != null && !in.problems().isEmpty()) {
      // The playbook's own problems are every instance's: said once.
      Input.print(in.problems(), err);
      return Main.INVALID;
    }
    if (o.instances() != null) {
      Up.Request req =
          new Up.Request(
              pb, in.problems(), extra, o.run(), o.hostNetns(), o.lockWait(), false, o.report());
      if (!nsplay.app.Privileges.enough(o.run().check() ? "up --check" : "up", err)) {
        return Main.INVALID;
      }
      return InstancesView.run(req, o.instances(), o.parallel(), io);
    }
    InstanceOption.Applied applied = InstanceOption.apply(o.instance(), pb, extra, err);
    if (applied == null) {
      return Main.INVALID;
    }
    pb = applied.playbook();
    extra = applied.extra();
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

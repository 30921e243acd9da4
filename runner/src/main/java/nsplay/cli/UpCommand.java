package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nsplay.engine.Engine;
import nsplay.engine.JsonReporter;
import nsplay.engine.Reporter;
import nsplay.engine.RunLog;
import nsplay.engine.TextReporter;
import nsplay.engine.World;
import nsplay.kernel.DryRunKernel;
import nsplay.kernel.Kernel;
import nsplay.kernel.LiveKernel;
import nsplay.playbook.Binder;
import nsplay.playbook.ExtraVars;
import nsplay.playbook.Playbook;
import nsplay.playbook.Problem;
import nsplay.playbook.TaskSource;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.LabLock;
import nsplay.state.Marks;
import nsplay.task.Context;

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
  static final Syntax.Opt CHECK =
      Syntax.Opt.flag(
          "change nothing; report what each task would do (changed = would change)",
          "-C",
          "--check");
  static final Syntax.Opt DIFF =
      Syntax.Opt.flag("show each changed task's objects before and after", "-D", "--diff");
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
              CHECK,
              DIFF,
              DETAILED_EXITCODE,
              JSON,
              REPORT,
              LIST_TASKS,
              LIST_TAGS,
              LockOption.OPT),
          FILE);

  private boolean check;
  private boolean detailedExitCode;
  private String hostNetns;
  private Path report;

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) throws Syntax.UsageError {
    PrintWriter out = io.out();
    PrintWriter err = io.err();
    Path file = a.operandPath(0);
    check = a.flag(CHECK);
    boolean diff = a.flag(DIFF);
    detailedExitCode = a.flag(DETAILED_EXITCODE);
    hostNetns = a.value(HOST_NETNS);
    report = a.path(REPORT);
    int lockSeconds = a.integer(LockOption.OPT);
    String startAt = a.value(RunOptions.START_AT);
    List<String> tags = a.split(RunOptions.TAGS);
    List<String> skipTags = a.split(RunOptions.SKIP_TAGS);
    if (detailedExitCode && !check) {
      err.println("nsplay: --detailed-exitcode goes with --check");
      return Main.INVALID;
    }
    Input.Loaded in = Input.load(file, err);
    if (in == null) {
      return Main.INVALID;
    }
    Playbook pb = in.playbook();
    if (a.flag(LIST_TASKS) || a.flag(LIST_TAGS)) {
      list(pb, a.flag(LIST_TAGS), out);
      return Main.OK;
    }
    Map<String, Object> extra;
    try {
      extra = ExtraVars.parse(a.values(RunOptions.VARS));
    } catch (IllegalArgumentException e) {
      err.println("nsplay: " + e.getMessage());
      return Main.INVALID;
    }
    if (startAt != null && pb.tasks().stream().noneMatch(t -> t.displayName().equals(startAt))) {
      err.println("nsplay: --start-at-task: no task is named \"" + startAt + "\"");
      return Main.INVALID;
    }
    Reporter reporter =
        a.flag(JSON)
            ? new JsonReporter(out)
            : new TextReporter(out, io.terminal().colour(), a.flag(VERBOSE), io.terminal().live());
    if (!check) {
      // Reports show the last real run; it is written when the run ends.
      reporter =
          new RunLog(reporter, Journal.dir(Journal.ROOT, pb.name()).resolve("last-run.json"));
    }
    Engine engine = new Engine(reporter, new Engine.Options(check, diff, tags, skipTags, startAt));
    Map<String, Object> vars;
    try {
      vars = engine.variables(pb, extra);
    } catch (Binder.BindException e) {
      Input.printProblems(List.of(e.problem()), err);
      return Main.INVALID;
    }
    if (!Input.privileged(check ? "up --check" : "up", err)) {
      return Main.INVALID;
    }
    String lab = pb.name();
    // One up or down of a lab at a time; a check changes nothing and needs no lock.
    LabLock held = check ? null : LockOption.acquire(lab, lockSeconds, err);
    if (!check && held == null) {
      return Main.FAILED;
    }
    try (held;
        LiveKernel live = new LiveKernel(hostNetns)) {
      int code = up(pb, lab, engine, vars, live, err);
      // A run that made nothing (refused before any change) leaves no lock file behind:
      // /run/nsplay holds only labs that are up. Removed while still held, so that no other
      // run can have locked the file we remove.
      if (held != null && !java.nio.file.Files.exists(Journal.dir(Journal.ROOT, lab))) {
        held.removeFile();
      }
      return code;
    }
  }

  private int up(
      Playbook pb,
      String lab,
      Engine engine,
      Map<String, Object> vars,
      LiveKernel live,
      PrintWriter err) {
    if (hostNetns != null && !live.netnsExists(hostNetns)) {
      err.println("nsplay: --host-netns " + hostNetns + ": no such namespace");
      return Main.INVALID;
    }
    List<Entry> past = Journal.readIfExists(Journal.ROOT, lab);
    List<Problem> problems =
        engine.preflight(pb, vars, World.of(live, lab, past, Labs.journalsExcept(lab)));
    if (!problems.isEmpty()) {
      Input.printProblems(problems, err);
      return Main.INVALID;
    }
    Entry.Lab head = Journal.labOf(past);
    if (head != null && !Objects.equals(head.hostNetns(), hostNetns)) {
      err.println(
          "nsplay: lab "
              + lab
              + " is up with "
              + (head.hostNetns() == null ? "the real host" : "--host-netns " + head.hostNetns())
              + "; bring it down first, or use the same host");
      return Main.INVALID;
    }
    int group = head != null ? head.group() : Marks.group(lab);
    Engine.Recap recap;
    if (check) {
      try (Kernel dry = new DryRunKernel(live);
          Journal journal = Journal.scratch(past)) {
        recap = engine.run(pb, vars, new Context(dry, journal, lab, group, true));
      }
    } else {
      try (Journal journal = Journal.open(Journal.ROOT, lab)) {
        if (head == null) {
          journal.record(new Entry.Lab(lab, hostNetns, group));
        }
        recap = engine.run(pb, vars, new Context(live, journal, lab, group));
      }
    }
    if (report != null && !check && !writeReport(pb.name(), err)) {
      return Main.FAILED;
    }
    if (recap.failed() > 0) {
      return Main.FAILED;
    }
    return detailedExitCode && recap.changed() > 0 ? Main.INVALID : Main.OK;
  }

  /** The HTML report of the lab as it now is, probes included; false after saying why not. */
  private boolean writeReport(String lab, PrintWriter err) {
    try {
      String html =
          new nsplay.report.Renderer()
              .render(nsplay.report.ModelSources.live().load(lab, true), "html", null);
      java.nio.file.Files.writeString(report, html);
      return true;
    } catch (java.io.IOException | nsplay.report.ReportException e) {
      err.println("nsplay: --report " + report + ": " + e.getMessage());
      return false;
    }
  }

  private static void list(Playbook pb, boolean tagsOnly, PrintWriter out) {
    if (tagsOnly) {
      java.util.Set<String> tags = new java.util.TreeSet<>();
      pb.tasks().forEach(t -> tags.addAll(t.tags()));
      out.println("TAGS: " + String.join(", ", tags));
      return;
    }
    out.println("playbook " + pb.file() + ", lab " + pb.name() + ":");
    for (TaskSource t : pb.tasks()) {
      out.println(
          "  "
              + t.displayName()
              + " ("
              + t.type()
              + ")"
              + (t.tags().isEmpty() ? "" : " TAGS: [" + String.join(", ", t.tags()) + "]"));
    }
  }
}

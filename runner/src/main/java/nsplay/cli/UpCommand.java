package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
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
import nsplay.task.Context;
import nsplay.task.Marks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Bring a lab up: run the playbook's tasks in order.",
      "Tasks converge: a second run changes nothing and repairs what drifted. Everything created is journalled first under /run/nsplay/LAB, so `nsplay down` can remove it even after a crash. The whole playbook is checked before the first change.",
      "",
      "Examples:",
      "  nsplay up playbooks/seed-lab.yml",
      "  nsplay up playbooks/many.yml -e n=50",
      "  nsplay up --check --diff playbooks/seed-lab.yml"
    })
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @ParentCommand NsplayCommand parent;
  @Mixin RunOptions run;

  @Parameters(index = "0", paramLabel = "FILE", description = "the playbook")
  Path file;

  @Option(
      names = {"-v", "--verbose"},
      description = "also print each kernel operation, in ip's words")
  boolean verbose;

  @Option(
      names = "--host-netns",
      paramLabel = "NAME",
      description = "let an existing namespace play the host (bridges, NAT, uplink live there)")
  String hostNetns;

  @Option(
      names = {"-C", "--check"},
      description = "change nothing; report what each task would do (changed = would change)")
  boolean check;

  @Option(
      names = {"-D", "--diff"},
      description = "show each changed task's objects before and " + "after")
  boolean diff;

  @Option(
      names = "--detailed-exitcode",
      description =
          "with --check: exit 0 when nothing would "
              + "change, 2 when something would, 1 on failure")
  boolean detailedExitCode;

  @Option(names = "--json", description = "JSON Lines events on stdout instead of task lines")
  boolean json;

  @Option(
      names = "--report",
      paramLabel = "PATH",
      description = "at the end, write the lab's HTML report (see `nsplay report`) to PATH")
  Path report;

  @Option(names = "--list-tasks", description = "list the tasks (name, type, tags) and exit")
  boolean listTasks;

  @Option(names = "--list-tags", description = "list the tags used and exit")
  boolean listTags;

  @picocli.CommandLine.Mixin LockOption lock;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (detailedExitCode && !check) {
      err.println("nsplay: --detailed-exitcode goes with --check");
      return Main.INVALID;
    }
    Input.Loaded in = Input.load(file, err);
    if (in == null) {
      return Main.INVALID;
    }
    Playbook pb = in.playbook();
    if (listTasks || listTags) {
      list(pb, out);
      return Main.OK;
    }
    Map<String, Object> extra;
    try {
      extra = ExtraVars.parse(run.vars.extraVars);
    } catch (IllegalArgumentException e) {
      err.println("nsplay: " + e.getMessage());
      return Main.INVALID;
    }
    if (run.startAt != null
        && pb.tasks().stream().noneMatch(t -> t.displayName().equals(run.startAt))) {
      err.println("nsplay: --start-at-task: no task is named \"" + run.startAt + "\"");
      return Main.INVALID;
    }
    Reporter reporter =
        json
            ? new JsonReporter(out)
            : new TextReporter(out, parent.terminal().colour(), verbose, parent.terminal().live());
    if (!check) {
      // Reports show the last real run; it is written when the run ends.
      reporter =
          new RunLog(reporter, Journal.dir(Journal.ROOT, pb.name()).resolve("last-run.json"));
    }
    Engine engine =
        new Engine(reporter, new Engine.Options(check, diff, run.tags, run.skipTags, run.startAt));
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
    LabLock held = check ? null : lock.acquire(lab, err);
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

  private void list(Playbook pb, PrintWriter out) {
    if (listTags) {
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

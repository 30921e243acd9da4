package nsplay.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nsplay.engine.Engine;
import nsplay.engine.Reporter;
import nsplay.engine.RunLog;
import nsplay.engine.World;
import nsplay.kernel.DryRunKernel;
import nsplay.kernel.Kernel;
import nsplay.kernel.LiveKernel;
import nsplay.playbook.Binder;
import nsplay.playbook.Playbook;
import nsplay.playbook.Problem;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.LabLock;
import nsplay.state.Marks;
import nsplay.task.Context;
import nsplay.util.Interruption;

/** Bringing a lab up from its playbook: `nsplay up`. */
public final class Up {
  /**
   * One run, as the command line asked for it.
   *
   * @param hostNetns the namespace that plays the host; null for the real host
   * @param lockWait how long to wait for another up or down of the lab
   * @param detailedExitCode with check: exit 2 when something would change
   * @param report where to write the lab's HTML report at the end; null for none
   */
  public record Request(
      Playbook playbook,
      List<Problem> problems,
      Map<String, Object> extraVars,
      Engine.Options options,
      String hostNetns,
      Duration lockWait,
      boolean detailedExitCode,
      Path report) {
    public Request {
      problems = List.copyOf(problems);
      extraVars = Map.copyOf(extraVars);
    }
  }

  private Up() {}

  /**
   * Checks that --start-at-task names a task, binds the variables, checks the playbook against the
   * kernel, runs it under the lab's lock, and returns the exit code; every task goes to {@code
   * reporter}, every reason to stop to {@code err}.
   */
  public static int run(Request req, Reporter reporter, PrintWriter err) {
    Playbook pb;
    try {
      if (!req.problems().isEmpty()) {
        return invalid(req, reporter, err);
      }
      // The name first: the run's log is under it. Bound again below, with the reporter.
      pb = new Engine(reporter, req.options()).named(req.playbook(), req.extraVars());
    } catch (Binder.BindException e) {
      return invalid(req, reporter, err);
    }
    String startAt = req.options().startAt();
    if (startAt != null && pb.tasks().stream().noneMatch(t -> t.displayName().equals(startAt))) {
      err.println("nsplay: --start-at-task: no task is named \"" + startAt + "\"");
      return Exit.INVALID;
    }
    boolean check = req.options().check();
    RunLog log = null;
    if (!check) {
      // Reports show the last real run; it is written when the run ends.
      log = new RunLog(reporter, Journal.dir(Journal.ROOT, pb.name()).resolve("last-run.json"));
      reporter = log;
    }
    Engine.Bound bound;
    try {
      bound = new Engine(reporter, req.options()).bind(pb, req.extraVars());
    } catch (Binder.BindException e) {
      return invalid(req, reporter, err);
    }
    if (!Privileges.enough(check ? "up --check" : "up", err)) {
      return Exit.INVALID;
    }
    if (!check) {
      // Ctrl-C from here on stops the run between two changes, with the lock released.
      Interruption.arm();
    }
    try {
      return locked(req, bound, log, err);
    } finally {
      Interruption.disarm();
    }
  }

  /**
   * A playbook that cannot run: every problem of it, in one round, as `validate` finds them
   * (without root, the kernel or the lab's lock: nothing is changed), and exit 2.
   */
  private static int invalid(Request req, Reporter reporter, PrintWriter err) {
    Engine.Checked checked =
        new Engine(reporter, req.options())
            .prepare(req.playbook(), req.problems(), req.extraVars(), World.namespacesOnly());
    if (checked instanceof Engine.Problems p) {
      Diagnostics.print(p.list(), err);
    }
    return Exit.INVALID;
  }

  private static int locked(Request req, Engine.Bound bound, RunLog log, PrintWriter err) {
    Playbook pb = bound.playbook(); // under its name: a templated one rendered
    boolean check = req.options().check();
    LabSession lab;
    try {
      // One up or down of a lab at a time; a check changes nothing and needs no lock.
      lab =
          LabSession.forRun(
              pb.name(),
              req.hostNetns(),
              check ? null : req.lockWait(),
              msg -> err.println("nsplay: " + msg));
    } catch (LabLock.BusyException e) {
      err.println("nsplay: " + e.getMessage());
      return Exit.FAILED;
    }
    try (lab) {
      int code;
      try {
        code = up(req, bound, lab, err);
      } catch (Interruption.Interrupted e) {
        // The journal is closed (its last record is the last change made); the lock is
        // released when the session closes, and its file removed below when nothing was made.
        if (log != null) {
          log.interrupted();
        }
        err.println(
            "nsplay: interrupted after "
                + Interruption.changes()
                + (Interruption.changes() == 1 ? " change" : " changes")
                + "; run 'nsplay up' again to finish or 'nsplay down' to remove");
        code = Exit.INTERRUPTED;
      }
      lab.forgetIfNothingMade();
      return code;
    }
  }

  private static int up(Request req, Engine.Bound bound, LabSession lab, PrintWriter err) {
    LiveKernel live = lab.kernel();
    String host = req.hostNetns();
    if (host != null && !live.netnsExists(host)) {
      err.println("nsplay: --host-netns " + host + ": no such namespace");
      return Exit.INVALID;
    }
    String name = lab.name();
    Engine.Checked checked =
        bound.preflight(World.of(live, name, lab.journal(), Labs.journalsExcept(name)));
    if (checked instanceof Engine.Problems p) {
      Diagnostics.print(p.list(), err);
      return Exit.INVALID;
    }
    Engine.Prepared run = (Engine.Prepared) checked;
    // Before the run, as problems are: they are about the playbook, not a task's outcome.
    Diagnostics.print(run.warnings(), err);
    Entry.Lab head = lab.head();
    if (head != null && !Objects.equals(head.hostNetns(), host)) {
      err.println(
          "nsplay: lab "
              + name
              + " is up with "
              + (head.hostNetns() == null ? "the real host" : "--host-netns " + head.hostNetns())
              + "; bring it down first, or use the same host");
      return Exit.INVALID;
    }
    int group = head != null ? head.group() : Marks.group(name);
    boolean check = req.options().check();
    Engine.Recap recap;
    if (check) {
      try (Kernel dry = new DryRunKernel(live);
          Journal journal = Journal.scratch(lab.journal())) {
        recap = run.run(new Context(dry, journal, name, group, true));
      }
    } else {
      try (Journal journal = Journal.open(Journal.ROOT, name)) {
        if (head == null) {
          journal.record(new Entry.Lab(name, host, group));
        }
        recap = run.run(new Context(live, journal, name, group));
      }
    }
    if (req.report() != null && !check && !Reports.writeHtml(name, req.report(), err)) {
      return Exit.FAILED;
    }
    if (recap.failed() > 0) {
      return Exit.FAILED;
    }
    return req.detailedExitCode() && recap.changed() > 0 ? Exit.INVALID : Exit.OK;
  }
}

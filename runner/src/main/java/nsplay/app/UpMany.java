package nsplay.app;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import nsplay.engine.Engine;
import nsplay.engine.Reporter;
import nsplay.playbook.Instance;
import nsplay.task.Outcome;
import nsplay.util.Interruption;

/**
 * Many instances of one lab brought up by one process, several at once: `nsplay up --instances
 * 1-30`. Each instance is an ordinary {@link Up#run} of the playbook under its own name ({@code
 * NAME-ID}), with its own session, journal, lock and kernel sockets, on a thread of a bounded pool;
 * one failing does not stop the others.
 *
 * <p>What is shared between the threads is immutable (the playbook, the task registry) or made for
 * it (FreeMarker's configuration; the signal flag of {@link Interruption}, which stops every
 * instance at its next stopping point). Kernel access is per thread: a socket inside a namespace is
 * opened by entering the namespace on the calling thread only and leaving it at once.
 */
public final class UpMany {
  private UpMany() {}

  /** At most this many instances run at once by default. */
  public static int defaultParallel() {
    return Math.min(4, Runtime.getRuntime().availableProcessors() * 2);
  }

  /**
   * One instance's run: its lab, exit code, recap (null when it did not run its tasks), how long it
   * took, and what it said of its problems (one line each; located errors as `up` prints them).
   */
  public record Result(
      Instance instance, String lab, int exit, Engine.Recap recap, long millis, List<String> says) {
    public Result {
      says = List.copyOf(says);
    }
  }

  /** What the command line is told as instances start and end (from the pool's threads). */
  public interface Progress {
    void started(Instance i, int running);

    void ended(Result r, int done, int total);
  }

  /**
   * Brings up every instance of {@code req}'s playbook, {@code parallel} at a time, and returns
   * their results in the order given. {@code req.playbook()} is the playbook as written; each
   * instance gets its name and its variables added to {@code req.extraVars()}.
   */
  public static List<Result> run(
      Up.Request req, List<Instance> instances, int parallel, Progress progress) {
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(parallel, instances.size())),
            r -> {
              Thread t = new Thread(r, "nsplay-instance");
              t.setDaemon(true);
              return t;
            });
    AtomicInteger running = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    // Armed once for the whole batch: a signal stops every instance between two changes.
    Interruption.arm();
    try {
      List<Future<Result>> futures = new ArrayList<>();
      for (Instance i : instances) {
        futures.add(
            pool.submit(
                () -> {
                  progress.started(i, running.incrementAndGet());
                  Result r = one(req, i);
                  running.decrementAndGet();
                  progress.ended(r, done.incrementAndGet(), instances.size());
                  return r;
                }));
      }
      List<Result> out = new ArrayList<>();
      for (int k = 0; k < futures.size(); k++) {
        out.add(await(futures.get(k), instances.get(k), req));
      }
      return out;
    } finally {
      pool.shutdownNow();
      Interruption.disarm();
    }
  }

  private static Result await(Future<Result> f, Instance i, Up.Request req) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return f.get();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable c = e.getCause();
      String lab = i.labName(String.valueOf(req.playbook().name()));
      return new Result(
          i, lab, Exit.FAILED, null, 0, List.of("nsplay: internal error: " + String.valueOf(c)));
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One instance, as `up --instance ID` would run it, its output kept for the summary. */
  static Result one(Up.Request req, Instance i) {
    long start = System.nanoTime();
    StringWriter said = new StringWriter();
    Quiet reporter = new Quiet();
    int exit;
    String lab = i.labName(req.playbook().name());
    try (PrintWriter err = new PrintWriter(said)) {
      Map<String, Object> vars;
      try {
        vars = i.withVars(req.extraVars());
      } catch (IllegalArgumentException e) {
        err.println("nsplay: " + e.getMessage());
        return result(i, lab, Exit.INVALID, reporter, start, said);
      }
      Up.Request mine =
          new Up.Request(
              req.playbook().instance(i),
              req.problems(),
              vars,
              req.options(),
              req.hostNetns(),
              req.lockWait(),
              req.detailedExitCode(),
              req.report() == null ? null : req.report().resolveSibling(baseName(req.report(), i)));
      try {
        lab = new Engine(reporter, req.options()).named(mine.playbook(), vars).name();
      } catch (nsplay.playbook.Binder.BindException e) {
        // Up.run says why, located
      }
      exit = Up.run(mine, reporter, err);
    } catch (Interruption.Interrupted e) {
      exit = Exit.INTERRUPTED;
    }
    return result(i, lab, exit, reporter, start, said);
  }

  /** report.html for instance 2 is report-2.html. */
  private static String baseName(java.nio.file.Path p, Instance i) {
    String n = p.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return dot > 0 ? i.labName(n.substring(0, dot)) + n.substring(dot) : i.labName(n);
  }

  private static Result result(
      Instance i, String lab, int exit, Quiet reporter, long start, StringWriter said) {
    List<String> says = new ArrayList<>(reporter.failures);
    said.toString().lines().filter(l -> !l.isBlank()).forEach(says::add);
    return new Result(i, lab, exit, reporter.recap, (System.nanoTime() - start) / 1_000_000, says);
  }

  /** Keeps an instance's recap and the messages of its failed tasks; prints nothing. */
  private static final class Quiet implements Reporter {
    volatile Engine.Recap recap;
    volatile String lab;
    final List<String> failures = new ArrayList<>();

    @Override
    public void taskStart(String task, String item) {}

    @Override
    public void taskEnd(TaskEvent e) {
      if (e.outcome().status() == Outcome.Status.FAILED && !e.ignored()) {
        failures.add(
            "TASK ["
                + e.task()
                + (e.item() == null ? "" : " (" + e.item() + ")")
                + "] failed: "
                + e.outcome().message());
      }
    }

    @Override
    public void recap(String lab, Engine.Recap recap) {
      this.lab = lab;
      this.recap = recap;
    }
  }
}

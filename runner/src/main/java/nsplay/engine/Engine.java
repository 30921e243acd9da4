package nsplay.engine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;
import nsplay.jni.NativeException;
import nsplay.task.Context;
import nsplay.task.Outcome;
import nsplay.task.Task;
import nsplay.task.TaskFailure;

/**
 * Runs a playbook's tasks in order and prints one line per task, Ansible's way: {@code TASK [name]
 * ... ok|changed|failed}, then a recap. A failed task stops the run: later tasks build on earlier
 * ones.
 */
public final class Engine {
  private final PrintWriter out;
  private final boolean verbose;

  public Engine(PrintWriter out, boolean verbose) {
    this.out = out;
    this.verbose = verbose;
  }

  /** Counts of task outcomes. */
  public record Recap(int ok, int changed, int failed, int skipped) {
    public String format(String lab) {
      return "RECAP "
          + lab
          + ": ok="
          + ok
          + " changed="
          + changed
          + " failed="
          + failed
          + " skipped="
          + skipped;
    }
  }

  public Recap run(List<Task<?, ?>> tasks, Context ctx) {
    int ok = 0;
    int changed = 0;
    int failed = 0;
    for (Task<?, ?> task : tasks) {
      Outcome o = runOne(task, ctx);
      StringBuilder line = new StringBuilder();
      line.append("TASK [").append(task.decl().name()).append("] ... ").append(o.status().word());
      if (o.message() != null) {
        line.append(o.status() == Outcome.Status.FAILED ? ": " : " (")
            .append(o.message())
            .append(o.status() == Outcome.Status.FAILED ? "" : ")");
      }
      out.println(line);
      if (verbose) {
        for (String c : o.changes()) {
          out.println("    " + c);
        }
      }
      out.flush();
      switch (o.status()) {
        case OK -> ok++;
        case CHANGED -> changed++;
        case FAILED -> failed++;
        case SKIPPED -> {}
      }
      if (o.status() == Outcome.Status.FAILED) {
        break;
      }
    }
    return new Recap(ok, changed, failed, 0);
  }

  private static Outcome runOne(Task<?, ?> task, Context ctx) {
    try {
      return task.run(ctx);
    } catch (TaskFailure e) {
      return Outcome.failed(e.getMessage(), List.of());
    } catch (NativeException e) {
      return Outcome.failed(e.getMessage(), List.of());
    } catch (UncheckedIOException e) {
      return Outcome.failed(e.getMessage(), List.of());
    }
  }
}

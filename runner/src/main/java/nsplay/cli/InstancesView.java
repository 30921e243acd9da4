package nsplay.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import nsplay.app.Up;
import nsplay.app.UpMany;
import nsplay.playbook.Instance;

/**
 * What `up --instances` shows: one progress line for all instances (rewritten in place on a
 * terminal, a plain line per finished instance elsewhere), then a table of instance, lab, result
 * and time, then what each failed instance said.
 */
final class InstancesView implements UpMany.Progress {
  private final PrintWriter out;
  private final boolean live;
  private final long start = System.nanoTime();
  private int running;
  private int failed;
  private int done;
  private int total;

  private InstancesView(PrintWriter out, boolean live) {
    this.out = out;
    this.live = live;
  }

  /**
   * Runs the instances and shows them; the exit code is 0 when all came up, else 1 (130 on a
   * signal).
   */
  static int run(Up.Request req, List<Instance> instances, int parallel, Command.Io io) {
    InstancesView view = new InstancesView(io.out(), io.terminal().live());
    view.line(0, instances.size());
    // On a terminal the line's clock goes on between two instances' ends.
    Thread ticker = view.live ? view.ticker() : null;
    List<UpMany.Result> results;
    try {
      results = UpMany.run(req, instances, parallel, view);
    } finally {
      if (ticker != null) {
        ticker.interrupt();
        nsplay.util.Threads.joinUninterruptibly(ticker);
      }
    }
    return view.summary(results);
  }

  private Thread ticker() {
    Thread t =
        new Thread(
            () -> {
              try {
                while (true) {
                  Thread.sleep(500);
                  synchronized (this) {
                    line(done, total);
                  }
                }
              } catch (InterruptedException stop) {
                // the run is over
              }
            },
            "nsplay-progress");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Override
  public synchronized void started(Instance i, int running) {
    this.running++; // counted here, under the view's lock, in the order the line shows
    if (live) {
      line(done, total);
    }
  }

  @Override
  public synchronized void ended(UpMany.Result r, int done, int total) {
    running = Math.max(0, running - 1);
    if (r.exit() != 0) {
      failed++;
    }
    if (!live) {
      out.println(
          "instance "
              + r.instance().id()
              + " ("
              + r.lab()
              + "): "
              + result(r)
              + " in "
              + seconds(r.millis()));
    }
    line(done, total);
  }

  private synchronized void line(int done, int total) {
    // Two instances that end at once may report their counts out of order.
    this.done = Math.max(this.done, done);
    this.total = total;
    done = this.done;
    String s =
        "instances: "
            + done
            + "/"
            + total
            + " done, "
            + running
            + " running, "
            + failed
            + " failed, "
            + seconds((System.nanoTime() - start) / 1_000_000);
    if (live) {
      out.print("\r\033[K" + s);
      out.flush();
    } else if (done == 0) {
      out.println(s);
      out.flush();
    } else if (done == total) {
      out.println(s);
    }
    out.flush();
  }

  private int summary(List<UpMany.Result> results) {
    if (live) {
      out.println();
    }
    int labWidth = Math.max(3, results.stream().mapToInt(r -> r.lab().length()).max().orElse(3));
    int resultWidth =
        Math.max(6, results.stream().mapToInt(r -> result(r).length()).max().orElse(6));
    String format = "%-8s  %-" + labWidth + "s  %-" + resultWidth + "s  %8s%n";
    out.printf(Locale.ROOT, format, "INSTANCE", "LAB", "RESULT", "TIME");
    int worst = 0;
    int bad = 0;
    for (UpMany.Result r : results) {
      out.printf(Locale.ROOT, format, r.instance().id(), r.lab(), result(r), seconds(r.millis()));
      if (r.exit() != 0) {
        bad++;
        worst = r.exit() == 130 ? 130 : Math.max(worst, 1);
      }
    }
    out.println(
        results.size()
            + (results.size() == 1 ? " instance" : " instances")
            + " in "
            + seconds((System.nanoTime() - start) / 1_000_000)
            + ": "
            + (results.size() - bad)
            + " up, "
            + bad
            + " failed");
    for (UpMany.Result r : results) {
      for (String said : r.says()) {
        out.println(r.lab() + ": " + said);
      }
    }
    out.flush();
    return worst;
  }

  /** ok (changed=9), failed (1 task), invalid (said below), interrupted. */
  static String result(UpMany.Result r) {
    String changed = r.recap() == null ? "" : " (changed=" + r.recap().changed() + ")";
    return switch (r.exit()) {
      case 0 -> "ok" + changed;
      case 1 ->
          "failed"
              + (r.recap() == null || r.recap().failed() == 0
                  ? ""
                  : " (" + r.recap().failed() + (r.recap().failed() == 1 ? " task)" : " tasks)"));
      case 2 -> "invalid";
      case 130 -> "interrupted";
      default -> "exit " + r.exit();
    };
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}

package nsplay.engine;

import java.io.PrintWriter;
import java.util.Locale;
import nsplay.task.Outcome;

/**
 * Ansible's task lines: {@code TASK [name] ... ok|changed|failed|skipped}, one per task and, off a
 * terminal, one per loop item. On a terminal a loop shows one live line (items done of total,
 * elapsed time) that its summary line replaces; colour when the terminal allows it.
 */
public final class TextReporter implements Reporter {
  private final PrintWriter out;
  private final boolean colour;
  private final boolean verbose;
  private final boolean live;
  private boolean lineOpen;
  private long lastProgress;
  private long lastFlush = System.nanoTime();

  /**
   * @param colour ANSI colours (a terminal, and NO_COLOR unset)
   * @param verbose also print each kernel operation
   * @param live a terminal: loops get a live progress line instead of a line per item
   */
  public TextReporter(PrintWriter out, boolean colour, boolean verbose, boolean live) {
    this.out = out;
    this.colour = colour;
    this.verbose = verbose;
    this.live = live;
  }

  @Override
  public void taskStart(String task, String item) {}

  @Override
  public void taskEnd(TaskEvent e) {
    Outcome o = e.outcome();
    boolean folded = live && e.item() != null && o.status() != Outcome.Status.FAILED;
    if (!folded) {
      clearLive();
      StringBuilder line = new StringBuilder("TASK [").append(e.task()).append("]");
      if (e.item() != null) {
        line.append(" (item=").append(e.item()).append(")");
      }
      line.append(" ... ").append(paint(o.status(), o.status().word()));
      if (e.ignored()) {
        line.append(" (ignored)");
      }
      if (o.message() != null) {
        line.append(
            o.status() == Outcome.Status.FAILED ? ": " + o.message() : " (" + o.message() + ")");
      }
      line(line);
    }
    if (verbose && !folded) {
      e.operations().forEach(op -> line("    " + op));
    }
    if (e.diff() != null && !folded) {
      line("    --- before");
      e.diff().before().lines().forEach(l -> line("    " + l));
      line("    +++ after");
      e.diff().after().lines().forEach(l -> line("    " + l));
    }
    // A loop item's line waits for the next flush (at most 0.1 s, and at the loop's end): a write
    // per line was a tenth of a re-up of 500 namespaces, and a reader of a pipe still sees
    // progress. A task on its own, which may take long (a ping), is shown at once.
    long now = System.nanoTime();
    if (e.item() == null || o.status() == Outcome.Status.FAILED || now - lastFlush > 100_000_000L) {
      flush(now);
    }
  }

  /** A line, without the flush that println does on an auto-flushing writer. */
  private void line(CharSequence s) {
    out.append(s).append(System.lineSeparator());
  }

  private void flush(long now) {
    out.flush();
    lastFlush = now;
  }

  @Override
  public void progress(String task, int done, int total, long elapsedMs) {
    // Redraw at most ten times a second: a terminal is slower than a loop of cheap tasks.
    long now = System.nanoTime();
    if (!live || (done < total && lineOpen && now - lastProgress < 100_000_000L)) {
      return;
    }
    lastProgress = now;
    out.print("\r\033[K" + "TASK [" + task + "] " + done + "/" + total + " " + seconds(elapsedMs));
    out.flush();
    lineOpen = true;
  }

  @Override
  public void loopEnd(String task, Outcome.Status status, int total, long durationMs) {
    if (!live) {
      flush(System.nanoTime());
      return;
    }
    clearLive();
    out.println(
        "TASK ["
            + task
            + "] ... "
            + paint(status, status.word())
            + " ("
            + total
            + (total == 1 ? " item, " : " items, ")
            + seconds(durationMs)
            + ")");
    out.flush();
  }

  private void clearLive() {
    if (lineOpen) {
      out.print("\r\033[K");
      lineOpen = false;
    }
  }

  private static String seconds(long ms) {
    return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
  }

  @Override
  public void recap(String lab, Engine.Recap recap) {
    clearLive();
    out.println(recap.format(lab));
    out.flush();
  }

  private String paint(Outcome.Status s, String text) {
    if (!colour) {
      return text;
    }
    String code =
        switch (s) {
          case OK -> "32";
          case CHANGED -> "33";
          case FAILED -> "31";
          case SKIPPED -> "36";
        };
    return "\033[" + code + "m" + text + "\033[0m";
  }
}

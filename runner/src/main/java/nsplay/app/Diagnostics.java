package nsplay.app;

import java.io.PrintWriter;
import java.util.List;
import nsplay.playbook.Problem;

/** How problems found before a run are shown: the way compilers do. */
public final class Diagnostics {
  /** At most this many: the first ones are what to fix first, and the rest scroll them away. */
  public static final int LIMIT = 20;

  private Diagnostics() {}

  /** Prints problems found after loading (preflight), each with its line and caret. */
  public static void print(List<Problem> problems, PrintWriter err) {
    for (Problem p : problems.subList(0, Math.min(problems.size(), LIMIT))) {
      err.print(p.format());
    }
    err.flush();
  }
}

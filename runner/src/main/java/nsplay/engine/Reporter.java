package nsplay.engine;

import java.util.List;
import nsplay.task.Outcome;

/** Where the engine says what it is doing: the terminal's lines, or JSON Lines. */
public interface Reporter {
  /** A task (one loop item of it) starts. */
  void taskStart(String task, String item);

  /** A task (one loop item of it) ended. */
  void taskEnd(TaskEvent event);

  /** A loop advanced: {@code done} of {@code total} items after {@code elapsedMs}. */
  default void progress(String task, int done, int total, long elapsedMs) {}

  /** A looping task ended: the summary of its items. */
  default void loopEnd(String task, Outcome.Status status, int total, long durationMs) {}

  void recap(String lab, Engine.Recap recap);

  /**
   * One task result.
   *
   * @param item the loop item's label, or null outside loops
   * @param operations the kernel changes made, in ip's words
   * @param diff before and after, with --diff on a changed task; else null
   */
  record TaskEvent(
      String task,
      String item,
      Outcome outcome,
      List<String> operations,
      Diff diff,
      long durationMs,
      boolean ignored) {}

  /** What a task's objects looked like before and after it. */
  record Diff(String before, String after) {}
}

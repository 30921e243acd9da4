package nsplay.engine;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * JSON Lines on stdout, one object per event, for programs: {@code task_start}, {@code task_result}
 * and a last {@code recap}. The README documents the fields; keep it in step.
 */
public final class JsonReporter implements Reporter {
  private final PrintWriter out;

  public JsonReporter(PrintWriter out) {
    this.out = out;
  }

  private void emit(Map<String, Object> n) {
    out.println(Json.write(n));
    out.flush();
  }

  @Override
  public void taskStart(String task, String item) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("event", "task_start");
    n.put("task", task);
    n.put("item", item);
    emit(n);
  }

  @Override
  public void taskEnd(TaskEvent e) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("event", "task_result");
    n.put("task", e.task());
    n.put("item", e.item());
    n.put("status", e.outcome().status().word());
    n.put("changed", e.outcome().status() == nsplay.task.Outcome.Status.CHANGED);
    n.put("ignored", e.ignored());
    n.put("message", e.outcome().message());
    Map<String, Object> diff = null;
    if (e.diff() != null) {
      diff = new LinkedHashMap<>();
      diff.put("before", e.diff().before());
      diff.put("after", e.diff().after());
    }
    n.put("diff", diff);
    n.put("duration_ms", e.durationMs());
    n.put("operations", e.operations());
    // Sorted: a task's facts come in a map whose order is not the same from run to run.
    n.put("facts", new TreeMap<>(e.outcome().facts()));
    emit(n);
  }

  @Override
  public void recap(String lab, Engine.Recap r) {
    Map<String, Object> n = new LinkedHashMap<>();
    n.put("event", "recap");
    n.put("lab", lab);
    n.put("ok", r.ok());
    n.put("changed", r.changed());
    n.put("failed", r.failed());
    n.put("skipped", r.skipped());
    n.put("ignored", r.ignored());
    emit(n);
  }
}

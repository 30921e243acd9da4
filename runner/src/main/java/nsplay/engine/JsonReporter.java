package nsplay.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * JSON Lines on stdout, one object per event, for programs: {@code task_start}, {@code task_result}
 * and a last {@code recap}. The README documents the fields; keep it in step.
 */
public final class JsonReporter implements Reporter {
  private final PrintWriter out;
  private final ObjectMapper json = new ObjectMapper();

  public JsonReporter(PrintWriter out) {
    this.out = out;
  }

  private void emit(ObjectNode n) {
    out.println(n.toString());
    out.flush();
  }

  @Override
  public void taskStart(String task, String item) {
    ObjectNode n = json.createObjectNode();
    n.put("event", "task_start");
    n.put("task", task);
    n.put("item", item);
    emit(n);
  }

  @Override
  public void taskEnd(TaskEvent e) {
    ObjectNode n = json.createObjectNode();
    n.put("event", "task_result");
    n.put("task", e.task());
    n.put("item", e.item());
    n.put("status", e.outcome().status().word());
    n.put("changed", e.outcome().status() == nsplay.task.Outcome.Status.CHANGED);
    n.put("ignored", e.ignored());
    n.put("message", e.outcome().message());
    if (e.diff() == null) {
      n.putNull("diff");
    } else {
      ObjectNode d = n.putObject("diff");
      d.put("before", e.diff().before());
      d.put("after", e.diff().after());
    }
    n.put("duration_ms", e.durationMs());
    e.operations().forEach(n.putArray("operations")::add);
    n.set("facts", json.valueToTree(e.outcome().facts()));
    emit(n);
  }

  @Override
  public void recap(String lab, Engine.Recap r) {
    ObjectNode n = json.createObjectNode();
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

package nsplay.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import nsplay.task.Outcome;

/**
 * Records a run for reports: each task result and the recap, passed on to another reporter, and
 * written as {@code last-run.json} in the lab's folder when the run ends (replaced atomically).
 */
public final class RunLog implements Reporter {
  private final Reporter next;
  private final Path file;
  private final ObjectMapper json = new ObjectMapper();
  private final ObjectNode doc = json.createObjectNode();
  private final ArrayNode tasks;

  public RunLog(Reporter next, Path file) {
    this.next = next;
    this.file = file;
    doc.put("started_at", Instant.now().toString());
    tasks = doc.putArray("tasks");
  }

  @Override
  public void taskStart(String task, String item) {
    next.taskStart(task, item);
  }

  @Override
  public void taskEnd(TaskEvent e) {
    next.taskEnd(e);
    ObjectNode t = tasks.addObject();
    t.put("task", e.task());
    t.put("item", e.item());
    t.put("status", e.outcome().status().word());
    t.put("duration_ms", e.durationMs());
    t.put("message", e.outcome().message());
  }

  @Override
  public void progress(String task, int done, int total, long elapsedMs) {
    next.progress(task, done, total, elapsedMs);
  }

  @Override
  public void loopEnd(String task, Outcome.Status status, int total, long durationMs) {
    next.loopEnd(task, status, total, durationMs);
  }

  @Override
  public void recap(String lab, Engine.Recap r) {
    next.recap(lab, r);
    ObjectNode recap = doc.putObject("recap");
    recap
        .put("ok", r.ok())
        .put("changed", r.changed())
        .put("failed", r.failed())
        .put("skipped", r.skipped())
        .put("ignored", r.ignored());
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, doc.toPrettyString());
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a lab's last run back as plain data, or null when there is none. */
  public static java.util.Map<String, Object> read(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> m =
          new ObjectMapper().readValue(file.toFile(), java.util.Map.class);
      return m;
    } catch (IOException e) {
      return null; // a damaged record of the past is not worth failing a report for
    }
  }
}

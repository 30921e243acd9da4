package nsplay.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nsplay.task.Outcome;

/**
 * Records a run for reports: each task result and the recap, passed on to another reporter, and
 * written as {@code last-run.json} in the lab's folder when the run ends (replaced atomically). The
 * JSON is written by hand: every `up` records its run, and loading a JSON library for a flat list
 * of records would cost more start-up time than the rest of a small lab.
 */
public final class RunLog implements Reporter {
  private final Reporter next;
  private final Path file;
  private final String startedAt = Instant.now().toString();
  private final List<String> tasks = new ArrayList<>();

  public RunLog(Reporter next, Path file) {
    this.next = next;
    this.file = file;
  }

  @Override
  public void taskStart(String task, String item) {
    next.taskStart(task, item);
  }

  @Override
  public void taskEnd(TaskEvent e) {
    next.taskEnd(e);
    tasks.add(
        "{\"task\": "
            + Json.string(e.task())
            + ", \"item\": "
            + Json.string(e.item())
            + ", \"status\": "
            + Json.string(e.outcome().status().word())
            + ", \"duration_ms\": "
            + e.durationMs()
            + ", \"message\": "
            + Json.string(e.outcome().message())
            + "}");
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
    String json =
        "{\n  \"started_at\": "
            + Json.string(startedAt)
            + ",\n  \"tasks\": [\n    "
            + String.join(",\n    ", tasks)
            + "\n  ],\n  \"recap\": {\"ok\": "
            + r.ok()
            + ", \"changed\": "
            + r.changed()
            + ", \"failed\": "
            + r.failed()
            + ", \"skipped\": "
            + r.skipped()
            + ", \"ignored\": "
            + r.ignored()
            + "}\n}\n";
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      // As root in the lab's folder: a new file (O_EXCL, which follows no symbolic link), and a
      // rename, which replaces a link at the name rather than writing where it points.
      Files.deleteIfExists(tmp);
      Files.writeString(
          tmp,
          json,
          java.nio.file.StandardOpenOption.CREATE_NEW,
          java.nio.file.StandardOpenOption.WRITE);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  /** Reads a lab's last run back as plain data, or null when there is none. */
  public static java.util.Map<String, Object> read(Path file) {
    try {
      // Read without following a symbolic link (which is refused): root reads it.
      if (!nsplay.state.StateFiles.checkFile(file)) {
        return null;
      }
      @SuppressWarnings("unchecked")
      java.util.Map<String, Object> m =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .readValue(nsplay.state.StateFiles.readAll(file), java.util.Map.class);
      return m;
    } catch (IOException e) {
      return null; // a damaged record of the past is not worth failing a report for
    }
  }
}

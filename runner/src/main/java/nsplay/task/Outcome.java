package nsplay.task;

import java.util.List;
import java.util.Map;

/**
 * How one task ended.
 *
 * @param changes what changed (or, in check mode, would), in ip's words
 * @param facts task-specific results a later task can use through {@code register:} (a ping's
 *     round-trip times); plain values only
 */
public record Outcome(
    Status status, String message, List<String> changes, Map<String, Object> facts) {
  public enum Status {
    OK,
    CHANGED,
    FAILED,
    SKIPPED;

    public String word() {
      return name().toLowerCase();
    }
  }

  public Outcome {
    changes = List.copyOf(changes);
    facts = Map.copyOf(facts);
  }

  public static Outcome ok(String message) {
    return new Outcome(Status.OK, message, List.of(), Map.of());
  }

  public static Outcome changed(List<String> changes) {
    return new Outcome(Status.CHANGED, null, changes, Map.of());
  }

  public static Outcome failed(String message, List<String> changes) {
    return new Outcome(Status.FAILED, message, changes, Map.of());
  }

  public static Outcome skipped(String message) {
    return new Outcome(Status.SKIPPED, message, List.of(), Map.of());
  }

  public Outcome withFacts(Map<String, Object> facts) {
    return new Outcome(status, message, changes, facts);
  }
}

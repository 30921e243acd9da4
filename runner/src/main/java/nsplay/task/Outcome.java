package nsplay.task;

import java.util.List;

/** How one task ended. */
public record Outcome(Status status, String message, List<String> changes) {
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
  }

  public static Outcome ok(String message) {
    return new Outcome(Status.OK, message, List.of());
  }

  public static Outcome changed(List<String> changes) {
    return new Outcome(Status.CHANGED, null, changes);
  }

  public static Outcome failed(String message, List<String> changes) {
    return new Outcome(Status.FAILED, message, changes);
  }
}

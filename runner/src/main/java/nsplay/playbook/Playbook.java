package nsplay.playbook;

import java.util.List;
import java.util.Map;

/**
 * A loaded, checked playbook: the lab's name, its variables and its tasks in order (imports already
 * inlined).
 */
public record Playbook(
    String name, String file, Map<String, RawValue> vars, List<TaskSource> tasks) {
  public Playbook {
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    tasks = List.copyOf(tasks);
  }
}

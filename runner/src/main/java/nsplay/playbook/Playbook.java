package nsplay.playbook;

import java.util.List;
import java.util.Map;

/**
 * A loaded, checked playbook: the lab's name, its variables and its tasks in order (imports already
 * inlined).
 */
public record Playbook(
    String name,
    String file,
    Map<String, RawValue> vars,
    List<TaskSource> tasks,
    RawValue nameTemplate) {
  public Playbook {
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    tasks = List.copyOf(tasks);
  }

  /** A playbook whose name is written out (no template). */
  public Playbook(String name, String file, Map<String, RawValue> vars, List<TaskSource> tasks) {
    this(name, file, vars, tasks, null);
  }

  /**
   * The same playbook under the name its template gave: {@code name} is the template's text until
   * then ({@code name: "lab-${student}"}, so that one file serves every student).
   */
  public Playbook named(String resolved) {
    return new Playbook(resolved, file, vars, tasks, null);
  }
}

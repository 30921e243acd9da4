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
    RawValue nameTemplate,
    Location nameAt) {
  public Playbook {
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    tasks = List.copyOf(tasks);
  }

  /** A playbook whose name is written out (no template). */
  public Playbook(String name, String file, Map<String, RawValue> vars, List<TaskSource> tasks) {
    this(name, file, vars, tasks, null, null);
  }

  /** A playbook whose name may be a template, as loaded from a file. */
  public Playbook(
      String name,
      String file,
      Map<String, RawValue> vars,
      List<TaskSource> tasks,
      RawValue nameTemplate) {
    this(
        name,
        file,
        vars,
        tasks,
        nameTemplate,
        nameTemplate == null ? null : nameTemplate.location());
  }

  /**
   * The same playbook under the name its template gave: {@code name} is the template's text until
   * then ({@code name: "lab-${student}"}, so that one file serves every student).
   */
  public Playbook named(String resolved) {
    return new Playbook(resolved, file, vars, tasks, null, nameAt);
  }

  /**
   * The same playbook as one instance of a lab that several students bring up: its name, once
   * rendered, followed by {@code -ID} ({@code classroom} becomes {@code classroom-2}), checked as
   * any rendered name is. The instance's variables are the caller's to add ({@link Instance#vars}).
   */
  public Playbook instance(Instance i) {
    String written = nameTemplate != null ? String.valueOf(nameTemplate.value()) : name;
    Location at = nameAt != null ? nameAt : new Location(file, 1, 1);
    // "$" and "{" cannot be in a lab name, so the suffix never joins a template of the name.
    return new Playbook(
        i.labName(written), file, vars, tasks, new RawValue(i.labName(written), at), at);
  }
}

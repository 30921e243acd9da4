package nsplay.playbook;

import java.util.List;

/** A loaded, validated playbook: the lab's name and its tasks in order. */
public record Playbook(String name, String file, List<TaskDecl> tasks) {
  public Playbook {
    tasks = List.copyOf(tasks);
  }
}

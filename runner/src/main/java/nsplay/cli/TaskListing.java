package nsplay.cli;

import java.io.PrintWriter;
import java.util.Set;
import java.util.TreeSet;
import nsplay.playbook.Playbook;
import nsplay.playbook.TaskSource;

/** `up --list-tasks` and `up --list-tags`: what a playbook would run, without running it. */
final class TaskListing {
  private TaskListing() {}

  static void print(Playbook pb, boolean tagsOnly, PrintWriter out) {
    if (tagsOnly) {
      Set<String> tags = new TreeSet<>();
      pb.tasks().forEach(t -> tags.addAll(t.tags()));
      out.println("TAGS: " + String.join(", ", tags));
      return;
    }
    out.println("playbook " + pb.file() + ", lab " + pb.name() + ":");
    for (TaskSource t : pb.tasks()) {
      out.println(
          "  "
              + t.displayName()
              + " ("
              + t.type()
              + ")"
              + (t.tags().isEmpty() ? "" : " TAGS: [" + String.join(", ", t.tags()) + "]"));
    }
  }
}

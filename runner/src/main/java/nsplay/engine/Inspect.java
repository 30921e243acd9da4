package nsplay.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.kernel.Kernel;
import nsplay.state.Entry;
import nsplay.state.Ownership;
import nsplay.state.Sight;

/**
 * Compares a lab's journal with the kernel: for each object the lab made, whether it is still there
 * as made. What is not ("drift") is what {@code nsplay status} reports and what a new {@code up}
 * repairs. Each kind judges its own records ({@link Entry#judge}); this only combines them.
 */
public final class Inspect {
  private Inspect() {}

  /** One object of the lab and how it is now: present, missing, or changed (with how). */
  public record ObjectState(String kind, String name, String netns, String state) {
    public boolean drifted() {
      return !state.equals("present") && !state.equals("running"); // a service's word
    }

    public String describe() {
      return kind + " " + name + (netns == null ? "" : " in " + netns) + ": " + state;
    }
  }

  public static List<ObjectState> run(String lab, List<Entry> entries, Kernel k) {
    Sight sight = new Sight(k, Ownership.of(lab, entries, k));
    // Keyed by object: several records are about one object (a link made, brought up, attached
    // to a bridge; a repaired object is journalled again). The first drift found wins, so that a
    // later "present" about the same object cannot hide it.
    Map<String, ObjectState> out = new LinkedHashMap<>();
    for (Entry e : entries) {
      ObjectState s;
      try {
        Sight.Seen seen = e.judge(sight);
        if (seen == null) {
          continue;
        }
        s = new ObjectState(seen.kind(), seen.name(), seen.netns(), seen.state());
      } catch (RuntimeException ex) {
        // A record no kernel question can take (a name too long for a file, an edited field):
        // said of that record, and the rest is still judged.
        String why = ex.getMessage() != null ? ex.getMessage() : ex.toString();
        s = new ObjectState("?", e.describe(), null, "cannot tell: " + why);
      }
      String key = s.kind() + "\0" + s.name() + "\0" + s.netns();
      ObjectState before = out.get(key);
      if (before == null || !before.drifted()) {
        out.put(key, s);
      }
    }
    return new ArrayList<>(out.values());
  }
}

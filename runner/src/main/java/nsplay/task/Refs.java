package nsplay.task;

import java.util.ArrayList;
import java.util.List;
import nsplay.playbook.Ref;

/** Small helper for task types' {@code refs}: drops refs to optional parameters left out. */
final class Refs {
  private Refs() {}

  /** The refs that name something: a NEEDS of the host namespace or of an absent link is none. */
  static List<Ref> of(Ref... refs) {
    List<Ref> out = new ArrayList<>();
    for (Ref r : refs) {
      if (r.name() != null) {
        out.add(r);
      }
    }
    return List.copyOf(out);
  }
}

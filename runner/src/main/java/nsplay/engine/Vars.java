package nsplay.engine;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import nsplay.playbook.Binder;
import nsplay.playbook.Playbook;
import nsplay.playbook.RawValue;

/**
 * The variables in force, by precedence: a task's loop variable, then {@code -e}, then the
 * playbook's {@code vars:}. Registered results are added as the run goes. A playbook variable may
 * use the ones above it and the -e ones.
 */
final class Vars {
  private Vars() {}

  static Map<String, Object> resolve(Playbook pb, Map<String, Object> extra, Binder binder)
      throws Binder.BindException {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, RawValue> e : pb.vars().entrySet()) {
      if (extra.containsKey(e.getKey())) {
        continue; // -e wins, and is not even rendered
      }
      Map<String, Object> scope = new HashMap<>(out);
      scope.putAll(extra);
      out.put(e.getKey(), binder.render(e.getValue(), scope));
    }
    out.putAll(extra);
    return out;
  }
}

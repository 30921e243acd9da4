package nsplay.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    List<Binder.BindException> failures = new ArrayList<>();
    Map<String, Object> out = resolve(pb, extra, binder, failures, new HashSet<>());
    if (!failures.isEmpty()) {
      throw failures.get(0);
    }
    return out;
  }

  /**
   * Every variable that can be given a value; each one that cannot is added to {@code unusable},
   * with its failure in {@code failures} unless it failed only for using an unusable one.
   */
  static Map<String, Object> resolve(
      Playbook pb,
      Map<String, Object> extra,
      Binder binder,
      List<Binder.BindException> failures,
      Set<String> unusable) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, RawValue> e : pb.vars().entrySet()) {
      if (extra.containsKey(e.getKey())) {
        continue; // -e wins, and is not even rendered
      }
      Map<String, Object> scope = new HashMap<>(out);
      scope.putAll(extra);
      try {
        out.put(e.getKey(), binder.render(e.getValue(), scope));
      } catch (Binder.BindException x) {
        if (!unusable.contains(root(x.variable()))) {
          failures.add(x);
        }
        unusable.add(e.getKey());
      }
    }
    out.putAll(extra);
    return out;
  }

  /** The variable an expression's reference starts from: {@code a} of {@code a.b[0]!}. */
  static String root(String variable) {
    return variable == null ? null : variable.split("[.\\[?!]", 2)[0];
  }
}

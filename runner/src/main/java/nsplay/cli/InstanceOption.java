package nsplay.cli;

import java.io.PrintWriter;
import java.util.Map;
import nsplay.playbook.Instance;
import nsplay.playbook.Playbook;

/**
 * {@code --instance ID}: one instance of a lab written once for many (one lab per student). For up
 * it names the lab NAME-ID and defines the templates' {@code instance} and {@code instance_id}; for
 * the commands that take a lab it means {@code --lab NAME-ID}.
 */
final class InstanceOption {
  private InstanceOption() {}

  static final Syntax.Opt OPT =
      Syntax.Opt.value(
          "ID", "one instance of the lab (1-" + Instance.MAX + "): the lab NAME-ID", "--instance");

  /** The instance given, or null; throws a usage error for a bad one. */
  static Instance of(Args a) throws Syntax.UsageError {
    String v = a.value(OPT);
    if (v == null) {
      return null;
    }
    try {
      return Instance.parse(v);
    } catch (IllegalArgumentException e) {
      throw new Syntax.UsageError("--instance: " + e.getMessage());
    }
  }

  /** NAME-ID for a lab's name and an instance; the name itself without one (or when "" or null). */
  static String lab(String name, Instance i) {
    if (i == null || name == null || name.isEmpty()) {
      return name;
    }
    return i.labName(name);
  }

  /** A playbook and its extra variables as one instance sees them. */
  record Applied(Playbook playbook, Map<String, Object> extra) {}

  /**
   * The lab NAME-ID, as {@code up --instance} names it, with {@code instance} and {@code
   * instance_id} defined; the playbook and variables unchanged without an instance; null when the
   * variables already define those names (said on {@code err}).
   */
  static Applied apply(Instance i, Playbook pb, Map<String, Object> extra, PrintWriter err) {
    if (i == null) {
      return new Applied(pb, extra);
    }
    try {
      return new Applied(pb.instance(i), i.withVars(extra));
    } catch (IllegalArgumentException e) {
      err.println("nsplay: " + e.getMessage());
      return null;
    }
  }
}

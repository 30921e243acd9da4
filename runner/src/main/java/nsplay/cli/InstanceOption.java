package nsplay.cli;

import nsplay.playbook.Instance;

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
}

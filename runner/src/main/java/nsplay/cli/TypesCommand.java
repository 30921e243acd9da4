package nsplay.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nsplay.playbook.Param;
import nsplay.playbook.TaskSpec;
import nsplay.task.TaskRegistry;

/**
 * {@code nsplay types}: the task types with their parameters, printed from the same definitions the
 * validator and the schema use, so the list cannot drift from what playbooks accept.
 */
final class TypesCommand implements Command {
  private static final Syntax SYNTAX =
      Syntax.of(
          "types",
          List.of(
              "List the task types, their parameters and the command each one equals.",
              "Each parameter shows its kind of value, and whether it is required or its default."
                  + " The list is made from the definitions `nsplay validate` checks against.",
              "",
              "Example:",
              "  nsplay types",
              "  nsplay types route_add"),
          List.of(),
          Syntax.Operand.optional("TYPE", "only this task type"));

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) throws Syntax.UsageError {
    Map<String, TaskSpec> specs = TaskRegistry.specs();
    String only = a.operand(0);
    if (only != null && !specs.containsKey(only)) {
      throw new Syntax.UsageError(
          "Unknown task type: '"
              + only
              + "'"
              + Syntax.didYouMean(only, List.copyOf(specs.keySet())));
    }
    StringBuilder out = new StringBuilder();
    for (TaskSpec spec : specs.values()) {
      if (only == null || only.equals(spec.type())) {
        if (out.length() > 0) {
          out.append('\n');
        }
        out.append(describe(spec));
      }
    }
    io.out().print(out);
    io.out().flush();
    return Main.OK;
  }

  /** One type: its name and summary (which ends with the command it equals), its parameters. */
  static String describe(TaskSpec spec) {
    StringBuilder out = new StringBuilder();
    out.append(spec.type()).append(": ").append(spec.summary()).append('\n');
    List<String[]> rows = rows(spec);
    int name = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
    int need = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
    for (String[] r : rows) {
      out.append("  ")
          .append(pad(r[0], name))
          .append("  ")
          .append(pad(r[1], need))
          .append("  ")
          .append(r[2])
          .append('\n');
    }
    return out.toString();
  }

  /**
   * A type's parameters, each as its name, whether it is required or its default, and its kind of
   * value with its help: what this command and the man page show.
   */
  static List<String[]> rows(TaskSpec spec) {
    List<String[]> rows = new ArrayList<>();
    for (Param p : spec.params()) {
      String value =
          p.choices().isEmpty()
              ? p.type().description()
              : "one of " + String.join(", ", p.choices());
      String need =
          p.required()
              ? "required"
              : p.defaultValue() == null ? "optional" : "default " + p.defaultValue();
      rows.add(new String[] {p.name(), need, value + "; " + p.help()});
    }
    return rows;
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(width - s.length());
  }
}

package nsplay.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A parsed command line: option values by the option's {@link Syntax.Opt#key()}, and operands. */
final class Args {
  private final Map<String, List<String>> values = new HashMap<>();
  private List<String> operands = List.of();

  void set(Syntax.Opt o, String value) {
    List<String> list = values.computeIfAbsent(o.key(), k -> new ArrayList<>());
    if (!o.repeatable()) {
      list.clear(); // the last one given wins, as in most tools
    }
    if (value != null) {
      list.add(value);
    }
  }

  void operands(List<String> words) {
    operands = List.copyOf(words);
  }

  boolean has(Syntax.Opt o) {
    return values.containsKey(o.key());
  }

  /** A flag's presence. */
  boolean flag(Syntax.Opt o) {
    return has(o);
  }

  /** An option's value; null when it was not given and has no default. */
  String value(Syntax.Opt o) {
    List<String> v = values.get(o.key());
    return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
  }

  /** Every value of a repeatable option, in order; empty when it was not given. */
  List<String> values(Syntax.Opt o) {
    return List.copyOf(values.getOrDefault(o.key(), List.of()));
  }

  /** Every value of a repeatable option, each also split at commas (--tags a,b --tags c). */
  List<String> split(Syntax.Opt o) {
    List<String> out = new ArrayList<>();
    for (String v : values(o)) {
      for (String part : v.split(",")) {
        if (!part.isEmpty()) {
          out.add(part);
        }
      }
    }
    return out;
  }

  Path path(Syntax.Opt o) {
    String v = value(o);
    return v == null ? null : Path.of(v);
  }

  /** An integer option's value. */
  int integer(Syntax.Opt o) throws Syntax.UsageError {
    String v = value(o);
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new Syntax.UsageError(
          "Invalid value for option '" + o.key() + "': '" + v + "' is not an int");
    }
  }

  /** The operand at {@code index}; null when it was left out. */
  String operand(int index) {
    return index < operands.size() ? operands.get(index) : null;
  }

  Path operandPath(int index) {
    String v = operand(index);
    return v == null ? null : Path.of(v);
  }

  /** The operands from {@code index} on (a rest operand). */
  List<String> operandsFrom(int index) {
    return operands.subList(Math.min(index, operands.size()), operands.size());
  }
}

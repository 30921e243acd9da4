package nsplay.playbook;

import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns parameter values into the types tasks use, with messages that say what was expected. Two
 * entries: a scalar as written in YAML (its tag tells a boolean from a string), and a value a
 * template produced (already typed: Boolean, Integer, String, ...).
 */
final class Params {
  private Params() {}

  /** A YAML scalar as written. */
  static Object convertScalar(Param p, String text, Tag tag) {
    if (p.type().structured()) {
      return p.type().convert(text); // throws: says what was expected
    }
    switch (p.type()) {
      case BOOL:
        if (!tag.equals(Tag.BOOL)) {
          throw new IllegalArgumentException("expected true or false, got \"" + text + "\"");
        }
        return text.equalsIgnoreCase("true")
            || text.equalsIgnoreCase("yes")
            || text.equalsIgnoreCase("on");
      case INT:
        // Plain decimal only: YAML 1.1 reads 010 as octal and 0x10 as hex, which nobody
        // writing a ping count means.
        if (!tag.equals(Tag.INT) || !PlaybookLoader.DECIMAL.matcher(text).matches()) {
          throw new IllegalArgumentException("expected an integer, got \"" + text + "\"");
        }
        return Integer.parseInt(text.replace("_", ""));
      default:
        // Strings take any scalar's text: `value: 1` for a sysctl is the string "1".
        return convertString(p, text);
    }
  }

  /** A value rendered from a template. */
  static Object convertValue(Param p, Object value) {
    if (value == null) {
      throw new IllegalArgumentException("is empty (the template gave no value)");
    }
    switch (p.type()) {
      case BOOL:
        if (value instanceof Boolean b) {
          return b;
        }
        if (value instanceof String s && (s.equals("true") || s.equals("false"))) {
          return Boolean.parseBoolean(s);
        }
        throw new IllegalArgumentException("expected true or false, got \"" + value + "\"");
      case INT:
        if (value instanceof Integer i) {
          return i;
        }
        if (value instanceof Long || value instanceof String) {
          String t = value.toString();
          if (PlaybookLoader.DECIMAL.matcher(t).matches() && t.indexOf('_') < 0) {
            return Integer.parseInt(t);
          }
        }
        throw new IllegalArgumentException("expected an integer, got \"" + value + "\"");
      case STRINGS:
        return strings(value);
      default:
        if (p.type().structured()) {
          return p.type().convertStructured(value);
        }
        if (value instanceof java.util.Collection || value instanceof java.util.Map) {
          throw new IllegalArgumentException(
              "expected "
                  + p.type().description()
                  + ", got a "
                  + (value instanceof java.util.Map ? "mapping" : "list"));
        }
        return convertString(p, value.toString());
    }
  }

  /** A list of plain values as strings: a program's argv. */
  static java.util.List<String> strings(Object value) {
    if (!(value instanceof java.util.List<?> l)) {
      throw new IllegalArgumentException(
          "expected a list of strings, e.g. [ip, -br, addr], got \"" + value + "\"");
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    for (Object o : l) {
      if (o == null || o instanceof java.util.Collection || o instanceof java.util.Map) {
        throw new IllegalArgumentException(
            "expected a list of strings, but an element is "
                + (o == null ? "empty" : o instanceof java.util.Map ? "a mapping" : "a list"));
      }
      out.add(o.toString());
    }
    return java.util.List.copyOf(out);
  }

  private static Object convertString(Param p, String text) {
    Object v = p.type().convert(text);
    if (!p.choices().isEmpty() && !p.choices().contains(text)) {
      throw new IllegalArgumentException(
          "expected one of "
              + String.join(", ", p.choices())
              + ", got \""
              + text
              + "\""
              + Suggest.hint(text, p.choices()));
    }
    return v;
  }
}

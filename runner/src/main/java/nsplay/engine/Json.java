package nsplay.engine;

import java.util.Collection;
import java.util.Map;

/**
 * JSON text for what nsplay writes for programs: {@code --json} events and documents, and {@code
 * last-run.json}. Written by hand because Jackson's set-up costs ~50 ms of every run that prints
 * JSON, more than the kernel work of a small lab. The output is Jackson's, compact or with its
 * default pretty printer ({@code JsonTest} compares the two byte for byte), so that it did not
 * change when Jackson left these paths.
 */
public final class Json {
  private Json() {}

  /**
   * {@code v} as JSON: null, a String, Boolean or Number, or a Map (keys as text, in the map's
   * order) or Collection of those.
   *
   * @throws IllegalArgumentException for any other type, naming it
   */
  public static String write(Object v) {
    StringBuilder sb = new StringBuilder();
    append(sb, v, -1);
    return sb.toString();
  }

  /**
   * {@code v} as {@link #write} takes it, laid out as Jackson's default pretty printer does: object
   * members one per line, indented by two spaces, as {@code "key" : value}; array elements on one
   * line as {@code [ a, b ]}; empty ones as {@code { }} and {@code [ ]}.
   */
  public static String pretty(Object v) {
    StringBuilder sb = new StringBuilder();
    append(sb, v, 0);
    return sb.toString();
  }

  /** A JSON string with RFC 8259 escapes (as Jackson writes them), or null. */
  public static String string(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder sb = new StringBuilder(s.length() + 2);
    appendString(sb, s);
    return sb.toString();
  }

  /** Appends {@code v}; {@code level} is the pretty printer's depth, or -1 for compact text. */
  private static void append(StringBuilder sb, Object v, int level) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String s) {
      appendString(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
      appendString(sb, d.toString()); // as Jackson does: JSON has no such numbers
    } else if (v instanceof Float f && (f.isNaN() || f.isInfinite())) {
      appendString(sb, f.toString());
    } else if (v instanceof Number n) {
      sb.append(n);
    } else if (v instanceof Map<?, ?> m) {
      if (m.isEmpty()) {
        sb.append(level < 0 ? "{}" : "{ }");
        return;
      }
      sb.append('{');
      String sep = "";
      for (Map.Entry<?, ?> e : m.entrySet()) {
        sb.append(sep);
        newline(sb, level < 0 ? -1 : level + 1);
        appendString(sb, String.valueOf(e.getKey()));
        sb.append(level < 0 ? ":" : " : ");
        append(sb, e.getValue(), level < 0 ? -1 : level + 1);
        sep = ",";
      }
      newline(sb, level);
      sb.append('}');
    } else if (v instanceof Collection<?> c) {
      if (c.isEmpty()) {
        sb.append(level < 0 ? "[]" : "[ ]");
        return;
      }
      sb.append(level < 0 ? "[" : "[ ");
      String sep = "";
      for (Object o : c) {
        sb.append(sep);
        append(sb, o, level);
        sep = level < 0 ? "," : ", ";
      }
      sb.append(level < 0 ? "]" : " ]");
    } else {
      throw new IllegalArgumentException("no JSON form for a " + v.getClass().getName());
    }
  }

  private static void newline(StringBuilder sb, int level) {
    if (level >= 0) {
      sb.append('\n').append("  ".repeat(level));
    }
  }

  private static void appendString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  private static final char[] HEX = "0123456789ABCDEF".toCharArray();
}

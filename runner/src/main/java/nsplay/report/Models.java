package nsplay.report;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records to plain maps and lists, for templates: FreeMarker runs locked down and sees only
 * strings, numbers, booleans, lists and maps. Record component names become snake_case keys ({@code
 * hostNetns} → {@code host_netns}), as templates and JSON readers expect.
 */
public final class Models {
  private Models() {}

  /** The plain form of a record, list, map or scalar. */
  public static Object toPlain(Object v) {
    if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return v;
    }
    if (v instanceof Record r) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (RecordComponent c : r.getClass().getRecordComponents()) {
        try {
          out.put(snake(c.getName()), toPlain(c.getAccessor().invoke(r)));
        } catch (IllegalAccessException | InvocationTargetException e) {
          throw new IllegalStateException("cannot read " + c, e);
        }
      }
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(toPlain(x)));
      return out;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, x) -> out.put(String.valueOf(k), toPlain(x)));
      return out;
    }
    return v.toString();
  }

  /** The plain form of a model: what templates get as {@code lab}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> toMap(LabModel model) {
    return (Map<String, Object>) toPlain(model);
  }

  static String snake(String camel) {
    StringBuilder sb = new StringBuilder();
    for (char c : camel.toCharArray()) {
      if (Character.isUpperCase(c)) {
        sb.append('_').append(Character.toLowerCase(c));
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }
}

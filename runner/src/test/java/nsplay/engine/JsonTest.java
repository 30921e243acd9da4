package nsplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The hand-written JSON must be what Jackson writes for the same values, byte for byte. */
class JsonTest {
  private final ObjectMapper jackson = new ObjectMapper();

  private void sameAsJackson(Object v) throws Exception {
    assertEquals(jackson.writeValueAsString(v), Json.write(v), String.valueOf(v));
    assertEquals(
        jackson.writerWithDefaultPrettyPrinter().writeValueAsString(v),
        Json.pretty(v),
        String.valueOf(v));
  }

  @Test
  void scalars() throws Exception {
    for (Object v :
        Arrays.asList(
            null,
            "",
            "veth-red",
            true,
            false,
            0,
            -7,
            42L,
            Long.MIN_VALUE,
            0.25,
            1e21,
            1e-7,
            3.0f,
            Double.NaN,
            Double.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY)) {
      sameAsJackson(v);
    }
  }

  @Test
  void everyControlCharacterQuoteBackslashAndNonAscii() throws Exception {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      all.append(c);
    }
    sameAsJackson(all.toString());
    sameAsJackson("caf\u00e9 \u2192 \ud83d\ude00 </script> \u2028");
    assertEquals("null", Json.string(null));
    assertEquals("\"a\\\"b\"", Json.string("a\"b"));
  }

  @Test
  void nestedMapsAndListsKeepTheirOrder() throws Exception {
    Map<String, Object> diff = new LinkedHashMap<>();
    diff.put("before", "absent");
    diff.put("after", null);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("event", "task_result");
    m.put("operations", List.of("ip link add br0 type bridge", "ip link set br0 up"));
    m.put("empty", new ArrayList<>());
    m.put("diff", diff);
    m.put("facts", Map.of("sent", 1));
    m.put("z", Map.of());
    m.put("objects", List.of(Map.of("kind", "netns"), diff, List.of(), List.of(1, List.of(2))));
    sameAsJackson(m);
    sameAsJackson(List.of(m, m));
    sameAsJackson(Map.of("labs", List.of()));
  }

  @Test
  void otherTypesAreRefusedByName() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(new Object())));
    assertEquals("no JSON form for a java.lang.Object", e.getMessage());
  }
}

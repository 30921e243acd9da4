package nsplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -e values are read the way the playbook's own vars are. */
class ExtraVarsTest {
  @TempDir Path dir;

  static Object value(String text) {
    return ExtraVars.parse(List.of("x=" + text)).get("x");
  }

  @Test
  void scalarsAsInPlaybooks() {
    assertEquals(50, value("50"));
    assertEquals(5_000_000_000L, value("5000000000"));
    assertEquals(1000, value("1_000"));
    assertEquals(1.5, value("1.5"));
    assertEquals(true, value("yes"));
    assertEquals(false, value("false"));
    assertEquals("010", value("010")); // not YAML 1.1's octal 8
    assertEquals("0x1F", value("0x1F"));
    assertEquals("", value(""));
    assertEquals("", value("~"));
    assertEquals("a/b", value("a/b"));
    assertEquals(List.of(1, 2), value("[1, 2]")); // YAML, so lists and mappings too
    assertEquals(Map.of("a", "b"), value("a: b"));
    assertEquals("[x", value("[x")); // not YAML: as written
  }

  @Test
  void laterOnesWin() {
    assertEquals(Map.of("x", 2), ExtraVars.parse(List.of("x=1", "x=2")));
  }

  @Test
  void aFileIsAMappingOfNames() throws IOException {
    Path f = dir.resolve("v.yml");
    Files.writeString(f, "n: 3\nnames: [a, b]\nnested: { k: on }\n");
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("n", 3);
    expected.put("names", Arrays.asList("a", "b"));
    expected.put("nested", Map.of("k", true));
    assertEquals(expected, ExtraVars.parse(List.of("@" + f)));
  }

  @Test
  void malformedYamlInAFileSaysWhere() throws IOException {
    Path f = dir.resolve("bad.yml");
    Files.writeString(f, "n: 3\nm: [1, 2\n");
    assertEquals(
        "-e @"
            + f
            + ":3:1: malformed YAML: expected ',' or ']', but got <stream end>"
            + " (while parsing a flow sequence)",
        assertThrows(IllegalArgumentException.class, () -> ExtraVars.parse(List.of("@" + f)))
            .getMessage());
  }

  @Test
  void aFileWithADuplicateKeyIsRefused() throws IOException {
    Path f = dir.resolve("v.yml");
    Files.writeString(f, "n: 3\nn: 4\n");
    assertEquals(
        "-e @" + f + ":2:1: duplicate key \"n\"",
        assertThrows(IllegalArgumentException.class, () -> ExtraVars.parse(List.of("@" + f)))
            .getMessage());
  }
}

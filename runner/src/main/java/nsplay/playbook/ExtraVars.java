package nsplay.playbook;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Variables from the command line: {@code -e key=value} (the value read as a YAML scalar, so {@code
 * n=50} is the number 50 and {@code up=true} a boolean) and {@code -e @vars.yml} (a YAML mapping).
 * Later ones win.
 */
public final class ExtraVars {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private ExtraVars() {}

  /** The merged variables; IllegalArgumentException names the bad argument. */
  public static Map<String, Object> parse(List<String> args) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String a : args) {
      if (a.startsWith("@")) {
        out.putAll(file(Path.of(a.substring(1))));
        continue;
      }
      int eq = a.indexOf('=');
      if (eq <= 0 || !NAME.matcher(a.substring(0, eq)).matches()) {
        throw new IllegalArgumentException(
            "-e " + a + ": expected NAME=VALUE or @FILE.yml (NAME: letters, digits, '_')");
      }
      out.put(a.substring(0, eq), scalar(a.substring(eq + 1)));
    }
    return out;
  }

  /** A YAML value, read as the playbook's own vars are: -e n=50 is the number, -e x=a/b text. */
  private static Object scalar(String text) {
    if (text.isEmpty()) {
      return "";
    }
    try {
      Object v = plain(PlaybookLoader.compose(text), "-e");
      return v == null ? "" : v;
    } catch (YAMLException | IllegalArgumentException e) {
      return text; // not YAML (e.g. "[x"): take it as written
    }
  }

  private static Map<String, Object> file(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("-e @" + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("-e @" + file + ": cannot read: " + e.getMessage());
    }
    Object v;
    try {
      v = plain(PlaybookLoader.compose(text), "-e @" + file);
    } catch (MarkedYAMLException e) {
      throw new IllegalArgumentException(
          at("-e @" + file, PlaybookLoader.markOf(e)) + PlaybookLoader.malformed(e));
    } catch (YAMLException e) {
      throw new IllegalArgumentException(
          "-e @" + file + ": malformed YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (v == null) {
      return Map.of();
    }
    if (!(v instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException("-e @" + file + ": expected a mapping of names to values");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getKey() instanceof String k) || !NAME.matcher(k).matches()) {
        throw new IllegalArgumentException("-e @" + file + ": bad variable name " + e.getKey());
      }
      out.put(k, e.getValue());
    }
    return out;
  }

  /**
   * The plain value of a composed node, read as playbooks read theirs; a bad key stops it with its
   * line and column in the file.
   */
  private static Object plain(Node node, String where) {
    return PlaybookLoader.plain(
        node,
        (n, problem) -> {
          throw new IllegalArgumentException(at(where, n.getStartMark()) + problem);
        });
  }

  /** "WHERE:LINE:COL: ", as the playbook's problems are placed; "WHERE: " without a mark. */
  private static String at(String where, Mark m) {
    return m == null
        ? where + ": "
        : where + ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1) + ": ";
  }
}

package nsplay.playbook;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

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
      text = SourceFile.read(file); // a regular file, size-limited: not /dev/zero, not a FIFO
    } catch (java.nio.file.NoSuchFileException e) {
      throw new IllegalArgumentException("-e @" + file + ": no such file");
    } catch (IOException e) {
      throw new IllegalArgumentException("-e @" + file + ": cannot read: " + e.getMessage());
    }
    // A file that is no mapping of variables (-e @/etc/shadow) is said to be none, and nothing of
    // it is quoted: neither its lines nor its keys.
    String notVars = "-e @" + file + ": expected a mapping of names to values";
    java.util.function.Predicate<String> isName = k -> NAME.matcher(k).matches();
    Node root;
    try {
      root = PlaybookLoader.compose(text);
    } catch (MarkedYAMLException e) {
      if (!PlaybookLoader.startsLike(text, isName)) {
        throw new IllegalArgumentException(notVars);
      }
      throw new IllegalArgumentException(
          at("-e @" + file, PlaybookLoader.markOf(e)) + PlaybookLoader.malformed(e));
    } catch (YAMLException e) {
      if (!PlaybookLoader.startsLike(text, isName)) {
        throw new IllegalArgumentException(notVars);
      }
      throw new IllegalArgumentException(
          "-e @" + file + ": malformed YAML: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (root == null) {
      return Map.of();
    }
    if (!(root instanceof MappingNode) || !PlaybookLoader.startsLike(root, isName)) {
      throw new IllegalArgumentException(notVars);
    }
    for (NodeTuple t : ((MappingNode) root).getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode k) || !isName.test(k.getValue())) {
        throw new IllegalArgumentException(
            at("-e @" + file, t.getKeyNode().getStartMark())
                + "not a variable name (letters, digits and '_', not starting with a digit)");
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> vars = (Map<String, Object>) plain(root, "-e @" + file);
    return new LinkedHashMap<>(vars);
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

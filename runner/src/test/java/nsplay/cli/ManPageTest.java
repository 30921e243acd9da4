package nsplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;

/**
 * The man page says what --help says: read back from its roff, its commands are the registry's, in
 * order, and each command's options, operands and examples are its {@link Syntax}'s; its task
 * types, exit codes and files are the definitions help and {@code nsplay types} print. A command,
 * option or task type added anywhere shows up in both or the test says which is missing where.
 */
class ManPageTest {
  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])(--?[a-zA-Z][a-z-]*)");

  /** Roff to plain text, as far as the page uses it. */
  static String plain(String roff) {
    return roff.replace("\\-", "-")
        .replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
        .replace("\\&", "")
        .replace("\\e", "\\");
  }

  /** The page's lines under each heading of the given request (.SH or .SS), in order. */
  static Map<String, List<String>> sections(String roff, String request) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    List<String> current = null;
    for (String line : roff.split("\n")) {
      if (line.startsWith(request + " ")) {
        current = new ArrayList<>();
        out.put(plain(line.substring(request.length() + 1)).replace("\"", ""), current);
      } else if (line.startsWith(".SH ")) {
        current = null;
      } else if (current != null) {
        current.add(line);
      }
    }
    return out;
  }

  /** The terms of a section's .TP items (the line after each .TP), as plain text. */
  static List<String> terms(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i + 1 < lines.size(); i++) {
      if (lines.get(i).equals(".TP")) {
        out.add(plain(lines.get(i + 1)).replaceFirst("^\\.B ", ""));
      }
    }
    return out;
  }

  /** The option names in a list of .TP terms. */
  static Set<String> optionNames(List<String> terms) {
    Set<String> out = new TreeSet<>();
    for (String t : terms) {
      Matcher m = OPTION.matcher(t.replaceAll("=.*", ""));
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  static Set<String> declaredOptions(Syntax syntax) {
    Set<String> out = new TreeSet<>();
    syntax.options().forEach(o -> out.addAll(o.names()));
    return out;
  }

  private final String roff = ManPage.roff();

  @Test
  void everyCommandOfTheRegistryInOrder() {
    Map<String, List<String>> commands = sections(roff, ".SS");
    assertEquals(Main.COMMANDS, List.copyOf(commands.keySet()));
  }

  @Test
  void eachCommandHasItsOptionsOperandsAndExamples() {
    Map<String, List<String>> commands = sections(roff, ".SS");
    for (String name : Main.COMMANDS) {
      Syntax syntax = Main.command(name).syntax();
      List<String> lines = commands.get(name);
      String text = plain(String.join("\n", lines));
      List<String> terms = terms(lines);
      assertEquals(declaredOptions(syntax), optionNames(terms), name + ": options");
      for (Syntax.Operand p : syntax.operands()) {
        assertTrue(terms.contains(Syntax.shown(p)), name + ": operand " + p.label());
      }
      for (String line : syntax.description()) {
        if (line.startsWith(" ")) {
          assertTrue(text.contains(line.strip()), name + ": example " + line);
        } else if (!line.isEmpty()) {
          assertTrue(text.contains(line.replace("`", "")), name + ": paragraph " + line);
        }
      }
      for (Syntax.Opt o : syntax.options()) {
        assertTrue(text.contains(o.help()), name + ": help of " + o.key());
      }
      // The synopsis, as help prints it (its first line's words).
      String usage = syntax.synopsis("nsplay").replaceAll("\\s+", " ").replace("Usage: ", "");
      assertTrue(text.replaceAll("\\s+", " ").contains(usage.trim()), name + ": synopsis");
    }
  }

  @Test
  void topLevelOptions() {
    List<String> lines = sections(roff, ".SH").get("OPTIONS");
    assertEquals(declaredOptions(Main.TOP), optionNames(terms(lines)));
  }

  @Test
  void taskTypesExitCodesFilesAndEnvironmentAreHelpsOwn() {
    Map<String, List<String>> sh = sections(roff, ".SH");
    List<String> types = new ArrayList<>();
    for (String t : terms(sh.get("TASK TYPES"))) {
      if (TaskRegistry.specs().containsKey(t)) {
        types.add(t);
      }
    }
    assertEquals(List.copyOf(TaskRegistry.specs().keySet()), types);
    String help = Main.topHelp();
    for (var entry :
        Map.of(
                "EXIT STATUS", Topics.EXIT_CODES,
                "FILES", Topics.FILES,
                "ENVIRONMENT", Topics.ENVIRONMENT)
            .entrySet()) {
      List<String> want = entry.getValue().stream().map(Map.Entry::getKey).toList();
      assertEquals(want, terms(sh.get(entry.getKey())), entry.getKey());
      for (String key : want) {
        assertTrue(help.contains("  " + key + " "), "help lacks " + key);
      }
    }
    assertTrue(terms(sh.get("FILES")).containsAll(List.of("/run/nsplay/LAB/", "/etc/netns/NAME/")));
  }

  @Test
  void pageIsWellFormedRoff() {
    assertTrue(roff.startsWith(".\\\" "), "a comment first");
    assertTrue(roff.contains("\n.TH NSPLAY 1 "), "title");
    assertEquals(
        List.of(
            "NAME",
            "SYNOPSIS",
            "DESCRIPTION",
            "OPTIONS",
            "COMMANDS",
            "TASK TYPES",
            "EXIT STATUS",
            "ENVIRONMENT",
            "FILES",
            "SEE ALSO"),
        List.copyOf(sections(roff, ".SH").keySet()));
    for (String line : roff.split("\n")) {
      // A line of text that starts with . or ' would be read as a request.
      if (line.startsWith("'")) {
        throw new AssertionError("text line read as a request: " + line);
      }
      assertFalse(line.matches("^[^.\\\\].*(?<!\\\\)-.*") && !line.contains("://"), line);
    }
  }

  @Test
  void hiddenCommandPrintsThePage() {
    assertFalse(Main.COMMANDS.contains(ManCommand.NAME));
    CliRun r = CliRun.of("man");
    assertEquals(new CliRun(0, roff, ""), r);
    assertFalse(Main.topHelp().contains("\n  man "), "man is not listed");
  }
}

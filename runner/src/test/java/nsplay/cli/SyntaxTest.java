package nsplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The command-line parser on its own: the shapes of arguments it takes, and its errors. */
class SyntaxTest {
  static final Syntax.Opt CHECK = Syntax.Opt.flag("check", "-C", "--check");
  static final Syntax.Opt DIFF = Syntax.Opt.flag("diff", "-D", "--diff");
  static final Syntax.Opt VARS =
      Syntax.Opt.value("NAME=VALUE", "vars", "-e", "--extra-vars").repeated();
  static final Syntax.Opt TAGS = Syntax.Opt.value("TAG", "tags", "--tags").repeated();
  static final Syntax.Opt TIMEOUT = Syntax.Opt.value("S", "timeout", "--timeout").withDefault("30");
  static final Syntax.Opt LAB = Syntax.Opt.value("NAME", "lab", "--lab");

  static final Syntax UP =
      Syntax.of(
          "up",
          List.of("Bring a lab up."),
          List.of(CHECK, DIFF, VARS, TAGS, TIMEOUT, LAB),
          Syntax.Operand.required("FILE", "the playbook"));

  static final Syntax EXEC =
      Syntax.of(
          "exec",
          List.of("Run a command."),
          List.of(),
          Syntax.Operand.required("NETNS", "the namespace"),
          Syntax.Operand.rest("COMMAND", "the command"));

  static Args parse(Syntax s, String... args) throws Syntax.UsageError {
    return s.parse(args, 0);
  }

  static String error(Syntax s, String... args) {
    return assertThrows(Syntax.UsageError.class, () -> s.parse(args, 0)).getMessage();
  }

  @Test
  void optionsBeforeBetweenAndAfterOperands() throws Syntax.UsageError {
    Args a = parse(UP, "-e", "a=1", "lab.yml", "--extra-vars=b=2", "-ec=3", "--lab", "x");
    assertEquals(List.of("a=1", "b=2", "c=3"), a.values(VARS));
    assertEquals("lab.yml", a.operand(0));
    assertEquals("x", a.value(LAB));
    assertFalse(a.flag(CHECK));
  }

  @Test
  void clusteredShortFlags() throws Syntax.UsageError {
    Args a = parse(UP, "-CD", "f");
    assertTrue(a.flag(CHECK));
    assertTrue(a.flag(DIFF));
    // a value-taking option may end a cluster, with its value attached or next
    assertEquals(List.of("n=1"), parse(UP, "-Ce", "n=1", "f").values(VARS));
    assertEquals(List.of("n=1"), parse(UP, "-Cen=1", "f").values(VARS));
  }

  @Test
  void repeatedAndCommaSeparatedValues() throws Syntax.UsageError {
    Args a = parse(UP, "--tags", "a,b", "--tags=c", "f");
    assertEquals(List.of("a", "b", "c"), a.split(TAGS));
  }

  @Test
  void theLastValueOfASingleOptionWinsAndDefaultsFillIn() throws Syntax.UsageError {
    Args a = parse(UP, "--lab", "x", "--lab", "y", "f");
    assertEquals("y", a.value(LAB));
    assertEquals(30, a.integer(TIMEOUT));
    assertEquals(5, parse(UP, "--timeout=5", "f").integer(TIMEOUT));
  }

  @Test
  void doubleDashEndsTheOptions() throws Syntax.UsageError {
    assertEquals("-odd.yml", parse(UP, "--", "-odd.yml").operand(0));
  }

  @Test
  void theRestOperandTakesEverythingAfterItsStart() throws Syntax.UsageError {
    Args a = parse(EXEC, "red", "ping", "-c", "1", "--", "x");
    assertEquals("red", a.operand(0));
    assertEquals(List.of("ping", "-c", "1", "--", "x"), a.operandsFrom(1));
    Args b = parse(EXEC, "red", "--", "ip", "-br", "addr");
    assertEquals(List.of("ip", "-br", "addr"), b.operandsFrom(1));
  }

  @Test
  void errorsSayWhatIsWrong() {
    assertEquals("Missing required parameter: 'FILE'", error(UP));
    assertEquals("unknown option '--chek'; did you mean '--check'?", error(UP, "--chek", "f"));
    assertEquals("unknown option '-x'", error(UP, "-x", "f"));
    assertEquals("unknown option '-x'", error(UP, "-Cx", "f"));
    assertEquals("Missing required parameter for option '--lab' (NAME)", error(UP, "f", "--lab"));
    assertEquals("Option '--check' takes no value, got '--check=yes'", error(UP, "--check=yes"));
    assertEquals("Unexpected argument: 'g'", error(UP, "f", "g"));
    assertEquals("Missing required parameter: 'COMMAND'", error(EXEC, "red"));
    assertEquals(
        "Invalid value for option '--timeout': 'soon' is not an int",
        assertThrows(
                Syntax.UsageError.class, () -> parse(UP, "--timeout", "soon", "f").integer(TIMEOUT))
            .getMessage());
  }

  @Test
  void helpAndVersionNeedNoOperands() throws Syntax.UsageError {
    assertTrue(parse(UP, "--help").flag(Syntax.HELP));
    assertTrue(parse(UP, "-V").flag(Syntax.VERSION));
    assertNull(parse(UP, "-h").operand(0));
  }

  @Test
  void helpWrapsAtTheWidthAndAlignsTheColumns() {
    Syntax s =
        Syntax.of(
            "x",
            List.of("word ".repeat(30).strip()),
            List.of(Syntax.Opt.value("N", "a ".repeat(50).strip(), "--a-rather-long-option-name")),
            Syntax.Operand.optional("FILE", "the file"));
    String help = s.help("nsplay");
    for (String line : help.split("\n")) {
      assertTrue(line.length() <= Syntax.WIDTH, line);
    }
    assertTrue(help.startsWith("Usage: nsplay x [-hV] [--a-rather-long-option-name=N] [FILE]\n"));
    assertTrue(help.contains("\n      [FILE]           the file\n"), help);
    assertTrue(
        help.contains("\n      --a-rather-long-option-name=N\n                       a a"), help);
    assertTrue(help.contains("\n  -h, --help           show this help message and exit\n"), help);
  }
}

package nsplay.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Templates that would run out of memory, stack or time: each one is a TemplateError (a located
 * input error, exit 2, before any change), found within a few seconds.
 */
class TemplateBombsTest {
  final Templates t = new Templates();

  String refused(String template, Map<String, Object> vars) {
    return assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> assertThrows(TemplateError.class, () -> t.render(template, vars)))
        .getMessage();
  }

  String refused(String template) {
    return refused(template, Map.of());
  }

  @Test
  void padding() {
    assertEquals(
        "cannot evaluate ${\"x\"?left_pad(100000000)}: ?left_pad(100000000) makes a string of"
            + " 100000000 characters; a string is at most 1048576 (1 MiB)",
        refused("${\"x\"?left_pad(100000000)}"));
    // The width from a variable: the value is checked before it is kept.
    assertEquals(
        "cannot evaluate ${\"x\"?right_pad(w)}: the value is a string of 2000000 characters; a"
            + " string is at most 1048576 (1 MiB)",
        refused("${\"x\"?right_pad(w)}", Map.of("w", 2_000_000)));
    // In a longer template, the writer stops it.
    assertEquals(
        "cannot evaluate a ${\"x\"?right_pad(w)}: the text it makes is longer than 1048576"
            + " characters (1 MiB)",
        refused("a ${\"x\"?right_pad(w)}", Map.of("w", 2_000_000)));
  }

  @Test
  void ranges() throws TemplateError {
    assertEquals(
        "cannot evaluate ${(1..100000000)?join(\",\")}: the range 1..100000000 has 100000000"
            + " items; a list holds at most 100000",
        refused("${(1..100000000)?join(\",\")}"));
    assertEquals(
        "cannot evaluate [#list 1..2000000000][/#list]${x}: the range 1..2000000000 has"
            + " 2000000000 items; a list holds at most 100000",
        refused("[#list 1..2000000000][/#list]${x}"));
    assertEquals(
        "cannot evaluate ${1..n}: the value is a list of 100000000 items; a list holds at most"
            + " 100000",
        refused("${1..n}", Map.of("n", 100_000_000)));
    assertEquals(100_000, ((List<?>) t.render("${1..100000}", Map.of())).size());
    // In quotes, it is only text.
    assertEquals("1..100000000", t.render("${\"1..100000000\"}", Map.of()));
  }

  /** A loop whose bounds come from a variable: stopped by its steps, in well under 5 s. */
  @Test
  void longLoops() {
    assertEquals(
        "cannot evaluate [#list 1..n as i][/#list]${n}: it takes more than 1000000 steps (a loop"
            + " too long?)",
        refused("[#list 1..n as i][/#list]${n}", Map.of("n", 2_000_000_000)));
  }

  /**
   * A loop inside one builtin, over a range from a variable: no element is entered, so only the
   * clock stops it (the evaluation's thread is left behind; a run ends with the error).
   */
  @Test
  void loopsInsideABuiltin() {
    TemplateError e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                assertThrows(
                    TemplateError.class,
                    () ->
                        t.condition(
                            "(1..n)?filter(i -> i < 0)?size == 0", Map.of("n", 2_000_000_000))));
    assertEquals(
        "cannot evaluate ${(1..n)?filter(i -> i < 0)?size == 0}: it takes longer than 2 s",
        e.getMessage());
  }

  @Test
  void recursion() {
    assertEquals(
        "cannot evaluate [#function f n][#return f(n)][/#function]${f(1)}: it nests or recurses"
            + " more than 100 levels deep (a function calling itself without end?)",
        refused("[#function f n][#return f(n)][/#function]${f(1)}"));
    assertEquals(
        "cannot evaluate [#macro m][@m/][/#macro][@m/]${1}: it nests or recurses more than 100"
            + " levels deep (a function calling itself without end?)",
        refused("[#macro m][@m/][/#macro][@m/]${1}"));
    // Recursion inside one expression, where no element is entered: the last resort.
    assertEquals(
        "cannot evaluate [#assign s = \"s?eval\"]${s?eval}: it nests or recurses too deeply",
        refused("[#assign s = \"s?eval\"]${s?eval}"));
  }

  @Test
  void doubling() {
    String msg =
        refused(
            "[#assign s = \"xxxxxxxxxxxxxxxx\"][#list 1..40 as i][#assign s = s + s][/#list]${s}");
    assertEquals(true, msg.startsWith("cannot evaluate [#assign s"), msg);
  }

  @Test
  void ordinaryTemplatesStillWork() throws TemplateError {
    assertEquals("a-b", t.render("${x}-${y}", Map.of("x", "a", "y", "b")));
    assertEquals("1,2,3", t.render("[#list 1..3 as i]${i}[#sep],[/#sep][/#list]", Map.of()));
  }
}

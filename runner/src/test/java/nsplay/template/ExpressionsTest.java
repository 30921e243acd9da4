package nsplay.template;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard that keeps a pasted expression inside its parenthesis. */
class ExpressionsTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "n",
        "n > 3",
        "(x)>1",
        "[1, 2][0]",
        "{'a': [1]}",
        "m[\"a)\"]",
        "'it''s'?length",
        "\"a\\\"b)\"",
        "r'\\'",
        "bar'x'",
        "1..n"
      })
  void selfContained(String e) {
    assertTrue(Expressions.selfContained(e), e);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1)][#assign z = 5][#assign q=(1",
        "a}-${b",
        "(",
        "[1)",
        "'open",
        "r\"\\\")][#x][#assign y = (\"",
        "1r\"\\\")][#x][#assign y = (\"",
        "1 [#-- ( --] )",
        "a\\-r\"x\"",
        "caf\u00e9"
      })
  void notSelfContained(String e) {
    assertFalse(Expressions.selfContained(e), e);
  }
}

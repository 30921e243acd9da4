package nsplay.template;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A conservative lexical check that an expression is self-contained: its brackets and quotes are
 * balanced and it holds nothing that FreeMarker's lexer could read differently from us.
 *
 * <p>Why: typed evaluation pastes the expression into {@code [#assign v = (EXPR)]}. If EXPR could
 * close that parenthesis itself (e.g. {@code 1)][#include "x"][#assign y=(1}) it would smuggle in
 * directives. FreeMarker only leaves the expression at a closing bracket that is outside string
 * literals, so an expression that never closes more than it opened cannot break out. When in doubt
 * this says no, and the caller falls back to plain string interpolation or reports an error.
 */
final class Expressions {
  private Expressions() {}

  static boolean selfContained(String e) {
    Deque<Character> closers = new ArrayDeque<>();
    int n = e.length();
    int i = 0;
    while (i < n) {
      char c = e.charAt(i);
      if (c == '"' || c == '\'') {
        i = skipString(e, i, false);
      } else if (isIdentStart(c)) {
        int start = i;
        while (i < n && isIdentPart(e.charAt(i))) {
          i++;
        }
        // r"..." is a raw string (no escapes) only when the r is a token of its own, as in
        // FreeMarker's lexer; "bar'x'" is the name bar followed by a normal string.
        if (i - start == 1 && c == 'r' && i < n && (e.charAt(i) == '"' || e.charAt(i) == '\'')) {
          i = skipString(e, i, true);
        }
        continue;
      } else if (c > 0x7e || c == '\\' || c == '#') {
        // Non-ASCII names, escaped names (a\-b) and comments (<#-- -->) are where our reading
        // could diverge from FreeMarker's: refuse rather than guess.
        return false;
      } else {
        switch (c) {
          case '(' -> closers.push(')');
          case '[' -> closers.push(']');
          case '{' -> closers.push('}');
          case ')', ']', '}' -> {
            if (closers.isEmpty() || closers.pop() != c) {
              return false;
            }
          }
          default -> {}
        }
        i++;
      }
      if (i < 0) {
        return false; // unterminated string
      }
    }
    return closers.isEmpty();
  }

  /**
   * The text with the inside of every string literal blanked, for checks that look at code only
   * ("1..9999999" in quotes is no range). Raw strings are read as normal ones: close enough here.
   */
  static String withoutStrings(String e) {
    StringBuilder out = new StringBuilder(e.length());
    int i = 0;
    while (i < e.length()) {
      char c = e.charAt(i);
      if (c == '"' || c == '\'') {
        int end = skipString(e, i, false);
        if (end < 0) {
          end = e.length();
        }
        out.append(c).append(" ".repeat(Math.max(0, end - i - 2))).append(c);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Index just after the string literal that opens at {@code at}, or -1 if it never closes. */
  private static int skipString(String e, int at, boolean raw) {
    char quote = e.charAt(at);
    for (int i = at + 1; i < e.length(); i++) {
      char c = e.charAt(i);
      if (c == '\\' && !raw) {
        i++; // the escaped character cannot end the string
      } else if (c == quote) {
        return i + 1;
      }
    }
    return -1;
  }

  private static boolean isIdentStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' || c == '@';
  }

  private static boolean isIdentPart(char c) {
    return isIdentStart(c) || (c >= '0' && c <= '9');
  }
}

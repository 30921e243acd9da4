package nsplay.template;

import freemarker.core.Environment;
import freemarker.core.TemplateProcessingTracer;
import freemarker.template.TemplateCollectionModel;
import freemarker.template.TemplateHashModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateModelIterator;
import freemarker.template.TemplateScalarModel;
import freemarker.template.TemplateSequenceModel;
import java.io.Writer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bounds on one evaluation of a playbook template, so that a template bomb is an input error with
 * its place, before any change, and never an OutOfMemoryError or StackOverflowError: {@code
 * "x"?left_pad(100000000)}, {@code (1..100000000)?join(",")}, {@code [#list 1..2000000000][/#list]}
 * and {@code [#function f n][#return f(n)][/#function]} all were.
 *
 * <p>FreeMarker has no limits of its own. What it offers is a tracer, told of every template
 * element entered and left (so of every loop pass, with the interruption checks that {@code
 * _CoreAPI.addThreadInterruptedChecks} puts into each loop body, even an empty one, and of every
 * function call): that bounds nesting, steps and time. Strings and lists made inside one expression
 * are checked where they can be: range and padding literals before evaluating, the value after.
 */
final class Limits {
  /** The longest string a value or a rendered template may be: far beyond any name or address. */
  static final int MAX_CHARS = 1024 * 1024;

  /** The most items a list may have, a range literal included: 100 times a large lab. */
  static final int MAX_ITEMS = 100_000;

  /** How deep elements may nest, function and macro calls included (recursion ends here). */
  static final int MAX_DEPTH = 100;

  /** Template elements one evaluation may enter: loops of a million passes are no lab's. */
  static final long MAX_STEPS = 1_000_000;

  /** How long one evaluation may take. */
  static final long MAX_NANOS = 2_000_000_000L;

  /** Tripped limits, as their messages; thrown through FreeMarker from the tracer or writer. */
  static final class Exceeded extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Exceeded(String message) {
      super(message, null, false, false);
    }
  }

  private Limits() {}

  /** Range literals such as 1..100000000 or 0..<5000000 (bounds known before evaluating). */
  private static final Pattern RANGE =
      Pattern.compile("(?<![\\w.])(-?\\d{1,18})\\s*\\.\\.([<!*]?)\\s*(-?\\d{1,18})(?![\\w.])");

  /** A padding width given as a literal: ?left_pad(100000000). */
  private static final Pattern PAD =
      Pattern.compile("\\?\\s*(left_pad|right_pad|leftPad|rightPad)\\s*\\(\\s*(\\d{1,18})");

  /**
   * The first bound that a template's literals break, or null: checked on its text before it runs
   * (string literals left out), as these builtins grow a value inside one expression, where the
   * tracer does not see them.
   */
  static String checkLiterals(String text) {
    if (text.indexOf("..") < 0 && text.indexOf("pad") < 0) {
      return null;
    }
    String code = Expressions.withoutStrings(text);
    Matcher m = RANGE.matcher(code);
    while (m.find()) {
      long from = Long.parseLong(m.group(1));
      long to = Long.parseLong(m.group(3));
      long size =
          m.group(2).equals("*") ? to : Math.abs(to - from) + (m.group(2).isEmpty() ? 1 : 0);
      if (size > MAX_ITEMS) {
        return "the range "
            + m.group().strip()
            + " has "
            + size
            + " items; a list holds at most "
            + MAX_ITEMS;
      }
    }
    m = PAD.matcher(code);
    while (m.find()) {
      long width = Long.parseLong(m.group(2));
      if (width > MAX_CHARS) {
        return "?"
            + m.group(1)
            + "("
            + width
            + ") makes a string of "
            + width
            + " characters; a string is at most "
            + MAX_CHARS
            + " (1 MiB)";
      }
    }
    return null;
  }

  /** Counts and times the elements entered; refuses depth, step and time past the bounds. */
  static final class Tracer implements TemplateProcessingTracer {
    private final long deadline = System.nanoTime() + MAX_NANOS;
    private int depth;
    private long steps;

    @Override
    public void enterElement(Environment env, TracedElement element) {
      if (++depth > MAX_DEPTH) {
        throw new Exceeded(
            "it nests or recurses more than "
                + MAX_DEPTH
                + " levels deep (a function calling"
                + " itself without end?)");
      }
      if (++steps > MAX_STEPS) {
        throw new Exceeded("it takes more than " + MAX_STEPS + " steps (a loop too long?)");
      }
      if ((steps & 1023) == 0 && System.nanoTime() - deadline > 0) {
        throw new Exceeded("it takes longer than " + MAX_NANOS / 1_000_000_000L + " s");
      }
    }

    @Override
    public void exitElement(Environment env, TracedElement element) {
      depth--;
    }
  }

  /** A writer that takes at most {@link #MAX_CHARS}: what a rendered string may be. */
  static final class BoundedWriter extends Writer {
    private final StringBuilder out = new StringBuilder();

    @Override
    public void write(char[] buf, int off, int len) {
      check(len);
      out.append(buf, off, len);
    }

    @Override
    public void write(String s, int off, int len) {
      check(len);
      out.append(s, off, off + len);
    }

    private void check(int len) {
      if ((long) out.length() + len > MAX_CHARS) {
        throw new Exceeded("the text it makes is longer than " + MAX_CHARS + " characters (1 MiB)");
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return out.toString();
    }
  }

  /**
   * Checks a value's size before it is turned into Java lists and strings: a loop over ${1..n} with
   * n in the billions would otherwise be unwrapped item by item until memory ran out.
   */
  static void checkValue(TemplateModel v) throws TemplateModelException {
    checkValue(v, new long[] {0}, 0);
  }

  private static void checkValue(TemplateModel v, long[] seen, int depth)
      throws TemplateModelException {
    if (++seen[0] > MAX_ITEMS * 10L || depth > MAX_DEPTH) {
      throw new Exceeded("the value is too large (more than " + MAX_ITEMS * 10L + " parts)");
    }
    if (v instanceof TemplateScalarModel s) {
      String text = s.getAsString();
      if (text != null && text.length() > MAX_CHARS) {
        throw new Exceeded(
            "the value is a string of "
                + text.length()
                + " characters; a string is at most "
                + MAX_CHARS
                + " (1 MiB)");
      }
    } else if (v instanceof TemplateSequenceModel seq) {
      int size = seq.size();
      if (size > MAX_ITEMS) {
        throw new Exceeded(
            "the value is a list of " + size + " items; a list holds at most " + MAX_ITEMS);
      }
      for (int i = 0; i < size; i++) {
        checkValue(seq.get(i), seen, depth + 1);
      }
    } else if (v instanceof TemplateHashModelEx h) {
      if (h.size() > MAX_ITEMS) {
        throw new Exceeded(
            "the value is a map of " + h.size() + " entries; a map holds at most " + MAX_ITEMS);
      }
      TemplateModelIterator it = h.values().iterator();
      while (it.hasNext()) {
        checkValue(it.next(), seen, depth + 1);
      }
    } else if (v instanceof TemplateCollectionModel c) {
      TemplateModelIterator it = c.iterator();
      int n = 0;
      while (it.hasNext()) {
        if (++n > MAX_ITEMS) {
          throw new Exceeded("the value is a list of more than " + MAX_ITEMS + " items");
        }
        checkValue(it.next(), seen, depth + 1);
      }
    }
  }
}

package nsplay.template;

import freemarker.core.Environment;
import freemarker.core.InvalidReferenceException;
import freemarker.core.ParseException;
import freemarker.core.TemplateClassResolver;
import freemarker.core._CoreAPI;
import freemarker.template.Configuration;
import freemarker.template.SimpleObjectWrapper;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.utility.DeepUnwrap;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nsplay.util.Threads;

/**
 * Playbook templating: {@code ${...}} in YAML values and bare expressions in {@code when:} and
 * {@code loop:}, evaluated with FreeMarker locked down to plain data.
 *
 * <p>A string that is exactly one {@code ${expr}} keeps the type of its value ({@code "${n}"} is
 * the number n, {@code "${1..n}"} a list), so templated values can feed numeric and list
 * parameters. Any other templated string is interpolated into a string.
 *
 * <p>Tags use the square-bracket syntax ({@code [#if x]}) so that {@code <#...>} in playbook text
 * is always literal and {@code >} in expressions needs no parentheses; interpolation is {@code ${}}
 * only ({@code #{x}} stays literal).
 */
public final class Templates {
  /**
   * Shared because a Configuration is costly and thread-safe once set up; made on first use only,
   * so that a playbook without templates never loads FreeMarker (start-up time).
   */
  private static final class Holder {
    static final Configuration CONFIG = safeConfiguration();
  }

  private static final String VALUE = "__nsplay_v";
  private static final String ASSIGN_PREFIX = "[#assign " + VALUE + " = (";
  private static final String ASSIGN_SUFFIX = ")]";
  private static final int CACHE_SIZE = 1024;

  /** Parsed templates by source text: playbooks repeat the same few strings in every loop pass. */
  private final Map<String, Template> cache = new Lru(CACHE_SIZE);

  public Templates() {}

  /**
   * The locked-down FreeMarker configuration that playbooks and report templates share: plain data
   * only (no ?new, no ?api, a wrapper that refuses anything but strings, numbers, booleans, maps
   * and lists, so no Java method is reachable), no template loader (callers that need one set their
   * own), machine formats (1000 not "1,000", true not "yes", UTC, the same on every host), and
   * errors rethrown for the caller to report rather than logged.
   */
  public static Configuration lockedDown() {
    awaitPreparation(); // report templates too: one thread in FreeMarker's set-up at a time
    // FreeMarker logs through java.util.logging by default: setting that up costs ~10 ms of a
    // start, and with errors rethrown and attempt reporting off it has nothing to say to us.
    if (System.getProperty(freemarker.log.Logger.SYSTEM_PROPERTY_NAME_LOGGER_LIBRARY) == null) {
      System.setProperty(
          freemarker.log.Logger.SYSTEM_PROPERTY_NAME_LOGGER_LIBRARY,
          freemarker.log.Logger.LIBRARY_NAME_NONE);
    }
    Configuration c = new Configuration(Configuration.VERSION_2_3_34);
    c.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
    c.setAPIBuiltinEnabled(false);
    c.setObjectWrapper(new SimpleObjectWrapper(Configuration.VERSION_2_3_34));
    c.setTemplateLoader(null);
    c.setLocalizedLookup(false);
    c.setNumberFormat("c");
    c.setBooleanFormat("c");
    c.setLocale(Locale.ROOT);
    c.setTimeZone(TimeZone.getTimeZone("UTC"));
    c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
    c.setLogTemplateExceptions(false);
    c.setAttemptExceptionReporter((e, env) -> {});
    c.setWrapUncheckedExceptions(true);
    c.setFallbackOnNullLoopVariable(false);
    return c;
  }

  private static Configuration safeConfiguration() {
    Configuration c = lockedDown();
    // Playbook values: [#...] tags, so that a literal "<#" or "#{" in a string stays text.
    c.setTagSyntax(Configuration.SQUARE_BRACKET_TAG_SYNTAX);
    c.setInterpolationSyntax(Configuration.DOLLAR_INTERPOLATION_SYNTAX);
    Functions.register(c);
    return c;
  }

  /** The thread of {@link #prepareInBackground}, while one may still be running. */
  private static volatile Thread preparing;

  /**
   * Starts FreeMarker's set-up on a daemon thread: about 80 ms of a cold start (its object wrapper
   * resolves a member access policy by reflection), which then overlaps with reading the playbook
   * and the kernel on the main thread. For runs that will evaluate templates.
   *
   * <p>The first real template waits for that thread to finish instead of joining in: two threads
   * initialising FreeMarker's classes at once could each wait for a class the other is
   * initialising, and never go on.
   */
  public static void prepareInBackground() {
    Thread t =
        new Thread(
            () -> {
              try {
                new Templates().evaluate("1 + 1", Map.of());
              } catch (TemplateError | RuntimeException e) {
                // the real use of templates meets and reports the same problem
              }
            },
            "nsplay-templates");
    t.setDaemon(true);
    preparing = t;
    t.start();
  }

  /** Waits for {@link #prepareInBackground}'s thread, unless this is that thread. */
  private static void awaitPreparation() {
    Thread t = preparing;
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    Threads.joinUninterruptibly(t);
    preparing = null;
  }

  /** Whether a string needs rendering at all. */
  public static boolean isTemplate(String s) {
    return s != null && s.contains("${");
  }

  /**
   * Renders a YAML-derived value: strings with {@code ${...}} are evaluated, lists and map values
   * recursively (map keys are left alone), everything else is returned as is.
   */
  public Object render(Object value, Map<String, Object> vars) throws TemplateError {
    if (value instanceof String s) {
      return renderString(s, vars);
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object o : list) {
        out.add(render(o, vars));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(e.getKey(), render(e.getValue(), vars));
      }
      return out;
    }
    return value;
  }

  /**
   * Evaluates a bare expression ({@code n > 3}, {@code 1..n}) or one wrapped in {@code ${...}},
   * keeping the type of its value.
   */
  public Object evaluate(String expression, Map<String, Object> vars) throws TemplateError {
    String e = expression.strip();
    String inner = singleInterpolation(e);
    return typed(inner != null ? inner : e, expression, vars);
  }

  /** Evaluates a {@code when:} expression, which must come out true or false. */
  public boolean condition(String expression, Map<String, Object> vars) throws TemplateError {
    Object v = evaluate(expression, vars);
    if (v instanceof Boolean b) {
      return b;
    }
    throw new TemplateError(
        "condition `" + expression.strip() + "` is " + kind(v) + ", not true or false");
  }

  private Object renderString(String s, Map<String, Object> vars) throws TemplateError {
    if (!isTemplate(s)) {
      return s; // never parsed, so "<#", "[#" and "#{" in plain strings are just text
    }
    String inner = singleInterpolation(s);
    if (inner != null) {
      return typed(inner, s, vars);
    }
    Template t = parse(s, s, 0);
    return bounded(s, s, () -> renderNow(t, s, vars));
  }

  private static Object renderNow(Template t, String s, Map<String, Object> vars)
      throws TemplateError {
    Limits.BoundedWriter out = new Limits.BoundedWriter();
    try {
      Environment env = t.createProcessingEnvironment(model(vars), out);
      env.setTemplateProcessingTracer(new Limits.Tracer());
      env.process();
    } catch (TemplateException | Limits.Exceeded e) {
      throw translate(e, s);
    } catch (IOException e) {
      throw new TemplateError("cannot render " + s + ": " + e.getMessage());
    } catch (StackOverflowError | OutOfMemoryError e) {
      throw beyondLimits(e, s);
    }
    return out.toString();
  }

  /** EXPR when s is exactly {@code ${EXPR}} with a self-contained EXPR, else null. */
  private static String singleInterpolation(String s) {
    if (!s.startsWith("${") || !s.endsWith("}")) {
      return null;
    }
    String inner = s.substring(2, s.length() - 1);
    // "${a}-${b}" also starts with ${ and ends with }, but "a}-${b" is not self-contained.
    return Expressions.selfContained(inner) ? inner : null;
  }

  /**
   * Evaluates the expression by assigning it to a variable and reading that back, because an
   * interpolation would only ever give us its string form.
   */
  private Object typed(String expr, String source, Map<String, Object> vars) throws TemplateError {
    if (!Expressions.selfContained(expr)) {
      throw new TemplateError(
          "bad expression " + show(source) + ": unbalanced brackets or quotes, or a # or \\");
    }
    Template t = parse(ASSIGN_PREFIX + expr + ASSIGN_SUFFIX, source, ASSIGN_PREFIX.length());
    return bounded(expr, source, () -> typedNow(t, source, vars));
  }

  /** One evaluation, which may throw a TemplateError. */
  private interface Evaluation {
    Object run() throws TemplateError;
  }

  /**
   * The threads of {@link #bounded}: one is made and then reused (a playbook's loops each evaluate
   * such a range, twice: a thread apiece cost ten thread starts in a one-namespace up); one left
   * behind past the time limit stays busy, and the next evaluation gets a new thread.
   */
  private static final java.util.concurrent.ExecutorService EVALUATORS =
      java.util.concurrent.Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "nsplay-template-eval");
            t.setDaemon(true);
            return t;
          });

  /**
   * Runs an evaluation. One with a range ({@code ..}) whose size the literal check could not know
   * ({@code (1..n)?filter(...)}, {@code (1..n)?seq_contains(x)}) can loop inside a single builtin,
   * where neither the tracer nor the writer sees it: that one runs on a daemon thread (see
   * EVALUATORS), which is interrupted and left behind past the time limit (the run then stops with
   * the error, and the process with it). The others, nearly all, run right here.
   */
  private static Object bounded(String text, String source, Evaluation e) throws TemplateError {
    if (text.indexOf("..") < 0) {
      return e.run();
    }
    java.util.concurrent.FutureTask<Object> task =
        new java.util.concurrent.FutureTask<>(
            () -> {
              try {
                return e.run();
              } catch (TemplateError error) {
                return error;
              }
            });
    EVALUATORS.execute(task);
    Object result;
    try {
      result = task.get(Limits.MAX_NANOS, java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.TimeoutException late) {
      task.cancel(true); // FreeMarker's loop checks see the interrupt; builtins do not
      throw new TemplateError(
          "cannot evaluate "
              + show(source)
              + ": it takes longer than "
              + Limits.MAX_NANOS / 1_000_000_000L
              + " s");
    } catch (InterruptedException interrupted) {
      task.cancel(true);
      Thread.currentThread().interrupt();
      throw new TemplateError("cannot evaluate " + show(source) + ": interrupted");
    } catch (java.util.concurrent.ExecutionException failed) {
      Throwable c = failed.getCause();
      if (c instanceof StackOverflowError || c instanceof OutOfMemoryError) {
        throw beyondLimits((Error) c, source);
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(c);
    }
    if (result instanceof TemplateError error) {
      throw error;
    }
    return result;
  }

  private static Object typedNow(Template t, String source, Map<String, Object> vars)
      throws TemplateError {
    try {
      Environment env = t.createProcessingEnvironment(model(vars), Writer.nullWriter());
      env.setTemplateProcessingTracer(new Limits.Tracer());
      env.process();
      TemplateModel value = env.getCurrentNamespace().get(VALUE);
      Limits.checkValue(value);
      try {
        return normalize(DeepUnwrap.unwrap(value));
      } catch (TemplateModelException | IllegalArgumentException notPlain) {
        // e.g. a macro, a function or the result of ?interpret: nothing a playbook can hold
        throw new TemplateError(
            "cannot evaluate "
                + show(source)
                + ": the value is not a string, number, boolean, list or map");
      }
    } catch (TemplateException | Limits.Exceeded e) {
      throw translate(e, source);
    } catch (IOException e) {
      throw new TemplateError("cannot evaluate " + show(source) + ": " + e.getMessage());
    } catch (StackOverflowError | OutOfMemoryError e) {
      throw beyondLimits(e, source);
    }
  }

  /**
   * The last resort, for what the limits could not see coming (a string doubled in one expression,
   * ?eval calling itself): the error is the template's, and the stack unwound to here has already
   * let go of whatever it was building.
   */
  private static TemplateError beyondLimits(Error e, String source) {
    return new TemplateError(
        "cannot evaluate "
            + show(source)
            + ": "
            + (e instanceof StackOverflowError
                ? "it nests or recurses too deeply"
                : "it makes a value too large for memory"));
  }

  private Template parse(String text, String source, int offset) throws TemplateError {
    awaitPreparation();
    synchronized (cache) {
      Template t = cache.get(text);
      if (t != null) {
        return t;
      }
    }
    String tooLarge = Limits.checkLiterals(text);
    if (tooLarge != null) {
      throw new TemplateError("cannot evaluate " + show(source) + ": " + tooLarge);
    }
    Template t;
    try {
      t = new Template("nsplay", text, Holder.CONFIG);
      // Puts a check into every loop body, even an empty one: an element the tracer of Limits
      // sees at each pass, so it can stop a loop that runs too long.
      _CoreAPI.addThreadInterruptedChecks(t);
    } catch (ParseException e) {
      throw new TemplateError(
          "bad expression " + show(source) + ": " + parseReason(e, text.length(), offset));
    } catch (IOException e) {
      throw new TemplateError("bad expression " + show(source) + ": " + e.getMessage());
    }
    synchronized (cache) {
      cache.put(text, t);
    }
    return t;
  }

  /**
   * The data model is the vars map itself; the wrapper presents null values as missing, so {@code
   * x!"default"} and {@code x??} treat an unset and a null variable alike.
   */
  private static Map<String, Object> model(Map<String, Object> vars) {
    return vars == null ? Map.of() : vars;
  }

  private static final Pattern ENCOUNTERED = Pattern.compile("^Encountered (\".*?\"),");

  /** FreeMarker's first line, minus its list of expected tokens, at a column the user can see. */
  private static String parseReason(ParseException e, int textLength, int offset) {
    String first = e.getEditorMessage().strip().lines().findFirst().orElse("syntax error");
    first = first.replaceAll("\\.$", "");
    int column = e.getColumnNumber() - offset;
    if (e.getLineNumber() == 1
        && e.getColumnNumber() > textLength - ASSIGN_SUFFIX.length()
        && offset > 0) {
      return "the expression ends too early";
    }
    Matcher m = ENCOUNTERED.matcher(first);
    if (m.find()) {
      first = "unexpected " + m.group(1);
    }
    return e.getLineNumber() == 1 && column > 0 ? first + " at column " + column : first;
  }

  private static TemplateError translate(Exception e, String source) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof Limits.Exceeded x) {
        return new TemplateError("cannot evaluate " + show(source) + ": " + x.getMessage());
      }
    }
    if (e instanceof Limits.Exceeded || !(e instanceof TemplateException te)) {
      return new TemplateError("cannot evaluate " + show(source) + ": " + e.getMessage());
    }
    return translate(te, source);
  }

  private static TemplateError translate(TemplateException e, String source) {
    if (e instanceof InvalidReferenceException) {
      String name = unparenthesize(e.getBlamedExpressionString());
      if (name != null) {
        return new TemplateError("undefined variable \"" + name + "\" in " + show(source), name);
      }
    }
    String msg = String.valueOf(e.getMessageWithoutStackTop());
    if (msg.contains("api_builtin_enabled")) {
      return new TemplateError("?api is not allowed in playbooks (in " + show(source) + ")");
    }
    if (msg.contains("not allowed in the template for security reasons")) {
      return new TemplateError("?new is not allowed in playbooks (in " + show(source) + ")");
    }
    Matcher wrap = Pattern.compile("won't wrap this type: (\\S+)").matcher(msg);
    if (e instanceof TemplateModelException && wrap.find()) {
      return new TemplateError(
          "a variable used in "
              + show(source)
              + " holds a Java "
              + wrap.group(1)
              + "; only strings, numbers, booleans, lists and maps are allowed");
    }
    return new TemplateError("cannot evaluate " + show(source) + ": " + essence(msg));
  }

  /** The blamed "(item.nmae)" is our own wrapping parenthesis around the user's item.nmae. */
  private static String unparenthesize(String s) {
    while (s != null
        && s.startsWith("(")
        && s.endsWith(")")
        && Expressions.selfContained(s.substring(1, s.length() - 1))) {
      s = s.substring(1, s.length() - 1).strip();
    }
    return s;
  }

  /**
   * FreeMarker's messages are the reason, then "==> expression [in template ...]", "Tip:" and stack
   * sections: keep the reason only.
   */
  private static String essence(String msg) {
    StringBuilder sb = new StringBuilder();
    for (String line : msg.strip().split("\n")) {
      String l = line.strip();
      if (l.isEmpty()
          || l.startsWith("==>")
          || l.startsWith("----")
          || l.startsWith("Tip:")
          || l.startsWith("The blamed expression")
          || l.startsWith("The failing instruction")
          || l.startsWith("FTL stack trace")) {
        break;
      }
      sb.append(sb.length() == 0 ? "" : " ").append(l);
    }
    // "(wrapper: f.t.SimpleScalar)" and "(X wrapped into f.t.DefaultMapAdapter)" are Java detail
    return sb.toString()
        .replaceAll("\\s*\\((wrapper: |[^()]* wrapped into )[^()]*\\)", "")
        .replaceAll("\\s*,\\s*$|:$", "");
  }

  /** How a source appears in messages: as the user wrote it, bare expressions as ${...}. */
  private static String show(String source) {
    return isTemplate(source) ? source : "${" + source.strip() + "}";
  }

  private static String kind(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Number) {
      return "a number";
    }
    if (v instanceof String) {
      return "a string";
    }
    if (v instanceof List) {
      return "a list";
    }
    if (v instanceof Map) {
      return "a map";
    }
    return "a " + v.getClass().getSimpleName();
  }

  /**
   * Values in the shapes YAML loading produces: FreeMarker does arithmetic in BigDecimal, but
   * {@code ${n * 2}} should be the Integer 10, not BigDecimal 10; maps are ordered String-keyed.
   */
  static Object normalize(Object v) {
    if (v instanceof Number n) {
      return number(n);
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), normalize(e.getValue()));
      }
      return out;
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object o : c) {
        out.add(normalize(o));
      }
      return out;
    }
    if (v == null || v instanceof String || v instanceof Boolean) {
      return v;
    }
    // e.g. the java.util.Date of ${.now}: not a value a playbook can hold
    throw new IllegalArgumentException(v.getClass().getName());
  }

  private static Number number(Number n) {
    if (n instanceof Integer) {
      return n;
    }
    BigDecimal d;
    if (n instanceof Double || n instanceof Float) {
      double x = n.doubleValue();
      if (!Double.isFinite(x) || x != Math.rint(x) || Math.abs(x) >= 0x1p63) {
        return x;
      }
      d = BigDecimal.valueOf(x);
    } else if (n instanceof BigDecimal b) {
      d = b;
    } else if (n instanceof BigInteger b) {
      d = new BigDecimal(b);
    } else {
      d = BigDecimal.valueOf(n.longValue()); // Long, Short, Byte, atomics
    }
    BigInteger i;
    try {
      i = d.toBigIntegerExact();
    } catch (ArithmeticException fractional) {
      return d.stripTrailingZeros();
    }
    if (i.bitLength() < 32) {
      return i.intValue();
    }
    if (i.bitLength() < 64) {
      return i.longValue();
    }
    return new BigDecimal(i);
  }

  /** A bounded least-recently-used map. */
  private static final class Lru extends LinkedHashMap<String, Template> {
    private static final long serialVersionUID = 1L;
    private final int max;

    Lru(int max) {
      super(16, 0.75f, true);
      this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Template> eldest) {
      return size() > max;
    }
  }
}

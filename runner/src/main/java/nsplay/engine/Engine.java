package nsplay.engine;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nsplay.jni.NativeException;
import nsplay.playbook.Binder;
import nsplay.playbook.Condition;
import nsplay.playbook.Playbook;
import nsplay.playbook.PlaybookLoader;
import nsplay.playbook.Problem;
import nsplay.playbook.RawValue;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSource;
import nsplay.playbook.TaskSpec;
import nsplay.task.Context;
import nsplay.task.Outcome;
import nsplay.task.Task;
import nsplay.task.TaskFailure;
import nsplay.task.TaskRegistry;
import nsplay.template.TemplateError;
import nsplay.template.Templates;

/**
 * Runs a playbook's tasks in order, Ansible's way: conditions, loops, registered results, tags,
 * check mode. Reports each task (each loop item) and a recap. A failed task stops the run unless it
 * says {@code ignore_errors: true}: later tasks build on earlier ones. A failed check (a task type
 * marked {@link TaskSpec#checks}, such as ping) does not: it builds nothing, and what comes after
 * it may be what makes it hold on the next run.
 */
public final class Engine {
  /** What the command line asked for. */
  public record Options(
      boolean check, boolean diff, List<String> tags, List<String> skipTags, String startAt) {
    public Options {
      tags = List.copyOf(tags);
      skipTags = List.copyOf(skipTags);
    }

    public static Options defaults() {
      return new Options(false, false, List.of(), List.of(), null);
    }
  }

  /** Counts of task outcomes; a looping task counts once, by its items' worst outcome. */
  public record Recap(int ok, int changed, int failed, int skipped, int ignored) {
    public String format(String lab) {
      return "RECAP "
          + lab
          + ": ok="
          + ok
          + " changed="
          + changed
          + " failed="
          + failed
          + " skipped="
          + skipped
          + (ignored > 0 ? " ignored=" + ignored : "");
    }
  }

  private final Reporter reporter;
  private final Options options;
  private final Map<String, TaskSpec> specs;
  private final Templates templates;
  private final Binder binder;

  public Engine(Reporter reporter, Options options) {
    this.reporter = reporter;
    this.options = options;
    this.specs = TaskRegistry.specs();
    this.templates = new Templates();
    this.binder = new Binder(specs, templates);
  }

  /**
   * What the preflight answers: a run that may start, or why not. A run can only be had from here,
   * so that no playbook runs without its variables bound and its checks passed.
   */
  public sealed interface Checked permits Prepared, Problems {}

  /**
   * Every problem found before running (up to the loader's limit), with the warnings ({@link
   * Problem#warning()}) that a run would have said first, in file order.
   */
  public record Problems(List<Problem> list) implements Checked {
    public Problems {
      list = List.copyOf(list);
    }
  }

  /**
   * A playbook with its variables bound (-e over the playbook's vars), not yet checked. Its own
   * step, apart from {@link Bound#preflight}: up reports a variables problem before it asks for
   * root, and the checks need the kernel, which needs root.
   */
  public final class Bound {
    private final Playbook playbook;
    private final Map<String, Object> vars;
    private final Map<String, Object> extra;
    private final Set<String> unusable;

    private Bound(Playbook playbook, Map<String, Object> vars, Map<String, Object> extra) {
      this(playbook, vars, extra, Set.of());
    }

    private Bound(
        Playbook playbook,
        Map<String, Object> vars,
        Map<String, Object> extra,
        Set<String> unusable) {
      this.playbook = playbook;
      this.vars = vars;
      this.extra = extra;
      this.unusable = unusable;
    }

    /** The playbook under its lab name (a templated one rendered). */
    public Playbook playbook() {
      return playbook;
    }

    /** Checks everything that can be checked before running, against {@code world}. */
    public Checked preflight(World world) {
      Preflight p = new Preflight(specs, binder, templates, world);
      p.extra = extra.keySet();
      p.unusable = unusable;
      List<Problem> problems = p.check(playbook, vars);
      if (!problems.isEmpty()) {
        // The warnings too: fixing the errors should not bring news of what was there already.
        List<Problem> all = new ArrayList<>(problems);
        all.addAll(p.warnings);
        return new Problems(PlaybookLoader.inOrder(all, List.of(playbook.file())));
      }
      // A run with the same variables binds every item the same way: keep the bindings, unless
      // a registered result (unknown before the run) can enter a template.
      boolean registers = playbook.tasks().stream().anyMatch(t -> t.register() != null);
      return new Prepared(this, registers ? Map.of() : p.bound, p.warnings);
    }
  }

  /** A playbook that passed its checks, with what they bound: the one thing that runs. */
  public final class Prepared implements Checked {
    private final Bound bound;

    /** Tasks bound by the preflight, per task as written, in loop-item order. */
    private final Map<TaskSource, List<TaskDecl>> preBound;

    /** What the checks found that stops nothing, to be said before the run. */
    private final List<Problem> warnings;

    private Prepared(
        Bound bound, Map<TaskSource, List<TaskDecl>> preBound, List<Problem> warnings) {
      this.bound = bound;
      this.preBound = preBound;
      this.warnings = List.copyOf(warnings);
    }

    /** Warnings of the checks (printed like problems, with "warning:"), in playbook order. */
    public List<Problem> warnings() {
      return warnings;
    }

    public Playbook playbook() {
      return bound.playbook;
    }

    /** Runs the tasks against {@code ctx}; reports each and the recap. */
    public Recap run(Context ctx) {
      return Engine.this.run(this, ctx);
    }
  }

  /** The variables in force at the start: -e over the playbook's vars. */
  public Bound bind(Playbook pb, Map<String, Object> extra) throws Binder.BindException {
    Map<String, Object> vars = Vars.resolve(pb, extra, binder);
    return new Bound(binder.named(pb, vars), vars, Map.copyOf(extra));
  }

  /**
   * The playbook under its lab name, a templated one rendered with -e over its vars (for what needs
   * the name before the run is bound, such as its log).
   */
  public Playbook named(Playbook pb, Map<String, Object> extra) throws Binder.BindException {
    return pb.nameTemplate() == null ? pb : binder.named(pb, Vars.resolve(pb, extra, binder));
  }

  /** {@link #bind}, then {@link Bound#preflight}: a variables problem is one more problem. */
  public Checked prepare(Playbook pb, Map<String, Object> extra, World world) {
    return prepare(pb, List.of(), extra, world);
  }

  /**
   * Every problem of the playbook in one round: {@code loaded}, the loader's (the playbook then
   * holds what it could read, see {@link nsplay.playbook.TaskSource.Read}), each variable of its
   * {@code vars:} that cannot be given a value, its templated name, and the checks of {@link
   * Bound#preflight}; what depends on a problem already found is not checked again. In file order,
   * one per place, at most the loader's limit.
   */
  public Checked prepare(
      Playbook pb, List<Problem> loaded, Map<String, Object> extra, World world) {
    List<Problem> problems = new ArrayList<>(loaded);
    List<Binder.BindException> failures = new ArrayList<>();
    Set<String> unusable = new HashSet<>();
    Map<String, Object> vars = Vars.resolve(pb, extra, binder, failures, unusable);
    failures.forEach(f -> problems.add(f.problem()));
    Playbook named = pb;
    try {
      named = binder.named(pb, vars);
    } catch (Binder.BindException e) {
      if (!unusable.contains(Vars.root(e.variable()))) {
        problems.add(e.problem());
      }
    }
    Checked checked = new Bound(named, vars, Map.copyOf(extra), unusable).preflight(world);
    if (checked instanceof Problems p) {
      problems.addAll(p.list());
    }
    if (problems.isEmpty()) {
      return checked;
    }
    return new Problems(PlaybookLoader.inOrder(problems, List.of(pb.file())));
  }

  /** Whether the task at {@code index} is selected by --tags, --skip-tags and --start-at-task. */
  public boolean[] selection(Playbook pb) {
    boolean[] out = new boolean[pb.tasks().size()];
    boolean started = options.startAt() == null;
    for (int i = 0; i < out.length; i++) {
      TaskSource t = pb.tasks().get(i);
      started |= t.displayName().equals(options.startAt());
      // As Ansible: a task tagged `never` runs only when --tags names another of its tags (a
      // stage for the grader, `nsplay check`, that `up` leaves alone).
      boolean never = t.tags().contains("never");
      boolean named =
          t.tags().stream().anyMatch(g -> !g.equals("never") && options.tags().contains(g));
      boolean tagged =
          never ? named : options.tags().isEmpty() || t.tags().contains("always") || named;
      boolean skipped = t.tags().stream().anyMatch(options.skipTags()::contains);
      out[i] = started && tagged && !skipped;
    }
    return out;
  }

  private Recap run(Prepared run, Context ctx) {
    Playbook pb = run.bound.playbook;
    Counter count = new Counter();
    Map<String, Object> registered = new HashMap<>();
    boolean[] selected = selection(pb);
    try {
      runTasks(run, ctx, pb, count, registered, selected);
    } finally {
      ctx.end(); // what a task started for the rest of the run (a capture) stops here
    }
    Recap recap = count.recap();
    reporter.recap(ctx.lab(), recap);
    return recap;
  }

  private void runTasks(
      Prepared run,
      Context ctx,
      Playbook pb,
      Counter count,
      Map<String, Object> registered,
      boolean[] selected) {
    for (int i = 0; i < pb.tasks().size(); i++) {
      // A stopping point for Ctrl-C between tasks, also when they change nothing.
      nsplay.util.Interruption.check();
      TaskSource src = pb.tasks().get(i);
      if (!selected[i]) {
        // Not reported, but a later `when: x.changed` must still find a result.
        register(src, registered, result(Outcome.skipped("not selected")));
        continue;
      }
      Map<String, Object> scope = new HashMap<>(run.bound.vars);
      scope.putAll(registered);
      // The -e variables win over registered results of the same name, as over vars.
      scope.putAll(run.bound.extra);
      boolean stops = stops(src);
      String notRun = "";
      if (stops) {
        int after = 0;
        for (int j = i + 1; j < selected.length; j++) {
          after += selected[j] ? 1 : 0;
        }
        notRun =
            after == 0
                ? ""
                : after == 1
                    ? "; the task after it did not run"
                    : "; the " + after + " tasks after it did not run";
      }
      Outcome.Status status =
          runSource(src, scope, ctx, registered, run.preBound, notRun, run.bound.extra.keySet());
      count.add(status, src.ignoreErrors());
      if (status == Outcome.Status.FAILED && stops) {
        break;
      }
    }
  }

  /** Whether a failure of this task ends the run: not when ignored, and not for a check. */
  private boolean stops(TaskSource src) {
    return !src.ignoreErrors() && !specs.get(src.type()).checks();
  }

  /**
   * Runs one task as written, all its loop items; returns its overall status. {@code notRun} is
   * added to the message of a failure that stops the run: what the user did not get.
   */
  private Outcome.Status runSource(
      TaskSource src,
      Map<String, Object> scope,
      Context ctx,
      Map<String, Object> registered,
      Map<TaskSource, List<TaskDecl>> preBound,
      String notRun,
      Set<String> extra) {
    String name = displayName(src, scope, extra);
    for (Condition c : src.when()) {
      try {
        if (!templates.condition(c.expression(), scope)) {
          Outcome o = Outcome.skipped(null);
          reporter.taskEnd(new Reporter.TaskEvent(name, null, o, List.of(), null, 0, false));
          register(src, registered, result(o));
          return Outcome.Status.SKIPPED;
        }
      } catch (TemplateError e) {
        return fail(src, name, c.location() + ": " + e.getMessage() + notRun, registered);
      }
    }
    List<Problem> problems = new ArrayList<>();
    List<Object> items = items(src, scope, binder, problems, Set.of());
    if (items == null) {
      Problem p = problems.get(0);
      return fail(src, name, p.location() + ": " + p.message() + notRun, registered);
    }
    long loopStart = System.nanoTime();
    List<Map<String, Object>> results = new ArrayList<>();
    Outcome.Status worst = null;
    for (int n = 0; n < items.size(); n++) {
      nsplay.util.Interruption.check();
      Object item = items.get(n);
      Map<String, Object> itemScope = scope;
      String label = null;
      if (src.loop() != null) {
        itemScope = new HashMap<>(scope);
        itemScope.put(src.loopVar(), item);
        label = label(item);
      }
      List<TaskDecl> pre = preBound.get(src);
      TaskDecl known = pre != null && pre.size() == items.size() ? pre.get(n) : null;
      Outcome o = runItem(src, name, label, itemScope, ctx, known, notRun, extra);
      results.add(result(o));
      worst = worse(worst, o.status());
      if (src.loop() != null) {
        reporter.progress(name, n + 1, items.size(), (System.nanoTime() - loopStart) / 1_000_000);
      }
      if (o.status() == Outcome.Status.FAILED && stops(src)) {
        break;
      }
    }
    if (worst == null) {
      worst = Outcome.Status.SKIPPED; // an empty loop
    }
    if (src.loop() != null) {
      reporter.loopEnd(name, worst, items.size(), (System.nanoTime() - loopStart) / 1_000_000);
      Map<String, Object> r =
          new LinkedHashMap<>(result(new Outcome(worst, null, List.of(), Map.of())));
      r.put("results", results);
      register(src, registered, r);
    } else {
      register(src, registered, results.get(0));
    }
    return worst;
  }

  private Outcome runItem(
      TaskSource src,
      String name,
      String label,
      Map<String, Object> scope,
      Context ctx,
      TaskDecl known,
      String notRun,
      Set<String> extra) {
    reporter.taskStart(name, label);
    long start = System.nanoTime();
    Outcome o;
    Reporter.Diff diff = null;
    try {
      TaskDecl decl =
          known != null ? known : binder.bind(src, withImportVars(src, scope, extra, binder));
      Task<?, ?> task = TaskRegistry.bind(decl);
      String before = options.diff() ? safeState(task, ctx) : null;
      o = remark(task.run(ctx), decl, ctx);
      if (options.diff() && o.status() == Outcome.Status.CHANGED) {
        diff = new Reporter.Diff(before, safeState(task, ctx));
      }
    } catch (Binder.BindException e) {
      o = Outcome.failed(e.problem().location() + ": " + e.problem().message(), List.of());
    } catch (TaskFailure | NativeException | UncheckedIOException e) {
      o = Outcome.failed(e.getMessage(), List.of());
    } catch (RuntimeException e) {
      // A bug of ours, not the user's: say so, and keep going to the recap.
      o = Outcome.failed("internal error: " + e, List.of());
    }
    if (o.status() == Outcome.Status.FAILED && !notRun.isEmpty()) {
      o = new Outcome(o.status(), o.message() + notRun, o.changes(), o.facts());
    }
    List<String> ops = ctx.kernel().takeOperations();
    reporter.taskEnd(
        new Reporter.TaskEvent(
            name,
            label,
            o,
            ops,
            diff,
            (System.nanoTime() - start) / 1_000_000,
            o.status() == Outcome.Status.FAILED && src.ignoreErrors()));
    return o;
  }

  /** After a task that creates links: their marks put back where they went missing. */
  private Outcome remark(Outcome o, TaskDecl decl, Context ctx) {
    // Only a task that found its links as they should be: one that created them marked them,
    // and one that repaired something else gets its marks checked on the next run.
    if (o.status() != Outcome.Status.OK) {
      return o;
    }
    List<String> fixed = new ArrayList<>();
    for (Ref r : specs.get(decl.type()).refs().apply(decl.args())) {
      if (r.use() == Ref.Use.CREATES
          && (r.kind() == Ref.Kind.LINK || r.kind() == Ref.Kind.BRIDGE)) {
        String change = ctx.remark(r.netns(), r.name());
        if (change != null) {
          fixed.add(change);
        }
      }
    }
    if (fixed.isEmpty()) {
      return o;
    }
    List<String> changes = new ArrayList<>(o.changes());
    changes.addAll(fixed);
    return new Outcome(Outcome.Status.CHANGED, o.message(), changes, o.facts());
  }

  private static String safeState(Task<?, ?> task, Context ctx) {
    try {
      return task.state(ctx);
    } catch (RuntimeException e) {
      return "(" + e.getMessage() + ")";
    }
  }

  private Outcome.Status fail(
      TaskSource src, String name, String message, Map<String, Object> registered) {
    Outcome o = Outcome.failed(message, List.of());
    reporter.taskEnd(new Reporter.TaskEvent(name, null, o, List.of(), null, 0, src.ignoreErrors()));
    register(src, registered, result(o));
    return Outcome.Status.FAILED;
  }

  private String displayName(TaskSource src, Map<String, Object> scope, Set<String> extra) {
    String n = src.displayName();
    if (!n.contains("${")) {
      return n;
    }
    try {
      Object v =
          binder.render(new RawValue(n, src.location()), withImportVars(src, scope, extra, binder));
      return String.valueOf(v);
    } catch (Binder.BindException e) {
      return n; // names may use the loop variable: shown raw at the task level
    }
  }

  /**
   * The scope of one item of an imported task: its import's {@code vars:} over the playbook's vars
   * and registered results, under {@code -e} and the loop variable (so one task file serves many
   * imports, and -e still overrides everything). Each is rendered in that scope, the loop variable
   * in it, so {@code net: "10.0.${item}.0/24"} follows the loop.
   */
  static Map<String, Object> withImportVars(
      TaskSource src, Map<String, Object> scope, Set<String> extra, Binder binder)
      throws Binder.BindException {
    if (src.vars().isEmpty()) {
      return scope;
    }
    Map<String, Object> out = new HashMap<>(scope);
    for (Map.Entry<String, nsplay.playbook.RawValue> e : src.vars().entrySet()) {
      String k = e.getKey();
      if (extra.contains(k) || (src.loop() != null && k.equals(src.loopVar()))) {
        continue;
      }
      out.put(k, binder.render(e.getValue(), out));
    }
    return out;
  }

  /**
   * The loop items of a task: {@code [null]} without a loop; null when they cannot be known (after
   * adding a problem, unless the loop waits for a registered result).
   */
  static List<Object> items(
      TaskSource src,
      Map<String, Object> vars,
      Binder binder,
      List<Problem> problems,
      Set<String> registered) {
    if (src.loop() == null) {
      List<Object> one = new ArrayList<>();
      one.add(null);
      return one;
    }
    Object v;
    try {
      v = binder.render(src.loop(), vars);
    } catch (Binder.BindException e) {
      String var = e.variable();
      if (var == null || !registered.contains(var.split("[.\\[?!]", 2)[0])) {
        problems.add(e.problem());
      }
      return null;
    }
    if (v instanceof List<?> l) {
      return new ArrayList<>(l);
    }
    problems.add(
        new Problem(
            src.loop().location(),
            "loop must give a list, got "
                + (v == null ? "nothing" : v.getClass().getSimpleName().toLowerCase() + " " + v),
            null));
    return null;
  }

  /** How a loop item is shown: itself, or its name when it is a mapping with one. */
  static String label(Object item) {
    if (item instanceof Map<?, ?> m && m.get("name") != null) {
      return String.valueOf(m.get("name"));
    }
    return flow(item);
  }

  /** YAML flow style, as the item was likely written: {ns: left, dev: eth0}. */
  private static String flow(Object v) {
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, x) -> parts.add(k + ": " + flow(x)));
      return "{" + String.join(", ", parts) + "}";
    }
    if (v instanceof List<?> l) {
      return "[" + String.join(", ", l.stream().map(Engine::flow).toList()) + "]";
    }
    return String.valueOf(v);
  }

  private static void register(
      TaskSource src, Map<String, Object> registered, Map<String, Object> result) {
    if (src.register() != null) {
      registered.put(src.register(), result);
    }
  }

  /** What `register:` stores for one outcome: plain values only. */
  static Map<String, Object> result(Outcome o) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("status", o.status().word());
    r.put("changed", o.status() == Outcome.Status.CHANGED);
    r.put("failed", o.status() == Outcome.Status.FAILED);
    r.put("skipped", o.status() == Outcome.Status.SKIPPED);
    r.put("message", o.message() == null ? "" : o.message());
    r.putAll(o.facts());
    return r;
  }

  static Outcome.Status worse(Outcome.Status a, Outcome.Status b) {
    if (a == null) {
      return b;
    }
    List<Outcome.Status> order =
        List.of(
            Outcome.Status.SKIPPED,
            Outcome.Status.OK,
            Outcome.Status.CHANGED,
            Outcome.Status.FAILED);
    return order.indexOf(a) >= order.indexOf(b) ? a : b;
  }

  private static final class Counter {
    int ok;
    int changed;
    int failed;
    int skipped;
    int ignored;

    void add(Outcome.Status s, boolean ignoreErrors) {
      switch (s) {
        case OK -> ok++;
        case CHANGED -> changed++;
        case FAILED -> {
          if (ignoreErrors) {
            ignored++;
          } else {
            failed++;
          }
        }
        case SKIPPED -> skipped++;
        default -> throw new IllegalStateException();
      }
    }

    Recap recap() {
      return new Recap(ok, changed, failed, skipped, ignored);
    }
  }
}

package nsplay.engine;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nsplay.jni.NativeException;
import nsplay.playbook.Binder;
import nsplay.playbook.Condition;
import nsplay.playbook.Playbook;
import nsplay.playbook.Problem;
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
 * {@code nsplay check FILE}: runs only a playbook's check tasks (ping, tcp_connect, http_get,
 * route_lookup, command, link_state, addr_present) against the lab as the kernel has it, whoever
 * built it, and gives one result per check (per loop item) in the playbook's order.
 *
 * <p>Building tasks do not run: each registers a skipped result, so a check guarded by {@code when:
 * that.changed} (one that holds only before a step is built) is skipped, as on a second {@code up}.
 * Checks that use nothing shared ({@link Task#independent}: their own socket or process) run on a
 * small bounded pool; the others (reads through a namespace's netlink socket, which is not shared
 * between threads) run on the calling thread, in order. A check with {@code register:} is waited
 * for before any later task is looked at, since a later {@code when:} or template may use its
 * result.
 */
public final class Grader {
  /** How many checks may run at once. */
  public static final int THREADS = 8;

  /**
   * One check's result.
   *
   * @param name the task's name as shown
   * @param label the loop item, or null
   * @param type the task type
   * @param tags the task's tags
   * @param location where the task is written
   * @param millis how long it took
   */
  public record Result(
      String name,
      String label,
      String type,
      List<String> tags,
      String location,
      Outcome outcome,
      long millis) {}

  private final Map<String, TaskSpec> specs = TaskRegistry.specs();
  private final Templates templates = new Templates();
  private final Binder binder = new Binder(specs, templates);

  /** The playbook under its lab name, a templated one rendered with -e over its vars. */
  public Playbook named(Playbook pb, Map<String, Object> extra) throws Binder.BindException {
    return pb.nameTemplate() == null ? pb : binder.named(pb, Vars.resolve(pb, extra, binder));
  }

  /** Whether a task is a check selected by {@code tags} (empty: every check). */
  public static boolean selected(TaskSource t, TaskSpec spec, Set<String> tags) {
    return spec.checks()
        && (tags.isEmpty()
            || t.tags().contains("always")
            || t.tags().stream().anyMatch(tags::contains));
  }

  /**
   * Runs the selected checks of {@code pb} with the playbook's vars under {@code extra}.
   *
   * @throws Binder.BindException when the variables cannot be bound (invalid input)
   */
  public List<Result> run(Playbook pb, Map<String, Object> extra, Set<String> tags, Context ctx)
      throws Binder.BindException {
    Map<String, Object> vars = Vars.resolve(pb, extra, binder);
    Map<String, Object> registered = new HashMap<>();
    List<Future<Result>> out = new ArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            THREADS,
            r -> {
              Thread t = new Thread(r, "nsplay-check");
              t.setDaemon(true);
              return t;
            });
    try {
      for (TaskSource src : pb.tasks()) {
        if (!selected(src, specs.get(src.type()), tags)) {
          register(src, registered, Engine.result(Outcome.skipped("not run by check")));
          continue;
        }
        Map<String, Object> scope = new HashMap<>(vars);
        scope.putAll(registered);
        scope.putAll(extra);
        List<Future<Result>> mine = runSource(src, scope, extra.keySet(), ctx, pool);
        out.addAll(mine);
        if (src.register() != null) {
          // A later when: or template may read it: wait for this task's checks (only).
          registerWhenDone(src, registered, mine);
        }
      }
      List<Result> results = new ArrayList<>();
      for (Future<Result> f : out) {
        results.add(join(f));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void registerWhenDone(
      TaskSource src, Map<String, Object> registered, List<Future<Result>> mine) {
    List<Map<String, Object>> results = new ArrayList<>();
    Outcome.Status worst = Outcome.Status.SKIPPED;
    for (Future<Result> f : mine) {
      Outcome o = join(f).outcome();
      results.add(Engine.result(o));
      worst = Engine.worse(worst, o.status());
    }
    if (src.loop() != null) {
      Map<String, Object> r =
          new java.util.LinkedHashMap<>(
              Engine.result(new Outcome(worst, null, List.of(), Map.of())));
      r.put("results", results);
      registered.put(src.register(), r);
    } else if (!results.isEmpty()) {
      registered.put(src.register(), results.get(0));
    }
  }

  private static Result join(Future<Result> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("internal error: " + e.getCause(), e.getCause());
    }
  }

  private List<Future<Result>> runSource(
      TaskSource src,
      Map<String, Object> scope,
      Set<String> extra,
      Context ctx,
      ExecutorService pool) {
    String name = src.displayName();
    String where = src.location().toString();
    for (Condition c : src.when()) {
      try {
        if (!templates.condition(c.expression(), scope)) {
          return List.of(done(src, name, null, Outcome.skipped("its when: does not hold"), 0));
        }
      } catch (TemplateError e) {
        return List.of(
            done(
                src,
                name,
                null,
                Outcome.failed(c.location() + ": " + e.getMessage(), List.of()),
                0));
      }
    }
    List<Problem> problems = new ArrayList<>();
    List<Object> items = Engine.items(src, scope, binder, problems, Set.of());
    if (items == null) {
      Problem p = problems.get(0);
      return List.of(
          done(src, name, null, Outcome.failed(p.location() + ": " + p.message(), List.of()), 0));
    }
    List<Future<Result>> out = new ArrayList<>();
    for (Object item : items) {
      Map<String, Object> itemScope = scope;
      String label = null;
      if (src.loop() != null) {
        itemScope = new HashMap<>(scope);
        itemScope.put(src.loopVar(), item);
        label = Engine.label(item);
      }
      TaskDecl decl;
      try {
        decl = binder.bind(src, Engine.withImportVars(src, itemScope, extra, binder));
      } catch (Binder.BindException e) {
        Outcome o =
            Outcome.failed(e.problem().location() + ": " + e.problem().message(), List.of());
        out.add(done(src, name, label, o, 0));
        continue;
      }
      Task<?, ?> task = TaskRegistry.bind(decl);
      String l = label;
      java.util.concurrent.Callable<Result> call =
          () -> {
            long t0 = System.nanoTime();
            Outcome o = runTask(task, ctx);
            return new Result(
                name, l, src.type(), src.tags(), where, o, (System.nanoTime() - t0) / 1_000_000);
          };
      if (task.independent()) {
        out.add(pool.submit(call));
      } else {
        java.util.concurrent.FutureTask<Result> now = new java.util.concurrent.FutureTask<>(call);
        now.run();
        out.add(now);
      }
    }
    return out;
  }

  private static Outcome runTask(Task<?, ?> task, Context ctx) {
    try {
      return task.run(ctx);
    } catch (TaskFailure | NativeException | UncheckedIOException e) {
      return Outcome.failed(e.getMessage(), List.of());
    } catch (RuntimeException e) {
      return Outcome.failed("internal error: " + e, List.of());
    }
  }

  private static Future<Result> done(
      TaskSource src, String name, String label, Outcome o, long millis) {
    return java.util.concurrent.CompletableFuture.completedFuture(
        new Result(name, label, src.type(), src.tags(), src.location().toString(), o, millis));
  }

  private static void register(
      TaskSource src, Map<String, Object> registered, Map<String, Object> result) {
    if (src.register() != null) {
      registered.put(src.register(), result);
    }
  }
}

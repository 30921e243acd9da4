package nsplay.task;

import nsplay.playbook.Args;
import nsplay.playbook.TaskDecl;

/**
 * One task of a playbook, bound to its parameters. A task type is one subclass: {@link #observe}
 * reads the kernel, {@link #plan} decides from that reading alone what must change (pure, so it is
 * unit tested without root and serves --check), {@link #apply} makes the change, journalling
 * anything it creates before creating it.
 *
 * @param <O> what the task reads from the kernel
 * @param <P> what it would change
 */
public abstract class Task<O, P extends Plan> {
  protected final TaskDecl decl;
  protected final Args args;

  protected Task(TaskDecl decl) {
    this.decl = decl;
    this.args = decl.args();
  }

  public TaskDecl decl() {
    return decl;
  }

  public abstract O observe(Context ctx);

  public abstract P plan(O observed);

  public abstract void apply(Context ctx, P plan);

  /**
   * The task's objects as they are, in a few lines, for --diff: called before and after the task
   * runs.
   */
  public String state(Context ctx) {
    return describe(observe(ctx));
  }

  /**
   * The name of each link of {@code netns} by ifindex, for --diff: an index alone ("master #6")
   * means nothing to the reader. An index no link has any more shows as "#N".
   */
  protected static java.util.function.IntFunction<String> linkNames(Context ctx, String netns) {
    java.util.Map<Integer, String> names = new java.util.HashMap<>();
    ctx.kernel().links(netns).all().forEach(i -> names.put(i.index(), i.name()));
    return index -> names.getOrDefault(index, "#" + index);
  }

  /** What an observation shows, in a few lines; the observation's own text unless overridden. */
  protected String describe(O observed) {
    return String.valueOf(observed);
  }

  /**
   * Whether this task may run at the same time as others ({@code nsplay check} runs such checks in
   * parallel): true only when it uses nothing shared, a socket or a process of its own; the
   * kernel's netlink socket of a namespace is shared and not thread-safe.
   */
  public boolean independent() {
    return false;
  }

  /** Observe, plan, apply when there is something to do. Checks (ping) override this. */
  public Outcome run(Context ctx) {
    P plan = plan(observe(ctx));
    if (plan.isEmpty()) {
      return Outcome.ok(null);
    }
    apply(ctx, plan);
    return Outcome.changed(plan.changes());
  }

  /** The namespace named by parameter {@code key}, or null for the host. */
  protected String netns(String key) {
    return args.string(key);
  }

  /** "in red" or "on the host", for messages. */
  protected static String where(String netns) {
    return netns == null ? "on the host" : "in namespace " + netns;
  }
}

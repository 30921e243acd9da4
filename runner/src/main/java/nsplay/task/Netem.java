package nsplay.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.Op;
import nsplay.kernel.QdiscSpec;
import nsplay.kernel.TcUnits;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;

/**
 * {@code netem}: impair a link, as {@code tc qdisc replace dev LINK root netem delay 20ms 5ms loss
 * 1% rate 10mbit} does: its root qdisc becomes netem with these values. Drift (the qdisc removed,
 * or its values changed by hand or by {@code nsplay netem}) is repaired by putting the playbook's
 * values back; {@code down} gives the link its kernel default root qdisc again.
 */
public final class Netem extends Task<Netem.Seen, Netem.Change> {
  /** The impairment parameters, in tc's order. */
  public static final List<String> IMPAIRMENTS =
      List.of("delay", "jitter", "loss", "duplicate", "corrupt", "reorder", "rate", "limit");

  public static final TaskSpec SPEC =
      new TaskSpec(
              "netem",
              "Impair a link: delay, loss, rate... (tc qdisc replace dev LINK root netem ...)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "link whose traffic out is impaired"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted"),
                  Param.optional("delay", ParamType.STRING, null, "added delay, e.g. 20ms"),
                  Param.optional(
                      "jitter", ParamType.STRING, null, "delay's random variation, e.g. 5ms"),
                  Param.optional("loss", ParamType.STRING, null, "random loss, e.g. 1%"),
                  Param.optional("duplicate", ParamType.STRING, null, "duplicated, e.g. 1%"),
                  Param.optional("corrupt", ParamType.STRING, null, "corrupted, e.g. 0.1%"),
                  Param.optional(
                      "reorder",
                      ParamType.STRING,
                      null,
                      "sent at once, the rest delayed, e.g. 25%"),
                  Param.optional("rate", ParamType.STRING, null, "rate limit, e.g. 10mbit"),
                  Param.optional("limit", ParamType.INT, null, "queue length in packets (1000)"),
                  Param.optional(
                      "allow_host_interface",
                      ParamType.BOOL,
                      Boolean.FALSE,
                      "allow impairing a link the lab did not create")),
              Netem::check)
          .withRefs(Netem::refs);

  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("link"), "link"),
        Ref.needsQdiscKind("netem"));
  }

  private static String check(Args a) {
    try {
      spec(a::has, k -> String.valueOf(a.value(k)));
      return null;
    } catch (IllegalArgumentException e) {
      return "netem: " + e.getMessage();
    }
  }

  /**
   * The netem qdisc that parameters {@code value} (by name, those {@code has} says are given)
   * describe, checked as tc checks them: jitter and reorder need a delay.
   *
   * @throws IllegalArgumentException naming the parameter and what is wrong
   */
  public static QdiscSpec.Netem spec(
      java.util.function.Predicate<String> has, java.util.function.Function<String, String> value) {
    long latency = has.test("delay") ? parse("delay", value, TcUnits::ticks) : 0;
    long jitter = has.test("jitter") ? parse("jitter", value, TcUnits::ticks) : 0;
    long loss = has.test("loss") ? parse("loss", value, TcUnits::percent) : 0;
    long duplicate = has.test("duplicate") ? parse("duplicate", value, TcUnits::percent) : 0;
    long corrupt = has.test("corrupt") ? parse("corrupt", value, TcUnits::percent) : 0;
    long reorder = has.test("reorder") ? parse("reorder", value, TcUnits::percent) : 0;
    long rate = has.test("rate") ? parse("rate", value, TcUnits::rate) : 0;
    long limit =
        has.test("limit") ? parse("limit", value, TcUnits::packets) : QdiscSpec.Netem.DEFAULT_LIMIT;
    if (jitter != 0 && latency == 0) {
      throw new IllegalArgumentException("jitter needs a delay (tc: delay TIME JITTER)");
    }
    if (reorder != 0 && latency == 0) {
      throw new IllegalArgumentException(
          "reorder needs a delay: the packets not reordered are the ones delayed");
    }
    if (limit == 0) {
      throw new IllegalArgumentException("limit 0 would drop every packet; use loss: 100%");
    }
    return new QdiscSpec.Netem(
        latency, jitter, limit, loss, reorder != 0 ? 1 : 0, duplicate, reorder, corrupt, rate);
  }

  private static long parse(
      String key,
      java.util.function.Function<String, String> value,
      java.util.function.ToLongFunction<String> f) {
    try {
      return f.applyAsLong(value.apply(key));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /**
   * The link as it is, its root qdisc (null: the kernel's default), and whether the link is the
   * lab's.
   */
  public record Seen(Optional<Iface> link, QdiscSpec root, boolean labOwned) {}

  /** What to set, and what was there (null: the default), for the drift message. */
  public record Change(QdiscSpec.Netem want, QdiscSpec was, List<String> changes) implements Plan {}

  public Netem(TaskDecl decl) {
    super(decl);
  }

  private QdiscSpec.Netem want() {
    return spec(args::has, k -> String.valueOf(args.value(k)));
  }

  @Override
  public Seen observe(Context ctx) {
    var links = ctx.kernel().links(netns("netns"));
    Optional<Iface> l = links.get(args.string("link"));
    String ns = netns("netns");
    return new Seen(
        l,
        l.map(i -> links.rootQdiscs().get(i.index())).orElse(null),
        l.map(i -> ctx.labOwns(ns, i)).orElse(false));
  }

  @Override
  public Change plan(Seen seen) {
    String ns = netns("netns");
    String link = args.string("link");
    if (seen.link().isEmpty()) {
      throw new TaskFailure("no link " + link + " " + where(ns));
    }
    QdiscSpec.Netem want = want();
    if (want.equals(seen.root())) {
      return new Change(want, seen.root(), List.of());
    }
    if (!seen.labOwned() && !args.bool("allow_host_interface")) {
      // Loss on the uplink cuts the machine off as surely as a wrong address, and down then
      // gives the link the kernel's default qdisc, not the one an administrator had set.
      throw new TaskFailure(
          "refusing to impair "
              + link
              + ": this lab did not create it, and impairing a host interface can cut the machine"
              + " off (down then leaves it the kernel's default qdisc); add"
              + " `allow_host_interface: true` to the task if you mean it");
    }
    return new Change(want, seen.root(), List.of(new Op.QdiscReplace(ns, link, want).words()));
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    String link = args.string("link");
    ctx.record(new Entry.Qdisc(ns, link, plan.want().words()));
    var links = ctx.kernel().links(ns);
    int index =
        links
            .get(link)
            .orElseThrow(() -> new TaskFailure("no link " + link + " " + where(ns)))
            .index();
    links.qdiscReplace(index, plan.want());
  }

  /** Changed, and when it repairs a netem whose values drifted, says what they were. */
  @Override
  public Outcome run(Context ctx) {
    Change plan = plan(observe(ctx));
    if (plan.isEmpty()) {
      return Outcome.ok(null);
    }
    // Whether the lab set this link's root qdisc before: then what is there now is drift.
    String before = ctx.ownership().ledger().qdisc(netns("netns"), args.string("link"));
    apply(ctx, plan);
    String message =
        before != null
            ? "drift repaired: it was "
                + (plan.was() == null ? "removed" : plan.was().words())
                + ", the playbook says "
                + plan.want().words()
            : plan.was() != null ? "replaced the root qdisc " + plan.was().words() : null;
    return new Outcome(Outcome.Status.CHANGED, message, plan.changes(), Map.of());
  }

  @Override
  protected String describe(Seen s) {
    return s.link().isEmpty()
        ? "no link " + args.string("link")
        : "root qdisc " + (s.root() == null ? "(the kernel's default)" : s.root().words());
  }
}

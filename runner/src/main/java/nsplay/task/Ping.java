package nsplay.task;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import nsplay.kernel.PingResult;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code ping}: ICMP or ICMPv6 echo from inside a namespace, sent by nsplay itself (a raw socket
 * opened in the namespace; no ping binary). A check, not a change: it reports ok when the
 * expectation holds and fails otherwise.
 */
public final class Ping extends Task<PingResult, Ping.Verdict> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "ping",
              "Check reachability with ICMP echo from a namespace (ip netns exec NS ping ADDR)",
              List.of(
                  Param.required("from", ParamType.CHECK_FROM, "namespace to ping from, or host"),
                  Param.required("to", ParamType.IP, "IPv4 or IPv6 address to reach"),
                  Param.optional("count", ParamType.INT, 3, "echo requests to send (1-100)"),
                  Param.choice(
                      "expect",
                      "reachable",
                      List.of("reachable", "unreachable"),
                      "what must hold for the task to pass")),
              Ping::check)
          .withRefs(Ping::refs)
          .asCheck();

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(Ref.needsNetns(fromNetns(a.string("from")), "from"));
  }

  /** The namespace a check starts from: null for host, as everywhere a netns is left out. */
  static String fromNetns(String from) {
    return ParamType.HOST.equals(from) ? null : from;
  }

  /** Empty: a check never changes anything. Carries the verdict's text. */
  public record Verdict(boolean holds, String message) implements Plan {
    @Override
    public List<String> changes() {
      return List.of();
    }
  }

  public Ping(TaskDecl decl) {
    super(decl);
  }

  private static String check(Args args) {
    int count = args.integer("count");
    if (count < 1 || count > 100) {
      return "ping: count must be between 1 and 100, got " + count;
    }
    return null;
  }

  @Override
  public PingResult observe(Context ctx) {
    return ctx.kernel()
        .ping(fromNetns(args.string("from")), args.ip("to"), args.integer("count"), 1000);
  }

  @Override
  public Verdict plan(PingResult r) {
    boolean reachable = r.received() > 0;
    boolean wantReachable = args.string("expect").equals("reachable");
    String summary =
        args.string("from")
            + " -> "
            + args.ip("to")
            + ": "
            + r.received()
            + "/"
            + r.sent()
            + " replies"
            + (reachable
                ? String.format(
                    Locale.ROOT,
                    ", rtt min %.3f ms",
                    r.rttMillis().stream().mapToDouble(Double::doubleValue).min().orElse(0))
                : "");
    return new Verdict(
        reachable == wantReachable,
        summary + (reachable == wantReachable ? "" : " (expected " + args.string("expect") + ")"));
  }

  @Override
  public void apply(Context ctx, Verdict plan) {}

  @Override
  public Outcome run(Context ctx) {
    if (ctx.checkMode()) {
      return Outcome.skipped("not sent in check mode");
    }
    PingResult r = observe(ctx);
    Verdict v = plan(r);
    Map<String, Object> facts =
        Map.of("sent", r.sent(), "received", r.received(), "rtt_ms", r.rttMillis());
    return (v.holds() ? Outcome.ok(v.message()) : Outcome.failed(v.message(), List.of()))
        .withFacts(facts);
  }

  /** Each ping has its own raw socket (Icmp): it may run beside other checks. */
  @Override
  public boolean independent() {
    return true;
  }

  /** A check has no state of its own to show. */
  @Override
  public String state(Context ctx) {
    return "";
  }
}

package nsplay.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.app.LinkImpairment;
import nsplay.playbook.ParamType;

/** {@code nsplay netem NETNS LINK [--delay ..] ... | --show | --clear}: a live experiment. */
final class NetemCommand implements Command {
  private static final Map<String, Syntax.Opt> VALUES = new LinkedHashMap<>();

  static {
    value("delay", "TIME", "added delay, e.g. 20ms, 1.5s, 100us");
    value("jitter", "TIME", "the delay's random variation, e.g. 5ms (needs --delay)");
    value("loss", "PERCENT", "random loss, e.g. 1%, 0.1%, 100%");
    value("duplicate", "PERCENT", "packets sent twice, e.g. 1%");
    value("corrupt", "PERCENT", "packets with a bit flipped, e.g. 0.1%");
    value("reorder", "PERCENT", "packets sent at once, the rest delayed (needs --delay)");
    value("rate", "RATE", "rate limit: 10mbit, 1gbit, 100kbit (kbps, mbps: bytes per second)");
    value("limit", "PACKETS", "queue length in packets (default 1000)");
  }

  private static void value(String name, String label, String help) {
    VALUES.put(name, Syntax.Opt.value(label, help, "--" + name));
  }

  static final Syntax.Opt SHOW =
      Syntax.Opt.flag("show the link's netem values, changing nothing", "--show");
  static final Syntax.Opt CLEAR =
      Syntax.Opt.flag("remove the link's netem (its root qdisc back to the default)", "--clear");

  private static final Syntax SYNTAX;

  static {
    List<Syntax.Opt> opts = new ArrayList<>(VALUES.values());
    opts.addAll(List.of(SHOW, CLEAR, LabChoice.LAB, LockOption.OPT));
    SYNTAX =
        Syntax.of(
            "netem",
            List.of(
                "Impair a link of a lab that is up, for a live experiment.",
                "Like `tc qdisc replace dev LINK root netem ...` inside NETNS (`host`: the lab's"
                    + " host): the values given replace the link's netem as a whole. The change"
                    + " is journalled: `down` removes it, `status` shows it, and a later `up`"
                    + " puts the playbook's values back (drift) and says so. Only links of a lab"
                    + " that is up: its own, in its namespaces, or ones its playbook impairs.",
                "",
                "Examples:",
                "  nsplay netem red veth-red --delay 50ms --jitter 5ms --loss 1%",
                "  nsplay netem red veth-red --rate 1mbit",
                "  nsplay netem red veth-red --show",
                "  nsplay netem red veth-red --clear",
                "  nsplay netem host veth-red-br --loss 100% --lab seed"),
            opts,
            LinkOperands.NETNS,
            LinkOperands.LINK);
  }

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  /** The command line, read once. */
  record Options(
      String netns,
      String link,
      String lab,
      LinkImpairment.Action action,
      Map<String, String> values,
      Duration lockWait) {
    static Options of(Args a) throws Syntax.UsageError {
      Map<String, String> values = new LinkedHashMap<>();
      VALUES.forEach(
          (name, o) -> {
            if (a.has(o)) {
              values.put(name, a.value(o));
            }
          });
      boolean show = a.flag(SHOW);
      boolean clear = a.flag(CLEAR);
      if ((show ? 1 : 0) + (clear ? 1 : 0) + (values.isEmpty() ? 0 : 1) != 1) {
        throw new Syntax.UsageError(
            "netem takes impairment values (--delay, --loss, ...), or --show, or --clear: one of"
                + " the three");
      }
      String netns = a.operand(0);
      return new Options(
          netns.equals(ParamType.HOST) ? null : netns,
          a.operand(1),
          a.value(LabChoice.LAB),
          show
              ? LinkImpairment.Action.SHOW
              : clear ? LinkImpairment.Action.CLEAR : LinkImpairment.Action.SET,
          values,
          Duration.ofSeconds(a.integer(LockOption.OPT)));
    }
  }

  @Override
  public int run(Args a, Io io) throws Syntax.UsageError {
    Options o = Options.of(a);
    if (!LinkOperands.usable("netem", o.netns(), o.link(), io)) {
      return Main.INVALID;
    }
    return new LinkImpairment(o.netns(), o.link(), o.lab(), o.action(), o.values())
        .run(o.lockWait(), io.out(), io.err());
  }
}

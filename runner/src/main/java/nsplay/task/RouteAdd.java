package nsplay.task;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.Op;
import nsplay.kernel.RouteInfo;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;
import nsplay.state.Marks;

/**
 * {@code route_add}: a route in the main table ({@code ip route add TO [via GW] [dev LINK]}). A
 * route to the same destination with another gateway or device is replaced: that is drift.
 *
 * <p>IPv4 or IPv6, as its destination or gateway says. {@code default} is the IPv4 default route
 * (IPv6's when the gateway is IPv6, as {@code ip route add default via 2001:db8::1} infers it);
 * {@code default6} is the IPv6 one ({@code ip -6 route add default}), the only spelling of it
 * without a gateway. A default route never means both versions.
 */
public final class RouteAdd extends Task<RouteAdd.Seen, RouteAdd.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "route_add",
              "Add a route (ip route add TO via GW dev LINK)",
              List.of(
                  Param.required(
                      "to", ParamType.ROUTE_DST, "destination; default is IPv4's, default6 IPv6's"),
                  Param.optional("via", ParamType.IP, null, "gateway address"),
                  Param.optional("dev", ParamType.IFNAME, null, "output link"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted")),
              RouteAdd::check)
          .withRefs(RouteAdd::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("dev"), "dev"));
  }

  /** The output link (when dev is given) and the main table's routes. */
  public record Seen(Optional<Iface> dev, List<RouteInfo> routes) {}

  /** The route to install; {@code replace} when one to the same destination differs. */
  public record Change(RouteInfo route, boolean replace, List<String> changes) implements Plan {}

  public RouteAdd(TaskDecl decl) {
    super(decl);
  }

  private static String check(Args args) {
    if (!args.has("via") && !args.has("dev")) {
      return "route_add needs via (a gateway), dev (a link), or both";
    }
    if (args.has("via")
        && args.value("to") instanceof Cidr c
        && c.address().isV4() != args.ip("via").isV4()) {
      return "route_add: to and via are of different IP versions";
    }
    if (args.has("via") && ParamType.DEFAULT6.equals(args.value("to")) && args.ip("via").isV4()) {
      return "route_add: default6 is the IPv6 default route, and via is IPv4 (write to: default)";
    }
    if (args.has("via") && !args.has("dev") && isLinkLocal(args.ip("via"))) {
      return "route_add: a link-local gateway (fe80::/10) needs dev, the link it is on";
    }
    return null;
  }

  private static boolean isLinkLocal(Ip ip) {
    byte[] b = ip.bytes();
    return !ip.isV4() && (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80;
  }

  private Cidr dst() {
    Object to = args.value("to");
    return to instanceof Cidr c ? c : null;
  }

  /**
   * The route's IP version: from the destination, else the gateway; default6 is IPv6, a bare
   * default IPv4.
   */
  private boolean isV4() {
    Cidr dst = dst();
    if (dst != null) {
      return dst.address().isV4();
    }
    if (ParamType.DEFAULT6.equals(args.value("to"))) {
      return false;
    }
    return !args.has("via") || args.ip("via").isV4();
  }

  /** The destination as written in the journal and the output: the prefix, default or default6. */
  private String dstWord() {
    Cidr dst = dst();
    return dst != null ? dst.toString() : isV4() ? ParamType.DEFAULT : ParamType.DEFAULT6;
  }

  @Override
  public Seen observe(Context ctx) {
    var links = ctx.kernel().links(netns("netns"));
    Optional<Iface> dev = args.has("dev") ? links.get(args.string("dev")) : Optional.empty();
    return new Seen(dev, links.routes(isV4()));
  }

  @Override
  public Change plan(Seen seen) {
    String ns = netns("netns");
    int oif = 0;
    if (args.has("dev")) {
      oif =
          seen.dev()
              .orElseThrow(() -> new TaskFailure("no link " + args.string("dev") + " " + where(ns)))
              .index();
    }
    Ip via = args.ip("via");
    RouteInfo want = new RouteInfo(dst(), via, oif);
    int wantOif = oif;
    Optional<RouteInfo> same =
        seen.routes().stream().filter(r -> Objects.equals(r.dst(), want.dst())).findFirst();
    if (same.isPresent()
        && Objects.equals(same.get().gateway(), via)
        && (wantOif == 0 || same.get().oif() == wantOif)) {
      return new Change(want, false, List.of());
    }
    Op op =
        new Op.Route(
            ns,
            isV4(),
            same.isPresent() ? Op.RouteVerb.REPLACE : Op.RouteVerb.ADD,
            want.dst(),
            via,
            args.string("dev"));
    return new Change(want, same.isPresent(), List.of(op.words()));
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    ctx.record(
        new Entry.Route(
            ns,
            dstWord(),
            Objects.toString(args.ip("via"), null),
            args.string("dev"),
            Marks.routeProto()));
    ctx.kernel().links(ns).addRoute(plan.route(), isV4(), plan.replace());
  }

  @Override
  public String state(Context ctx) {
    return describe(observe(ctx), linkNames(ctx, netns("netns")));
  }

  @Override
  protected String describe(Seen s) {
    return describe(s, i -> "#" + i);
  }

  private String describe(Seen s, java.util.function.IntFunction<String> names) {
    Cidr dst = dst();
    List<String> lines =
        s.routes().stream()
            .filter(r -> Objects.equals(r.dst(), dst))
            .map(
                r ->
                    dstWord()
                        + (r.gateway() == null ? "" : " via " + r.gateway())
                        + (r.oif() == 0 ? "" : " dev " + names.apply(r.oif())))
            .toList();
    return lines.isEmpty() ? "no route to " + dstWord() : String.join("\n", lines);
  }
}

package nsplay.task;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.AddrInfo;
import nsplay.kernel.Iface;
import nsplay.kernel.Op;
import nsplay.net.Cidr;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;
import nsplay.state.Marks;

/**
 * {@code addr_assign}: an address on a link ({@code ip addr add CIDR dev LINK}). An IPv6 address on
 * a link the lab made skips duplicate address detection unless {@code nodad: false}: a lab's
 * addresses are its own, and one that stays "tentative" for a second or two fails the first pings.
 */
public final class AddrAssign extends Task<AddrAssign.Seen, AddrAssign.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "addr_assign",
              "Add an address to a link (ip addr add CIDR dev LINK)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "the link"),
                  Param.required(
                      "address",
                      ParamType.CIDR,
                      "address with prefix, e.g. 10.0.0.1/24 or 2001:db8::1/64"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted"),
                  Param.optional(
                      "allow_host_interface",
                      ParamType.BOOL,
                      Boolean.FALSE,
                      "allow addressing a link the lab did not create"),
                  Param.optional(
                      "nodad",
                      ParamType.BOOL,
                      null,
                      "IPv6: usable at once, no duplicate address detection (ip addr add ..."
                          + " nodad); true on the lab's links, false on others if omitted")))
          .withRefs(AddrAssign::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("link"), "link"));
  }

  /**
   * The link (empty if absent), the addresses of the namespace, and whether the link is the lab's
   * (it made the link or the namespace).
   */
  public record Seen(Optional<Iface> link, List<AddrInfo> addrs, boolean labOwned) {}

  /**
   * The link index to add the address to, and whether without duplicate address detection; empty
   * plan when it is there.
   */
  public record Change(int index, boolean nodad, List<String> changes) implements Plan {}

  public AddrAssign(TaskDecl decl) {
    super(decl);
  }

  @Override
  public Seen observe(Context ctx) {
    var links = ctx.kernel().links(netns("netns"));
    Optional<Iface> link = links.get(args.string("link"));
    String ns = netns("netns");
    boolean owned = link.map(l -> ctx.labOwns(ns, l)).orElse(false);
    return new Seen(link, link.isPresent() ? links.addrs() : List.of(), owned);
  }

  @Override
  public Change plan(Seen seen) {
    String ns = netns("netns");
    String name = args.string("link");
    Cidr want = args.cidr("address");
    Iface link =
        seen.link().orElseThrow(() -> new TaskFailure("no link " + name + " " + where(ns)));
    boolean present =
        seen.addrs().stream().anyMatch(a -> a.index() == link.index() && a.cidr().equals(want));
    boolean nodad =
        !want.address().isV4() && (args.has("nodad") ? args.bool("nodad") : seen.labOwned());
    if (present) {
      return new Change(link.index(), nodad, List.of());
    }
    if (!seen.labOwned() && !args.bool("allow_host_interface")) {
      throw new TaskFailure(
          "refusing to add an address to "
              + name
              + ": this lab did not create it, and re-addressing a host interface can cut the "
              + "machine off; add `allow_host_interface: true` to the task if you mean it");
    }
    return new Change(link.index(), nodad, List.of(new Op.AddrAdd(ns, want, name, nodad).words()));
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    Cidr want = args.cidr("address");
    ctx.record(new Entry.Addr(ns, args.string("link"), want.toString(), Marks.addrProto()));
    ctx.kernel().links(ns).addAddr(plan.index(), want, plan.nodad());
  }

  @Override
  protected String describe(Seen s) {
    if (s.link().isEmpty()) {
      return args.string("link") + ": absent";
    }
    int index = s.link().get().index();
    List<String> mine =
        s.addrs().stream().filter(a -> a.index() == index).map(a -> a.cidr().toString()).toList();
    return args.string("link") + ": " + (mine.isEmpty() ? "no address" : String.join(" ", mine));
  }
}

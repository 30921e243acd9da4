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

/** {@code addr_assign}: an address on a link ({@code ip addr add CIDR dev LINK}). */
public final class AddrAssign extends Task<AddrAssign.Seen, AddrAssign.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "addr_assign",
              "Add an address to a link (ip addr add CIDR dev LINK)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "the link"),
                  Param.required(
                      "address", ParamType.CIDR, "address with prefix, e.g. 10.0.0.1/24"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted"),
                  Param.optional(
                      "allow_host_interface",
                      ParamType.BOOL,
                      Boolean.FALSE,
                      "allow addressing a link the lab did not create")))
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

  /** The link index to add the address to; empty plan when it is there. */
  public record Change(int index, List<String> changes) implements Plan {}

  public AddrAssign(TaskDecl decl) {
    super(decl);
  }

  @Override
  public Seen observe(Context ctx) {
    var links = ctx.kernel().links(netns("netns"));
    Optional<Iface> link = links.get(args.string("link"));
    String ns = netns("netns");
    String name = args.string("link");
    // The lab's: inside a namespace it made, or a link it made (the same rule as down's).
    boolean owned =
        (ns != null && ctx.createdNetns(ns))
            || link.map(l -> ctx.ownership().isLabsLink(ns, l)).orElse(false);
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
    if (present) {
      return new Change(link.index(), List.of());
    }
    if (!seen.labOwned() && !args.bool("allow_host_interface")) {
      throw new TaskFailure(
          "refusing to add an address to "
              + name
              + ": this lab did not create it, and re-addressing a host interface can cut the "
              + "machine off; add `allow_host_interface: true` to the task if you mean it");
    }
    return new Change(link.index(), List.of(new Op.AddrAdd(ns, want, name).words()));
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    Cidr want = args.cidr("address");
    ctx.record(new Entry.Addr(ns, args.string("link"), want.toString(), Marks.addrProto()));
    ctx.kernel().links(ns).addAddr(plan.index(), want);
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

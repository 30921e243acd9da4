package nsplay.task;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.Op;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;

/** {@code bridge_attach}: enslave a link to a bridge ({@code ip link set LINK master BRIDGE}). */
public final class BridgeAttach extends Task<BridgeAttach.Seen, BridgeAttach.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "bridge_attach",
              "Attach a link to a bridge (ip link set LINK master BRIDGE)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "the link to attach"),
                  Param.required("bridge", ParamType.IFNAME, "the bridge"),
                  Param.optional(
                      "netns", ParamType.NETNS, null, "namespace of both; host if omitted")))
          .withRefs(BridgeAttach::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("link"), "link"),
        Ref.needsLink(Ref.Kind.BRIDGE, a.string("netns"), a.string("bridge"), "bridge"));
  }

  public record Seen(Optional<Iface> link, Optional<Iface> bridge) {}

  /** The link's and bridge's indexes when the link must be attached; empty plan otherwise. */
  public record Change(int link, int bridge, List<String> changes) implements Plan {}

  public BridgeAttach(TaskDecl decl) {
    super(decl);
  }

  @Override
  public Seen observe(Context ctx) {
    var links = ctx.kernel().links(netns("netns"));
    return new Seen(links.get(args.string("link")), links.get(args.string("bridge")));
  }

  @Override
  public Change plan(Seen seen) {
    String ns = netns("netns");
    String linkName = args.string("link");
    String bridgeName = args.string("bridge");
    Iface link =
        seen.link().orElseThrow(() -> new TaskFailure("no link " + linkName + " " + where(ns)));
    Iface bridge =
        seen.bridge()
            .orElseThrow(() -> new TaskFailure("no bridge " + bridgeName + " " + where(ns)));
    if (!"bridge".equals(bridge.kind())) {
      throw new TaskFailure(
          bridgeName + " " + where(ns) + " is a " + VethCreate.kind(bridge) + ", not a bridge");
    }
    if (link.master() == bridge.index()) {
      return new Change(link.index(), bridge.index(), List.of());
    }
    return new Change(
        link.index(),
        bridge.index(),
        List.of(new Op.LinkSetMaster(ns, linkName, bridgeName).words()));
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    // Journalled first, like every change: status judges the port by it, down releases a link
    // that is not the lab's from it.
    ctx.record(new Entry.Master(ns, args.string("link"), args.string("bridge")));
    ctx.kernel().links(ns).setMaster(plan.link(), plan.bridge());
  }

  @Override
  protected String describe(Seen s) {
    String master =
        s.link().isEmpty()
            ? "absent"
            : s.link().get().master() == 0
                ? "no master"
                : s.bridge().isPresent() && s.link().get().master() == s.bridge().get().index()
                    ? "master " + s.bridge().get().name()
                    : "master #" + s.link().get().master();
    return args.string("link") + ": " + master;
  }
}

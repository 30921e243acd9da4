package nsplay.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.LinkSpec;
import nsplay.kernel.Op;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;

/**
 * {@code veth_create}: a veth pair with each end created directly in its namespace. Creating both
 * ends in one place and moving one later (the tutorial's way) costs an RCU grace period, ~20 ms,
 * per move; one RTM_NEWLINK with the peer's IFLA_NET_NS_FD costs ~0.4 ms.
 */
public final class VethCreate extends Task<VethCreate.Seen, VethCreate.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "veth_create",
              "Create a veth pair, each end in its namespace (ip link add NAME type veth peer PEER)",
              List.of(
                  Param.required("name", ParamType.IFNAME, "name of the first end"),
                  Param.required("peer", ParamType.IFNAME, "name of the other end"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace of the first end"),
                  Param.optional("peer_netns", ParamType.NETNS, null, "namespace of the other end"),
                  Param.optional("up", ParamType.BOOL, Boolean.TRUE, "bring both ends up")))
          .withRefs(VethCreate::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.needsNetns(a.string("peer_netns"), "peer_netns"),
        Ref.createsLink(Ref.Kind.LINK, a.string("netns"), a.string("name"), "name"),
        Ref.createsLink(Ref.Kind.LINK, a.string("peer_netns"), a.string("peer"), "peer"));
  }

  /**
   * Both ends as found, each empty when absent, and the namespace each was looked for in (where the
   * task puts it, or where a later link_move of the lab took it).
   */
  public record Seen(
      Optional<Iface> end, String endNetns, Optional<Iface> peer, String peerNetns) {}

  /**
   * @param create create the pair
   * @param upEnd bring the first end up (after it exists)
   * @param upPeer bring the peer up
   */
  public record Change(
      boolean create,
      boolean upEnd,
      boolean upPeer,
      String endNetns,
      String peerNetns,
      List<String> changes)
      implements Plan {}

  public VethCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  public Seen observe(Context ctx) {
    String endNs = ctx.currentNetns(netns("netns"), args.string("name"));
    String peerNs = ctx.currentNetns(netns("peer_netns"), args.string("peer"));
    return new Seen(
        ctx.kernel().links(endNs).get(args.string("name")), endNs,
        ctx.kernel().links(peerNs).get(args.string("peer")), peerNs);
  }

  @Override
  public Change plan(Seen seen) {
    String name = args.string("name");
    String peer = args.string("peer");
    String ns = seen.endNetns();
    String peerNs = seen.peerNetns();
    boolean up = args.bool("up");
    List<String> out = new ArrayList<>();
    if (seen.end().isEmpty() && seen.peer().isEmpty()) {
      out.add(new Op.LinkAdd(ns, name, new LinkSpec.Veth(peer, peerNs)).words());
      if (up) {
        out.add(new Op.LinkSetUp(ns, name, true).words());
        out.add(new Op.LinkSetUp(peerNs, peer, true).words());
      }
      return new Change(true, up, up, ns, peerNs, out);
    }
    Iface end =
        seen.end()
            .orElseThrow(
                () ->
                    new TaskFailure(
                        "cannot create the pair: "
                            + peer
                            + " already exists "
                            + where(peerNs)
                            + " but "
                            + name
                            + " does not exist "
                            + where(ns)));
    Iface other =
        seen.peer()
            .orElseThrow(
                () ->
                    new TaskFailure(
                        name
                            + " exists "
                            + where(ns)
                            + " but its peer "
                            + peer
                            + " does not exist "
                            + where(peerNs)));
    if (!"veth".equals(end.kind())) {
      throw new TaskFailure(
          name + " exists " + where(ns) + " but is a " + kind(end) + ", not a veth");
    }
    if (!"veth".equals(other.kind())
        || end.peerIndex() != other.index()
        || other.peerIndex() != end.index()) {
      throw new TaskFailure(
          name
              + " "
              + where(ns)
              + " and "
              + peer
              + " "
              + where(peerNs)
              + " both exist but are not the two ends of one veth pair");
    }
    boolean upEnd = up && !end.up();
    boolean upPeer = up && !other.up();
    if (upEnd) {
      out.add(new Op.LinkSetUp(ns, name, true).words());
    }
    if (upPeer) {
      out.add(new Op.LinkSetUp(peerNs, peer, true).words());
    }
    return new Change(false, upEnd, upPeer, ns, peerNs, out);
  }

  static String kind(Iface i) {
    return i.kind() == null ? "device without a link kind" : i.kind() + " device";
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String name = args.string("name");
    String peer = args.string("peer");
    String ns = plan.endNetns();
    String peerNs = plan.peerNetns();
    if (plan.create()) {
      ctx.record(new Entry.Link(ns, name));
      ctx.record(new Entry.Link(peerNs, peer));
      upRecords(ctx, plan);
      int index =
          ctx.kernel()
              .links(ns)
              .add(name, new LinkSpec.Veth(peer, peerNs), plan.upEnd(), ctx.group());
      ctx.kernel().links(ns).setAlias(index, ctx.alias());
      Iface p =
          ctx.kernel()
              .links(peerNs)
              .get(peer)
              .orElseThrow(
                  () ->
                      new TaskFailure(
                          "created "
                              + name
                              + " but its peer "
                              + peer
                              + " is not "
                              + where(peerNs)));
      // Mark and, if asked, bring up the peer in one request. Not in the create request:
      // IFLA_IFALIAS is ignored there, and IFF_UP in the peer's ifinfomsg fails with ENOTCONN.
      ctx.kernel().links(peerNs).mark(p.index(), ctx.alias(), plan.upPeer());
      return;
    }
    upRecords(ctx, plan);
    if (plan.upEnd()) {
      ctx.kernel().links(ns).setUp(ctx.kernel().links(ns).get(name).orElseThrow().index(), true);
    }
    if (plan.upPeer()) {
      ctx.kernel()
          .links(peerNs)
          .setUp(ctx.kernel().links(peerNs).get(peer).orElseThrow().index(), true);
    }
  }

  /** The ends the task brings up, journalled before: the lab wants them up (status judges it). */
  private void upRecords(Context ctx, Change plan) {
    if (plan.upEnd()) {
      ctx.record(new Entry.LinkUp(plan.endNetns(), args.string("name")));
    }
    if (plan.upPeer()) {
      ctx.record(new Entry.LinkUp(plan.peerNetns(), args.string("peer")));
    }
  }

  @Override
  protected String describe(Seen s) {
    return end(s.end(), args.string("name"), s.endNetns())
        + "\n"
        + end(s.peer(), args.string("peer"), s.peerNetns());
  }

  /** One line per link for --diff: "NAME (where): KIND, up|down", or absent. */
  static String end(Optional<Iface> link, String name, String netns) {
    return name
        + " ("
        + (netns == null ? "host" : netns)
        + "): "
        + link.map(
                i ->
                    (i.kind() == null ? "device" : i.kind())
                        + ", "
                        + (i.up() ? "up" : "down")
                        + (i.master() != 0 ? ", master #" + i.master() : ""))
            .orElse("absent");
  }
}

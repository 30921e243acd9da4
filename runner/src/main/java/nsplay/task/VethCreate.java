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
                  Param.optional("up", ParamType.BOOL, Boolean.TRUE, "bring both ends up"),
                  LinkCreate.IPV6))
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
      Optional<Iface> end,
      String endNetns,
      Optional<Iface> peer,
      String peerNetns,
      boolean endOurs,
      boolean peerOurs) {
    /** Ends that are not the lab's (or not looked at for it). */
    public Seen(Optional<Iface> end, String endNetns, Optional<Iface> peer, String peerNetns) {
      this(end, endNetns, peer, peerNetns, false, false);
    }
  }

  /** One end of the lab's own pair found without the other: removed before the pair is made. */
  public record Orphan(String netns, String name) {}

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
      List<String> changes,
      Orphan orphan)
      implements Plan {
    public Change(
        boolean create,
        boolean upEnd,
        boolean upPeer,
        String endNetns,
        String peerNetns,
        List<String> changes) {
      this(create, upEnd, upPeer, endNetns, peerNetns, changes, null);
    }
  }

  public VethCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  public Seen observe(Context ctx) {
    String endNs = ctx.currentNetns(netns("netns"), args.string("name"));
    String peerNs = ctx.currentNetns(netns("peer_netns"), args.string("peer"));
    Optional<Iface> end = ctx.kernel().links(endNs).get(args.string("name"));
    Optional<Iface> peer = ctx.kernel().links(peerNs).get(args.string("peer"));
    return new Seen(
        end,
        endNs,
        peer,
        peerNs,
        end.isPresent() && ctx.ownership().isLabsLink(endNs, end.get()),
        peer.isPresent() && ctx.ownership().isLabsLink(peerNs, peer.get()));
  }

  /** The words of making the pair: create, each end without IPv6 link-local if asked, up. */
  private void createWords(
      List<String> out, String ns, String name, String peerNs, String peer, boolean up) {
    out.add(new Op.LinkAdd(ns, name, new LinkSpec.Veth(peer, peerNs)).words());
    if (!args.bool("ipv6")) {
      out.add(new Op.LinkSetNoIpv6LinkLocal(ns, name).words());
      out.add(new Op.LinkSetNoIpv6LinkLocal(peerNs, peer).words());
    }
    if (up) {
      out.add(new Op.LinkSetUp(ns, name, true).words());
      out.add(new Op.LinkSetUp(peerNs, peer, true).words());
    }
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
      createWords(out, ns, name, peerNs, peer, up);
      return new Change(true, up, up, ns, peerNs, out);
    }
    // One end of the lab's own pair without the other. A veth always has both, so the other is
    // elsewhere or dying: a namespace that held it was just removed (a down killed midway), and
    // the kernel takes the pair down asynchronously, ~0.5 s later. Remove the lab's half and
    // make the pair anew; a half that is not the lab's is refused below.
    if (seen.end().isPresent() != seen.peer().isPresent()
        && (seen.end().isPresent() ? seen.endOurs() : seen.peerOurs())) {
      Orphan orphan = seen.end().isPresent() ? new Orphan(ns, name) : new Orphan(peerNs, peer);
      out.add(new Op.LinkDel(orphan.netns(), orphan.name()).words());
      createWords(out, ns, name, peerNs, peer, up);
      return new Change(true, up, up, ns, peerNs, out, orphan);
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
    if (plan.orphan() != null) {
      // Gone meanwhile when its pair finished dying: nothing to remove then.
      var links = ctx.kernel().links(plan.orphan().netns());
      Optional<Iface> half = links.get(plan.orphan().name());
      if (half.isPresent()) {
        links.delete(half.get().index());
      }
    }
    if (plan.create()) {
      ctx.record(new Entry.Link(ns, name));
      ctx.record(new Entry.Link(peerNs, peer));
      upRecords(ctx, plan);
      boolean ipv6 = args.bool("ipv6");
      var links = ctx.kernel().links(ns);
      // Without IPv6 link-local: created down, told so, then marked and brought up (the kernel
      // makes the link-local address when the link goes up, and reads the mode only after IFF_UP).
      int index =
          links.add(name, new LinkSpec.Veth(peer, peerNs), ipv6 && plan.upEnd(), ctx.group());
      if (ipv6) {
        links.setAlias(index, ctx.alias());
      } else {
        links.noIpv6LinkLocal(index);
        links.mark(index, ctx.alias(), plan.upEnd());
      }
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
      if (!ipv6) {
        ctx.kernel().links(peerNs).noIpv6LinkLocal(p.index());
      }
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
  public String state(Context ctx) {
    Seen s = observe(ctx);
    return end(s.end(), args.string("name"), s.endNetns(), linkNames(ctx, s.endNetns()))
        + "\n"
        + end(s.peer(), args.string("peer"), s.peerNetns(), linkNames(ctx, s.peerNetns()));
  }

  @Override
  protected String describe(Seen s) {
    return end(s.end(), args.string("name"), s.endNetns())
        + "\n"
        + end(s.peer(), args.string("peer"), s.peerNetns());
  }

  /** One line per link for --diff: "NAME (where): KIND, up|down", or absent. */
  static String end(Optional<Iface> link, String name, String netns) {
    return end(link, name, netns, i -> "#" + i);
  }

  /** Like {@link #end(Optional, String, String)}, naming the master by {@code names}. */
  static String end(
      Optional<Iface> link,
      String name,
      String netns,
      java.util.function.IntFunction<String> names) {
    return name
        + " ("
        + (netns == null ? "host" : netns)
        + "): "
        + link.map(
                i ->
                    (i.kind() == null ? "device" : i.kind())
                        + ", "
                        + (i.up() ? "up" : "down")
                        + (i.master() != 0 ? ", master " + names.apply(i.master()) : ""))
            .orElse("absent");
  }
}

package nsplay.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.LinkSpec;
import nsplay.kernel.Op;
import nsplay.net.Ip;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;

/**
 * {@code vxlan_create}: a VXLAN tunnel endpoint ({@code ip link add NAME type vxlan id VNI remote R
 * local L dev D dstport P [nolearning]}). One whose VNI, remote or port drifted is re-created: the
 * kernel does not change them in place.
 */
public final class VxlanCreate extends LinkCreate {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "vxlan_create",
              "Create a VXLAN link (ip link add NAME type vxlan id VNI remote IP dstport PORT)",
              params(
                  "vxlan link",
                  Param.required("vni", ParamType.INT, "VXLAN network identifier, 1-16777215"),
                  Param.optional("remote", ParamType.IP, null, "far endpoint (IPv4 unicast)"),
                  Param.optional("local", ParamType.IP, null, "source address (IPv4 unicast)"),
                  Param.optional("dev", ParamType.IFNAME, null, "lower link for the tunnel"),
                  Param.optional("port", ParamType.INT, 4789, "UDP destination port"),
                  Param.optional("learning", ParamType.BOOL, Boolean.TRUE, "learn MACs"),
                  Param.optional(
                      "remotes",
                      ParamType.STRINGS,
                      null,
                      "far endpoints for head-end replication (IPv4 unicast): one"
                          + " bridge fdb append 00:00:00:00:00:00 dev NAME dst IP each")),
              VxlanCreate::check)
          .withRefs(VxlanCreate::refs);

  static java.util.List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.createsLink(Ref.Kind.LINK, a.string("netns"), a.string("name"), "name"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("dev"), "dev"));
  }

  private static String check(Args a) {
    int vni = a.integer("vni");
    if (vni < 1 || vni > 0xFFFFFF) {
      return "vxlan_create: vni " + vni + " is out of range (1-16777215)";
    }
    int port = a.integer("port");
    if (port < 1 || port > 65535) {
      return "vxlan_create: port " + port + " is out of range (1-65535)";
    }
    for (String key : new String[] {"remote", "local"}) {
      Ip ip = a.ip(key);
      if (ip != null && !unicastV4(ip)) {
        return "vxlan_create: " + key + " " + ip + " is not an IPv4 unicast address";
      }
    }
    if (a.value("remotes") != null) {
      if (a.ip("remote") != null) {
        return "vxlan_create: remote and remotes exclude each other (remotes: [IP, ...] floods to"
            + " each; put the remote in it)";
      }
      java.util.Set<Ip> seen = new java.util.HashSet<>();
      for (String text : strings(a)) {
        Ip ip;
        try {
          ip = Ip.parse(text);
        } catch (IllegalArgumentException e) {
          return "vxlan_create: remotes: \"" + text + "\" is not an IP address";
        }
        if (!unicastV4(ip)) {
          return "vxlan_create: remotes: " + ip + " is not an IPv4 unicast address";
        }
        if (!seen.add(ip)) {
          return "vxlan_create: remotes: " + ip + " is listed twice";
        }
      }
    }
    return null;
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Args a) {
    Object v = a.value("remotes");
    return v == null ? List.of() : (List<String>) v;
  }

  /** The remotes the playbook asks for, in its order. */
  List<Ip> remotes() {
    List<Ip> out = new ArrayList<>();
    for (String s : strings(args)) {
      out.add(Ip.parse(s));
    }
    return out;
  }

  /**
   * What the vxlan's FDB lacks: one append per wanted remote that {@code present} does not have, in
   * the playbook's order. Entries the playbook does not name are left: someone else's, or from an
   * earlier version of the playbook (down removes them with the link).
   */
  static List<Op.FdbAppend> fdbPlan(String netns, String dev, List<Ip> wanted, List<Ip> present) {
    List<Op.FdbAppend> out = new ArrayList<>();
    for (Ip ip : wanted) {
      if (!present.contains(ip)) {
        out.add(new Op.FdbAppend(netns, dev, ip));
      }
    }
    return out;
  }

  /**
   * The link, as {@link LinkCreate} makes and repairs it, then its remotes: each missing default
   * FDB entry journalled, then appended (after a re-creation, all of them).
   */
  @Override
  public Outcome run(Context ctx) {
    Outcome link = super.run(ctx);
    List<Ip> wanted = remotes();
    if (wanted.isEmpty() || link.status() == Outcome.Status.FAILED) {
      return link;
    }
    String ns = netns("netns");
    var links = ctx.kernel().links(ns);
    Iface vx = links.get(name()).orElseThrow();
    List<Op.FdbAppend> plan =
        fdbPlan(ns, name(), wanted, links.fdbDefaults().getOrDefault(vx.index(), List.of()));
    if (plan.isEmpty()) {
      return link;
    }
    List<String> changes = new ArrayList<>(link.changes());
    for (Op.FdbAppend op : plan) {
      ctx.record(new Entry.Fdb(ns, name(), op.dst().toString()));
      links.fdbAppendDefault(vx.index(), op.dst());
      changes.add(op.words());
    }
    return new Outcome(Outcome.Status.CHANGED, link.message(), changes, link.facts());
  }

  @Override
  public String state(Context ctx) {
    String link = super.state(ctx);
    if (args.value("remotes") == null) {
      return link;
    }
    String ns = netns("netns");
    var links = ctx.kernel().links(ns);
    Optional<Iface> vx = links.get(name());
    List<Ip> present =
        vx.isEmpty() ? List.of() : links.fdbDefaults().getOrDefault(vx.get().index(), List.of());
    StringBuilder b = new StringBuilder(link);
    for (Ip ip : present) {
      b.append("\nfdb 00:00:00:00:00:00 dst ").append(ip);
    }
    return b.toString();
  }

  private static boolean unicastV4(Ip ip) {
    if (!ip.isV4()) {
      return false;
    }
    byte[] b = ip.bytes();
    int first = b[0] & 0xff;
    boolean zero = (b[0] | b[1] | b[2] | b[3]) == 0;
    boolean broadcast = (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
    return !zero && !broadcast && first < 224;
  }

  public VxlanCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected LinkSpec spec() {
    return new LinkSpec.Vxlan(
        args.integer("vni"),
        args.ip("remote"),
        args.ip("local"),
        args.string("dev"),
        args.integer("port"),
        args.bool("learning"));
  }
}

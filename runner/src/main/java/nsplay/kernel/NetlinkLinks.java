package nsplay.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nsplay.jni.Errno;
import nsplay.jni.NativeException;
import nsplay.jni.Sys;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.netlink.Message;
import nsplay.netlink.rtnl.Addr;
import nsplay.netlink.rtnl.AddrRequest;
import nsplay.netlink.rtnl.Fdb;
import nsplay.netlink.rtnl.FdbRequest;
import nsplay.netlink.rtnl.Link;
import nsplay.netlink.rtnl.LinkRequest;
import nsplay.netlink.rtnl.Qdisc;
import nsplay.netlink.rtnl.QdiscRequest;
import nsplay.netlink.rtnl.Route;
import nsplay.netlink.rtnl.RouteRequest;
import nsplay.netlink.rtnl.Rtnl;

/**
 * Typed rtnetlink operations in one namespace: links, addresses, routes. Each method is one request
 * (or one dump) on the namespace's socket; its javadoc names the iproute2 command that does the
 * same.
 */
final class NetlinkLinks implements Links {
  private final LiveKernel kernel;
  private final Map<Integer, String> names = new HashMap<>();

  // What a run reads of a namespace, read once: a re-run of a 500-namespace lab otherwise asks
  // for each link, address and route table several times over (preflight, then every task's
  // observe). Valid only until the first change in this namespace; after that every read goes
  // to the kernel (a dump per read would make building a large lab quadratic).
  private boolean changed;
  private List<Iface> linkCache;
  private Map<String, Iface> linkByName; // linkCache by name: tasks ask for one link at a time
  private List<AddrInfo> addrCache;
  private final Map<Boolean, List<RouteInfo>> routeCache = new HashMap<>();

  /** Something in this namespace changed: forget what was read. */
  void markChanged() {
    changed = true;
    linkCache = null;
    linkByName = null;
    addrCache = null;
    routeCache.clear();
  }

  /** One change request; this namespace's reads are stale after it, whatever its outcome. */
  private void change(Op op, java.util.function.IntFunction<byte[]> build) {
    kernel.changing();
    try {
      socket().request(op, build);
    } finally {
      markChanged();
    }
  }

  /** Null after {@link #release}: opened again on first use (see LiveKernel.readAhead). */
  private NetlinkSocket socket;

  private final String netns;

  NetlinkLinks(LiveKernel kernel, NetlinkSocket socket, String netns) {
    this.kernel = kernel;
    this.socket = socket;
    this.netns = netns;
  }

  /** The namespace's rtnetlink socket, opened again after {@link #release}. */
  private NetlinkSocket socket() {
    if (socket == null) {
      socket = kernel.openRoute(netns);
    }
    return socket;
  }

  /**
   * Reads links, addresses and IPv4 routes into the cache, then closes the socket: what a read
   * ahead on another thread leaves for the run, which opens a socket only if it needs one.
   */
  void readAll() {
    try {
      all();
      addrs();
      routes(true);
    } finally {
      release();
    }
  }

  private void release() {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }

  /** A link's name for messages: the one last seen for this index, else the index. */
  private String name(int index) {
    return names.getOrDefault(index, Integer.toString(index));
  }

  /** Equivalent to: {@code ip link show}. */
  @Override
  public List<Iface> all() {
    if (linkCache != null) {
      return linkCache;
    }
    List<Iface> out = new ArrayList<>();
    for (Message m : socket().dump(Op.ipIn(netns) + "link show", LinkRequest::dump)) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        out.add(iface(Link.decode(m), m));
      }
    }
    if (!changed) {
      linkCache = List.copyOf(out);
      linkByName = new HashMap<>();
      for (Iface i : linkCache) {
        linkByName.putIfAbsent(i.name(), i);
      }
    }
    return out;
  }

  /** Equivalent to: {@code ip link show}, reduced to each link's hardware address. */
  @Override
  public Map<Integer, String> macs() {
    Map<Integer, String> out = new java.util.TreeMap<>();
    for (Message m : socket().dump(Op.ipIn(netns) + "link show", LinkRequest::dump)) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        Link l = Link.decode(m);
        byte[] mac = l.mac();
        if (mac != null && mac.length > 0) {
          out.put(l.index(), java.util.HexFormat.ofDelimiter(":").formatHex(mac));
        }
      }
    }
    return out;
  }

  /** Equivalent to: {@code ip link show}, reduced to each link's MTU. */
  @Override
  public Map<Integer, Integer> mtus() {
    Map<Integer, Integer> out = new java.util.TreeMap<>();
    for (Message m : socket().dump(Op.ipIn(netns) + "link show", LinkRequest::dump)) {
      if (m.type() == Rtnl.RTM_NEWLINK) {
        Link l = Link.decode(m);
        out.put(l.index(), l.mtu());
      }
    }
    return out;
  }

  /** Equivalent to: {@code ip route get TO}. */
  @Override
  public RouteLookup lookup(Ip to) {
    int family = to.isV4() ? Rtnl.AF_INET : Rtnl.AF_INET6;
    Message m;
    try {
      m =
          socket()
              .get(
                  Op.ipIn(netns) + "route get " + to,
                  seq -> RouteRequest.get(seq, family, to.bytes()));
    } catch (NativeException e) {
      return RouteLookup.none(e.errno());
    }
    Route r = Route.decode(m);
    return new RouteLookup(
        0, r.gateway() == null ? null : Ip.of(r.gateway()), r.oif(), r.type() == Rtnl.RTN_LOCAL);
  }

  /** Equivalent to: {@code ip link show NAME}; empty when there is no such link. */
  @Override
  public Optional<Iface> get(String name) {
    if (!changed) {
      all();
      if (linkByName != null) {
        return Optional.ofNullable(linkByName.get(name));
      }
    }
    Message m =
        socket()
            .getOrNull(
                Op.ipIn(netns) + "link show " + name,
                seq -> LinkRequest.getByName(seq, name),
                Errno.ENODEV);
    return m == null ? Optional.empty() : Optional.of(iface(Link.decode(m), m));
  }

  private Iface iface(Link l, Message m) {
    names.put(l.index(), l.name());
    return new Iface(
        l.index(),
        l.name(),
        l.kind(),
        l.up(),
        l.master(),
        l.linkIndex(),
        l.alias(),
        l.group(),
        LinkSpec.decode(
            l.kind(),
            () ->
                m.attrs(Rtnl.IFINFOMSG_LEN)
                    .nested(Rtnl.IFLA_LINKINFO)
                    .nested(Rtnl.IFLA_INFO_DATA)));
  }

  /** Equivalent to: {@code ip link add NAME [up] group G type ...}; returns its ifindex. */
  @Override
  public int add(String name, LinkSpec spec, boolean up, int group) {
    Op op = new Op.LinkAdd(netns, name, spec);
    // The namespaces the spec names (a veth's peer) get an fd each, closed after the request;
    // their reads are stale after it (the peer appeared there).
    List<String> touched = new ArrayList<>(1);
    List<Integer> fds = new ArrayList<>(1);
    LinkSpec.Resolver r =
        new LinkSpec.Resolver() {
          @Override
          public int netnsFd(String ns) {
            int fd = kernel.openNetns(ns);
            fds.add(fd);
            touched.add(ns);
            return fd;
          }

          @Override
          public int ifindex(String link) {
            return get(link)
                .orElseThrow(
                    () ->
                        new NativeException(
                            op.words(), Errno.ENODEV, "no link " + link + " " + where(netns)))
                .index();
          }
        };
    try {
      change(
          op,
          seq -> {
            LinkRequest req = LinkRequest.create();
            if (spec.parent() != null) {
              req.link(r.ifindex(spec.parent()));
            }
            return req.name(name)
                .up(up)
                .group(group)
                .linkInfo(spec.kind(), spec.hasData() ? b -> spec.writeData(b, r, group) : null)
                .build(seq);
          });
    } finally {
      for (int fd : fds) {
        Sys.close(fd);
      }
      for (String ns : touched) {
        kernel.changedIn(ns);
      }
    }
    return indexOf(name, op.words());
  }

  private static String where(String ns) {
    return ns == null ? "on the host" : "in namespace " + ns;
  }

  private int indexOf(String name, String op) {
    return get(name)
        .orElseThrow(
            () -> new NativeException(op + ": created, then not found", Errno.ENODEV, null))
        .index();
  }

  /** Equivalent to: {@code ip link set DEV up|down}. */
  @Override
  public void setUp(int index, boolean up) {
    change(
        new Op.LinkSetUp(netns, name(index), up),
        seq -> LinkRequest.change(index).up(up).build(seq));
  }

  /** Equivalent to: {@code ip link set DEV master BRIDGE} ({@code nomaster} for 0). */
  @Override
  public void setMaster(int index, int master) {
    change(
        new Op.LinkSetMaster(netns, name(index), master == 0 ? null : name(master)),
        seq -> LinkRequest.change(index).master(master).build(seq));
  }

  /** Equivalent to: {@code ip link set DEV alias TEXT}. */
  @Override
  public void setAlias(int index, String alias) {
    change(
        new Op.LinkSetAlias(netns, name(index), alias, false),
        seq -> LinkRequest.change(index).alias(alias).build(seq));
  }

  /** Equivalent to: {@code ip link set DEV addrgenmode none}. */
  @Override
  public void noIpv6LinkLocal(int index) {
    change(
        new Op.LinkSetNoIpv6LinkLocal(netns, name(index)),
        seq -> LinkRequest.change(index).addrGenMode(Rtnl.IN6_ADDR_GEN_MODE_NONE).build(seq));
  }

  /** Equivalent to: {@code ip link set DEV netns NS} (NS null: the lab's host namespace). */
  @Override
  public void mark(int index, String alias, boolean up) {
    if (!up) {
      setAlias(index, alias);
      return;
    }
    change(
        new Op.LinkSetAlias(netns, name(index), alias, true),
        seq -> LinkRequest.change(index).alias(alias).up(true).build(seq));
  }

  @Override
  public void moveTo(int index, String target) {
    int fd = kernel.openNetns(target);
    try {
      change(
          new Op.LinkSetNetns(netns, name(index), target),
          seq -> LinkRequest.change(index).netnsFd(fd).build(seq));
    } finally {
      Sys.close(fd);
      kernel.changedIn(target); // the link arrived there
    }
  }

  /** Equivalent to: {@code ip link del DEV}. */
  @Override
  public void delete(int index) {
    kernel.changedEverywhere(); // a veth's peer goes too, wherever it is
    change(new Op.LinkDel(netns, name(index)), seq -> LinkRequest.delete(index).build(seq));
  }

  /** Equivalent to: {@code ip link del group G}. */
  @Override
  public void deleteGroup(int group) {
    kernel.changedEverywhere(); // veth peers of the group die in other namespaces too
    change(new Op.LinkDelGroup(netns, group), seq -> LinkRequest.deleteGroup(group).build(seq));
  }

  /** Equivalent to: {@code ip addr show} (IPv4 and IPv6). */
  @Override
  public List<AddrInfo> addrs() {
    if (addrCache != null) {
      return addrCache;
    }
    List<AddrInfo> out = new ArrayList<>();
    for (Message m :
        socket().dump(Op.ipIn(netns) + "addr show", seq -> AddrRequest.dump(seq, Rtnl.AF_UNSPEC))) {
      if (m.type() == Rtnl.RTM_NEWADDR) {
        Addr a = Addr.decode(m);
        byte[] own = a.own();
        if (own != null) {
          out.add(new AddrInfo(a.index(), Cidr.of(Ip.of(own), a.prefixLen()), a.proto()));
        }
      }
    }
    if (!changed) {
      addrCache = List.copyOf(out);
    }
    return out;
  }

  /** Equivalent to: {@code ip addr add CIDR dev DEV proto 217}: IFA_PROTO marks it nsplay's. */
  @Override
  public void addAddr(int index, Cidr cidr, boolean nodad) {
    boolean noDad = nodad && !cidr.address().isV4();
    change(
        new Op.AddrAdd(netns, cidr, name(index), noDad),
        seq ->
            AddrRequest.add(
                seq,
                family(cidr.address()),
                index,
                cidr.address().bytes(),
                cidr.prefixLength(),
                AddrInfo.NSPLAY,
                noDad ? Rtnl.IFA_F_NODAD : 0));
  }

  /** Equivalent to: {@code ip addr del CIDR dev DEV}. */
  @Override
  public void delAddr(int index, Cidr cidr) {
    change(
        new Op.AddrDel(netns, cidr, name(index)),
        seq ->
            AddrRequest.delete(
                seq, family(cidr.address()), index, cidr.address().bytes(), cidr.prefixLength()));
  }

  /** Equivalent to: {@code ip [-6] route show table main}. */
  @Override
  public List<RouteInfo> routes(boolean v4) {
    List<RouteInfo> cached = routeCache.get(v4);
    if (cached != null) {
      return cached;
    }
    List<RouteInfo> out = new ArrayList<>();
    for (Message m :
        socket()
            .dump(
                Op.ipIn(netns) + "route show",
                seq -> RouteRequest.dump(seq, v4 ? Rtnl.AF_INET : Rtnl.AF_INET6))) {
      if (m.type() != Rtnl.RTM_NEWROUTE) {
        continue;
      }
      Route r = Route.decode(m);
      if (r.table() != Rtnl.RT_TABLE_MAIN || r.type() != Rtnl.RTN_UNICAST) {
        continue;
      }
      Cidr dst = r.dstLen() == 0 && r.dst() == null ? null : Cidr.of(Ip.of(r.dst()), r.dstLen());
      out.add(
          new RouteInfo(
              dst, r.gateway() == null ? null : Ip.of(r.gateway()), r.oif(), r.protocol()));
    }
    if (!changed) {
      routeCache.put(v4, List.copyOf(out));
    }
    return out;
  }

  /**
   * Equivalent to: {@code ip route add|replace TO [via GW] [dev DEV] proto 217}: every route nsplay
   * adds carries its protocol number, its mark.
   */
  @Override
  public void addRoute(RouteInfo r, boolean v4, boolean replace) {
    Op op = route(replace ? Op.RouteVerb.REPLACE : Op.RouteVerb.ADD, r, v4);
    int family = v4 ? Rtnl.AF_INET : Rtnl.AF_INET6;
    byte[] dst = r.dst() == null ? null : r.dst().address().bytes();
    int len = r.dst() == null ? 0 : r.dst().prefixLength();
    byte[] gw = r.gateway() == null ? null : r.gateway().bytes();
    change(
        op,
        seq ->
            replace
                ? RouteRequest.replace(seq, family, dst, len, gw, r.oif(), RouteInfo.NSPLAY)
                : RouteRequest.add(seq, family, dst, len, gw, r.oif(), RouteInfo.NSPLAY));
  }

  /** Equivalent to: {@code ip route del TO [via GW] [dev DEV]}. */
  @Override
  public void delRoute(RouteInfo r, boolean v4) {
    change(
        route(Op.RouteVerb.DEL, r, v4),
        seq ->
            RouteRequest.delete(
                seq,
                v4 ? Rtnl.AF_INET : Rtnl.AF_INET6,
                r.dst() == null ? null : r.dst().address().bytes(),
                r.dst() == null ? 0 : r.dst().prefixLength(),
                r.gateway() == null ? null : r.gateway().bytes(),
                r.oif()));
  }

  private Op route(Op.RouteVerb verb, RouteInfo r, boolean v4) {
    return new Op.Route(netns, v4, verb, r.dst(), r.gateway(), r.oif() == 0 ? null : name(r.oif()));
  }

  /** Equivalent to: {@code tc qdisc show}, reduced to each link's root qdisc. */
  @Override
  public Map<Integer, QdiscSpec> rootQdiscs() {
    Map<Integer, QdiscSpec> out = new java.util.TreeMap<>();
    for (Message m : socket().dump(Op.tcIn(netns) + "qdisc show", QdiscRequest::dump)) {
      if (m.type() == Rtnl.RTM_NEWQDISC) {
        Qdisc q = Qdisc.decode(m);
        // Handle 0 is the kernel's default (noqueue, noop), not a qdisc of anyone's.
        if (q.root() && q.handle() != 0 && q.kind() != null) {
          out.put(q.index(), QdiscSpec.decode(q.kind(), q.options()));
        }
      }
    }
    return out;
  }

  /** Equivalent to: {@code tc qdisc replace dev DEV root SPEC}. */
  @Override
  public void qdiscReplace(int index, QdiscSpec spec) {
    change(
        new Op.QdiscReplace(netns, name(index), spec),
        seq -> QdiscRequest.replaceRoot(seq, index, spec.kind(), spec::writeOptions));
  }

  /** Equivalent to: {@code tc qdisc del dev DEV root}. */
  @Override
  public void qdiscDelete(int index) {
    change(new Op.QdiscDel(netns, name(index)), seq -> QdiscRequest.deleteRoot(seq, index));
  }

  /**
   * Whether the kernel has qdisc kind {@code kind}: a create request without options on lo, which a
   * kind it has refuses (EINVAL, nothing made) and a kind it lacks answers with ENOENT.
   */
  boolean hasQdiscKind(String kind) {
    try {
      socket()
          .requestQuietly(
              new Op.QdiscReplace(netns, "lo", new QdiscSpec.Other(kind)),
              seq -> QdiscRequest.probe(seq, 1, kind));
      // Accepted: it made one (a kind that takes no options). Put the default back.
      socket().requestQuietly(new Op.QdiscDel(netns, "lo"), seq -> QdiscRequest.deleteRoot(seq, 1));
      return true;
    } catch (NativeException e) {
      return e.errno() != Errno.ENOENT;
    }
  }

  private static int family(Ip ip) {
    return ip.isV4() ? Rtnl.AF_INET : Rtnl.AF_INET6;
  }

  /** Equivalent to: {@code bridge fdb show}, reduced to the default entries' destinations. */
  @Override
  public Map<Integer, List<Ip>> fdbDefaults() {
    Map<Integer, List<Ip>> out = new java.util.TreeMap<>();
    for (Message m : socket().dump(Op.bridgeIn(netns) + "fdb show", FdbRequest::dump)) {
      if (Fdb.isFdb(m)) {
        Fdb f = Fdb.decode(m);
        byte[] dst = f.dst();
        if (f.isDefault() && dst != null) {
          out.computeIfAbsent(f.index(), k -> new ArrayList<>()).add(Ip.of(dst));
        }
      }
    }
    return out;
  }

  /** Equivalent to: {@code bridge fdb append 00:00:00:00:00:00 dev DEV dst DST}. */
  @Override
  public void fdbAppendDefault(int index, Ip dst) {
    change(
        new Op.FdbAppend(netns, name(index), dst),
        seq -> FdbRequest.appendDefault(seq, index, dst.bytes()));
  }

  /** Equivalent to: {@code bridge fdb del 00:00:00:00:00:00 dev DEV dst DST}. */
  @Override
  public void fdbDelDefault(int index, Ip dst) {
    change(
        new Op.FdbDel(netns, name(index), dst),
        seq -> FdbRequest.deleteDefault(seq, index, dst.bytes()));
  }
}

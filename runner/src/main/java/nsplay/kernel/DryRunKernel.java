package nsplay.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import nsplay.jni.Errno;
import nsplay.jni.NativeException;
import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * The kernel for --check: reads come from the real kernel, changes stay in memory. Each namespace
 * touched is copied on first use (its links, addresses and routes), and from then on reads and
 * changes work on the copy, so a later task sees what an earlier one would have made: a check of a
 * fresh host reports every change of the playbook, not just the first.
 *
 * <p>Over nothing ({@link #DryRunKernel()}) it is a whole machine in memory, a host with only
 * {@code lo}: the kernel of unit tests. It passes the same contract as {@link LiveKernel}
 * (KernelContract in the tests): the same writes give the same reads and the same {@link Op}s.
 */
public final class DryRunKernel implements Kernel {

  private final Kernel real; // null: nothing real, an empty machine
  private final Set<String> added = new LinkedHashSet<>();
  private final Set<String> deleted = new HashSet<>();
  private final Map<String, SimLinks> links = new HashMap<>();
  private final Map<String, SimNft> nft = new HashMap<>();
  private final Map<String, String> sysctls = new HashMap<>();
  private final Map<String, Long> inodes = new HashMap<>();
  private final List<Op> operations = new ArrayList<>();

  /**
   * @param real the kernel to read; it is never changed through this object
   */
  public DryRunKernel(Kernel real) {
    this.real = Objects.requireNonNull(real);
  }

  /** An empty machine in memory: a host with only {@code lo}, no namespaces, no tables. */
  public DryRunKernel() {
    this.real = null;
  }

  @Override
  public String hostNetns() {
    return real == null ? null : real.hostNetns();
  }

  private static String key(String netns) {
    return netns == null ? "" : netns;
  }

  /** Whether {@code netns} exists only in this simulation (the host over nothing, too). */
  private boolean simulated(String netns) {
    return real == null || netns != null && added.contains(netns);
  }

  /** The real kernel's answer; over nothing, the kinds nsplay makes ({@link LinkSpec#made}). */
  @Override
  public boolean hasLinkKind(String kind) {
    return real == null ? LinkSpec.made(kind) : real.hasLinkKind(kind);
  }

  @Override
  public boolean netnsExists(String name) {
    return added.contains(name)
        || (real != null && !deleted.contains(name) && real.netnsExists(name));
  }

  @Override
  public long netnsInode(String name) {
    return added.contains(name)
        ? inodes.get(name)
        : deleted.contains(name) || real == null ? -1 : real.netnsInode(name);
  }

  @Override
  public List<String> netnsList() {
    Set<String> out = new TreeSet<>(real == null ? List.of() : real.netnsList());
    out.removeAll(deleted);
    out.addAll(added);
    return List.copyOf(out);
  }

  @Override
  public void netnsAdd(String name, String loAlias, java.util.function.LongConsumer beforeNaming) {
    Op op = new Op.NetnsAdd(name);
    if (netnsExists(name)) {
      throw new NativeException(op.words(), Errno.EEXIST, null);
    }
    // A made-up identity, never 0 or -1, told before the name exists, as the live kernel does.
    long inode = 0xF000_0000L + inodes.size() + 1;
    beforeNaming.accept(inode);
    inodes.put(name, inode);
    added.add(name);
    deleted.remove(name);
    links.remove(name);
    nft.remove(name);
    if (loAlias != null) {
      // lo carries the mark from the start, as in the live kernel: part of "netns add".
      seedLink(name, new Iface(1, "lo", null, false, 0, 0, loAlias, 0), null);
    }
    operations.add(op);
  }

  @Override
  public void netnsDelete(String name) {
    Op op = new Op.NetnsDel(name);
    if (!netnsExists(name)) {
      throw new NativeException(op.words(), Errno.ENOENT, null);
    }
    // The namespace's veths die with it, and so do their peers elsewhere.
    SimLinks gone = links.remove(name);
    if (gone != null && gone.byIndex != null) {
      for (Iface i : List.copyOf(gone.byIndex.values())) {
        gone.drop(i);
      }
    }
    added.remove(name);
    deleted.add(name);
    nft.remove(name);
    sysctls.keySet().removeIf(k -> k.startsWith(name + "\0"));
    operations.add(op);
  }

  @Override
  public boolean netnsLeftover(String name) {
    return !added.contains(name) && !deleted.contains(name) && real.netnsLeftover(name);
  }

  @Override
  public void netnsRemoveLeftover(String name) {
    if (!netnsLeftover(name)) {
      throw new NativeException(new Op.NetnsDel(name).words(), Errno.ENOENT, null);
    }
    deleted.add(name);
    operations.add(new Op.NetnsDel(name));
  }

  private void requireNetns(String netns) {
    if (netns != null && !netnsExists(netns)) {
      throw new NativeException(
          "open " + NETNS_DIR.resolve(netns),
          Errno.ENOENT,
          "namespace " + netns + " does not exist");
    }
  }

  @Override
  public Links links(String netns) {
    requireNetns(netns);
    return links.computeIfAbsent(
        key(netns), k -> new SimLinks(netns, simulated(netns) ? null : real.links(netns)));
  }

  @Override
  public Nftables nft(String netns) {
    requireNetns(netns);
    return nft.computeIfAbsent(
        key(netns), k -> new SimNft(netns, simulated(netns) ? null : real.nft(netns)));
  }

  @Override
  public String sysctl(String netns, String key) {
    String v = sysctls.get(key(netns) + "\0" + key);
    if (v != null) {
      return v;
    }
    requireNetns(netns);
    if (real == null) {
      return "0"; // an empty machine: the kernel's defaults, which are 0 for what nsplay sets
    }
    try {
      // A namespace that does not exist yet starts from the kernel's defaults; the host's
      // value is the closest guess this side of creating it.
      return real.sysctl(simulated(netns) ? null : netns, key);
    } catch (NativeException e) {
      return "0";
    }
  }

  /** Over the live kernel, its answer; an empty machine in memory has every kind. */
  @Override
  public java.util.Optional<Boolean> hasQdiscKind(String kind) {
    return real == null ? java.util.Optional.of(true) : real.hasQdiscKind(kind);
  }

  @Override
  public void setSysctl(String netns, String key, String value) {
    requireNetns(netns);
    sysctls.put(key(netns) + "\0" + key, value);
    operations.add(new Op.Sysctl(netns, key, value));
  }

  @Override
  public PingResult ping(String netns, Ip to, int count, int timeoutMs) {
    throw new IllegalStateException("no ICMP in a dry run: ping tasks are skipped in --check");
  }

  @Override
  public TcpResult tcpConnect(String netns, Ip to, int port, int timeoutMs) {
    throw new IllegalStateException("no TCP in a dry run: checks are skipped in --check");
  }

  @Override
  public HttpResult httpGet(
      String netns, Ip to, int port, String host, String path, int timeoutMs) {
    throw new IllegalStateException("no HTTP in a dry run: checks are skipped in --check");
  }

  @Override
  public PacketSocket capture(String netns, String link) {
    throw new IllegalStateException("no capture in a dry run: captures are skipped in --check");
  }

  @Override
  public CommandResult run(String netns, List<String> argv, int timeoutMs) {
    throw new IllegalStateException("no programs in a dry run: checks are skipped in --check");
  }

  @Override
  public List<String> takeOperations() {
    List<String> out = new ArrayList<>(operations.size());
    for (Op o : operations) {
      out.add(o.words());
    }
    operations.clear();
    return out;
  }

  @Override
  public void close() {
    // Nothing of our own: the real kernel is closed by whoever opened it.
  }

  // A starting state for unit tests: what the machine already has, not changes (no operation is
  // recorded). The state is put as given, ifindexes included, so a test can describe any machine,
  // physical devices and kinds nsplay does not make included.

  /** Puts {@code link} (replacing one of its ifindex) with hardware address {@code mac}. */
  public void seedLink(String netns, Iface link, String mac) {
    SimLinks l = (SimLinks) links(netns);
    Iface old = l.ifaces().get(link.index());
    if (old != null) {
      l.remove(old);
    }
    l.put(link);
    if (mac != null) {
      l.macs.put(link.index(), mac);
    }
  }

  public void seedAddr(String netns, AddrInfo a) {
    ((SimLinks) links(netns)).addrList().add(a);
  }

  /** Puts a route of the main table; its IP version is its destination's, else its gateway's. */
  public void seedRoute(String netns, RouteInfo r) {
    boolean v4 = r.dst() == null ? r.gateway().isV4() : r.dst().address().isV4();
    ((SimLinks) links(netns)).routeList(v4).add(r);
  }

  public void seedSysctl(String netns, String key, String value) {
    requireNetns(netns);
    sysctls.put(key(netns) + "\0" + key, value);
  }

  /** Namespace /etc files written or removed here: a content, or null for removed. */
  private final Map<java.nio.file.Path, String> etcFiles = new HashMap<>();

  /** Folders of /etc/netns made (true) or removed (false) here. */
  private final Map<java.nio.file.Path, Boolean> etcFolders = new HashMap<>();

  /** What the real machine has (nothing, over nothing), then what was changed here. */
  @Override
  public EtcFile.Seen etcRead(EtcFile f) {
    EtcFile.Seen r = real == null ? EtcFile.Seen.NOTHING : real.etcRead(f);
    boolean root = etcFolders.getOrDefault(EtcFile.ROOT, r.root());
    boolean folder = root && etcFolders.getOrDefault(f.folder(), r.folder());
    String content =
        etcFiles.containsKey(f.path()) ? etcFiles.get(f.path()) : folder ? r.content() : null;
    return new EtcFile.Seen(root, folder, folder ? content : null);
  }

  @Override
  public void etcWrite(EtcFile f, String content) {
    etcFolders.put(EtcFile.ROOT, true);
    etcFolders.put(f.folder(), true);
    etcFiles.put(f.path(), content);
    operations.add(new Op.EtcWrite(f, content));
  }

  @Override
  public boolean etcRemove(EtcFile f) {
    if (etcRead(f).content() == null) {
      return false;
    }
    etcFiles.put(f.path(), null);
    operations.add(new Op.EtcRemove(f));
    return true;
  }

  /**
   * Removes a folder known to be empty: one made here (not on the real machine) that holds no file
   * written here, nor, for /etc/netns, a folder made here. A real folder counts as not empty: what
   * it holds is not read.
   */
  @Override
  public boolean etcRemoveFolder(String netns) {
    java.nio.file.Path dir = netns == null ? EtcFile.ROOT : new EtcFile(netns, "-").folder();
    boolean madeHere =
        etcFolders.getOrDefault(dir, false)
            && (real == null
                || !(netns == null
                    ? real.etcRead(new EtcFile("-", "-")).root()
                    : real.etcRead(new EtcFile(netns, "-")).folder()));
    boolean empty =
        etcFiles.entrySet().stream()
                .noneMatch(e -> e.getValue() != null && e.getKey().startsWith(dir))
            && etcFolders.entrySet().stream()
                .noneMatch(
                    e -> e.getValue() && !e.getKey().equals(dir) && e.getKey().startsWith(dir));
    if (!madeHere || !empty) {
      return false;
    }
    etcFolders.put(dir, false);
    operations.add(new Op.EtcRemoveFolder(netns));
    return true;
  }

  /** Puts table {@code table} with chain {@code chain} holding rules with these comments. */
  public void seedNftRules(String netns, String table, String chain, List<String> comments) {
    SimNft n = (SimNft) nft(netns);
    n.tables.add(table);
    n.chains.add(table + " " + chain);
    n.comments.computeIfAbsent(table + " " + chain, k -> new ArrayList<>()).addAll(comments);
  }

  /** Where a simulated veth's peer is: its namespace's links and its index there. */
  private record Peer(SimLinks where, int index) {}

  /**
   * One namespace's links, addresses and routes, copied from the kernel on first use. Links are
   * kept by ifindex (in creation order) and by name, so that each read and write costs the same at
   * 100,000 links as at 10: a check of a large lab must not be quadratic.
   */
  private final class SimLinks implements Links {
    private final String netns;
    private final Links source;
    private LinkedHashMap<Integer, Iface> byIndex;
    private final Map<String, Integer> byName = new HashMap<>();
    private final Map<Integer, Peer> peers = new HashMap<>();
    private final Map<Integer, String> macs = new HashMap<>();
    private int maxIndex;
    private List<AddrInfo> addrs;
    private final Map<Boolean, List<RouteInfo>> routes = new HashMap<>();
    private Map<Integer, QdiscSpec> qdiscs;
    private Map<Integer, List<Ip>> fdb;

    SimLinks(String netns, Links source) {
      this.netns = netns;
      this.source = source;
    }

    private Map<Integer, Iface> ifaces() {
      if (byIndex == null) {
        byIndex = new LinkedHashMap<>();
        if (source != null) {
          source.all().forEach(this::put);
          macs.putAll(source.macs());
        } else {
          put(new Iface(1, "lo", null, false, 0, 0, null, 0)); // what a new namespace has
        }
      }
      return byIndex;
    }

    private void put(Iface i) {
      byIndex.put(i.index(), i);
      byName.putIfAbsent(i.name(), i.index());
      maxIndex = Math.max(maxIndex, i.index());
    }

    private void remove(Iface i) {
      byIndex.remove(i.index());
      byName.remove(i.name(), i.index());
      peers.remove(i.index());
      macs.remove(i.index());
      if (addrs != null) {
        addrs.removeIf(a -> a.index() == i.index());
      }
      routes.values().forEach(l -> l.removeIf(r -> r.oif() == i.index()));
      qdiscMap().remove(i.index()); // a link's qdiscs go with it, and do not move with it
      fdbMap().remove(i.index()); // so do its FDB entries
    }

    private Map<Integer, QdiscSpec> qdiscMap() {
      if (qdiscs == null) {
        qdiscs =
            source != null
                ? new java.util.TreeMap<>(source.rootQdiscs())
                : new java.util.TreeMap<>();
      }
      return qdiscs;
    }

    private List<AddrInfo> addrList() {
      if (addrs == null) {
        ifaces();
        addrs = source != null ? new ArrayList<>(source.addrs()) : new ArrayList<>();
      }
      return addrs;
    }

    private List<RouteInfo> routeList(boolean v4) {
      return routes.computeIfAbsent(
          v4, k -> source != null ? new ArrayList<>(source.routes(v4)) : new ArrayList<>());
    }

    private Iface byIndex(int index) {
      Iface i = ifaces().get(index);
      if (i == null) {
        throw new NativeException(Op.ipIn(netns) + "link " + index, Errno.ENODEV, null);
      }
      return i;
    }

    private void replace(Iface now) {
      ifaces().put(now.index(), now);
    }

    /** A new link here: the next free ifindex, a made-up MAC; EEXIST when the name is taken. */
    private Iface create(Op op, String name, LinkSpec spec, boolean up, int peerIndex, int group) {
      if (byName(name) != null) {
        throw new NativeException(op.words(), Errno.EEXIST, "File exists");
      }
      int index = ++maxIndex;
      Iface i =
          new Iface(index, name, spec.kind(), up, 0, peerIndex, null, group, spec.asDecoded());
      put(i);
      macs.put(index, mac(++macCounter));
      return i;
    }

    private Iface byName(String name) {
      ifaces();
      Integer index = byName.get(name);
      return index == null ? null : byIndex.get(index);
    }

    @Override
    public List<Iface> all() {
      return List.copyOf(ifaces().values());
    }

    @Override
    public Map<Integer, String> macs() {
      ifaces();
      return new java.util.TreeMap<>(macs);
    }

    @Override
    public Optional<Iface> get(String name) {
      return Optional.ofNullable(byName(name));
    }

    @Override
    public int add(String name, LinkSpec spec, boolean up, int group) {
      Op op = new Op.LinkAdd(netns, name, spec);
      if (!(spec instanceof LinkSpec.Veth)) {
        if (spec.parent() != null && byName(spec.parent()) == null) {
          throw new NativeException(op.words(), Errno.ENODEV, "no link " + spec.parent());
        }
        if (spec.hasData()) {
          // What the live kernel resolves for the request (a vxlan's dev) must exist here too.
          spec.writeData(
              new nsplay.netlink.MessageBuilder(0, 0),
              new LinkSpec.Resolver() {
                @Override
                public int netnsFd(String ns) {
                  requireNetns(ns);
                  return 0;
                }

                @Override
                public int ifindex(String link) {
                  Iface i = byName(link);
                  if (i == null) {
                    throw new NativeException(op.words(), Errno.ENODEV, "no link " + link);
                  }
                  return i.index();
                }
              },
              group);
        }
        // As the kernel reports a stacked link: IFLA_LINK is its parent's ifindex.
        int lower = spec.parent() == null ? 0 : byName(spec.parent()).index();
        Iface i = create(op, name, spec, up, lower, group);
        operations.add(op);
        return i.index();
      }
      // The one kind that makes two links: the peer, in its namespace, in the same request.
      LinkSpec.Veth v = (LinkSpec.Veth) spec;
      SimLinks other = (SimLinks) links(v.peerNetns());
      if (byName(name) != null
          || other.byName(v.peer()) != null
          || name.equals(v.peer()) && other == this) {
        throw new NativeException(op.words(), Errno.EEXIST, "File exists");
      }
      Iface end = create(op, name, spec, up, 0, group);
      Iface peer =
          other.create(op, v.peer(), new LinkSpec.Veth(name, netns), false, end.index(), group);
      replace(end.withPeerIndex(peer.index()));
      peers.put(end.index(), new Peer(other, peer.index()));
      other.peers.put(peer.index(), new Peer(this, end.index()));
      operations.add(op);
      return end.index();
    }

    @Override
    public void setUp(int index, boolean up) {
      Iface i = byIndex(index);
      replace(i.withUp(up));
      operations.add(new Op.LinkSetUp(netns, i.name(), up));
    }

    @Override
    public void setMaster(int index, int master) {
      Iface i = byIndex(index);
      String m = master == 0 ? null : byIndex(master).name();
      replace(i.withMaster(master));
      operations.add(new Op.LinkSetMaster(netns, i.name(), m));
    }

    @Override
    public void setAlias(int index, String alias) {
      Iface i = byIndex(index);
      replace(i.withAlias(alias));
      operations.add(new Op.LinkSetAlias(netns, i.name(), alias, false));
    }

    @Override
    public void noIpv6LinkLocal(int index) {
      operations.add(new Op.LinkSetNoIpv6LinkLocal(netns, byIndex(index).name()));
    }

    @Override
    public void mark(int index, String alias, boolean up) {
      if (!up) {
        setAlias(index, alias);
        return;
      }
      Iface i = byIndex(index);
      replace(i.withAlias(alias).withUp(true));
      operations.add(new Op.LinkSetAlias(netns, i.name(), alias, true));
    }

    @Override
    public void moveTo(int index, String target) {
      Iface i = byIndex(index);
      SimLinks there = (SimLinks) links(target);
      Op op = new Op.LinkSetNetns(netns, i.name(), target);
      if (there.byName(i.name()) != null) {
        throw new NativeException(op.words(), Errno.EEXIST, "File exists");
      }
      Peer peer = peers.get(index);
      String mac = macs.get(index);
      remove(i);
      // The kernel sets a moved link down and releases it from its bridge.
      Iface moved = i.withIndex(++there.maxIndex).withMaster(0).withUp(false);
      there.put(moved);
      if (mac != null) {
        there.macs.put(moved.index(), mac);
      }
      if (peer != null) {
        there.peers.put(moved.index(), peer);
        peer.where().peers.put(peer.index(), new Peer(there, moved.index()));
        Iface p = peer.where().byIndex.get(peer.index());
        if (p != null) {
          peer.where().replace(p.withPeerIndex(moved.index()));
        }
      }
      operations.add(op);
    }

    /** Removes a link, and a veth's peer with it wherever it is. */
    private void drop(Iface i) {
      Peer peer = peers.get(i.index());
      remove(i);
      if (peer != null) {
        Iface p = peer.where().byIndex.get(peer.index());
        if (p != null) {
          peer.where().remove(p);
        }
      }
    }

    @Override
    public void delete(int index) {
      Iface i = byIndex(index);
      drop(i);
      operations.add(new Op.LinkDel(netns, i.name()));
    }

    @Override
    public void deleteGroup(int group) {
      if (group == 0) {
        throw new IllegalArgumentException("group must not be 0 (the default group of every link)");
      }
      for (Iface i : List.copyOf(ifaces().values())) {
        if (i.group() == group && byIndex.containsKey(i.index())) {
          drop(i);
        }
      }
      operations.add(new Op.LinkDelGroup(netns, group));
    }

    @Override
    public List<AddrInfo> addrs() {
      return List.copyOf(addrList());
    }

    @Override
    public void addAddr(int index, Cidr cidr, boolean nodad) {
      Iface i = byIndex(index);
      Op op = new Op.AddrAdd(netns, cidr, i.name(), nodad && !cidr.address().isV4());
      AddrInfo a = new AddrInfo(index, cidr, AddrInfo.NSPLAY);
      if (addrList().stream().anyMatch(x -> x.is(index, cidr))) {
        throw new NativeException(op.words(), Errno.EEXIST, "Address already assigned");
      }
      addrList().add(a);
      operations.add(op);
    }

    @Override
    public void delAddr(int index, Cidr cidr) {
      Iface i = byIndex(index);
      Op op = new Op.AddrDel(netns, cidr, i.name());
      if (!addrList().removeIf(x -> x.is(index, cidr))) {
        throw new NativeException(op.words(), Errno.EADDRNOTAVAIL, null);
      }
      operations.add(op);
    }

    @Override
    public List<RouteInfo> routes(boolean v4) {
      return List.copyOf(routeList(v4));
    }

    @Override
    public Map<Integer, Integer> mtus() {
      Map<Integer, Integer> out = new java.util.TreeMap<>();
      Map<Integer, Integer> known = source != null ? source.mtus() : Map.of();
      for (Iface i : ifaces().values()) {
        out.put(
            i.index(),
            known.getOrDefault(
                i.index(), i.name().equals("lo") && i.kind() == null ? 65536 : 1500));
      }
      return out;
    }

    /**
     * The kernel's choice, simulated: the namespace's own address is local; else the longest prefix
     * among the main table's routes and the networks of the addresses on links that are up (the
     * kernel's own routes, which exist only while the link is up); none is ENETUNREACH.
     */
    @Override
    public RouteLookup lookup(Ip to) {
      for (AddrInfo a : addrList()) {
        if (a.cidr().address().equals(to)) {
          return new RouteLookup(0, null, byName("lo") == null ? 0 : byName("lo").index(), true);
        }
      }
      RouteInfo best = null;
      int bestLen = -1;
      for (RouteInfo r : routeList(to.isV4())) {
        int len = r.dst() == null ? 0 : r.dst().prefixLength();
        boolean up = r.oif() == 0 || (ifaces().containsKey(r.oif()) && byIndex(r.oif()).up());
        if (up && len > bestLen && (r.dst() == null || r.dst().contains(to))) {
          best = r;
          bestLen = len;
        }
      }
      for (AddrInfo a : addrList()) {
        Iface i = ifaces().get(a.index());
        int len = a.cidr().prefixLength();
        if (i != null
            && i.up()
            && a.cidr().address().isV4() == to.isV4()
            && len > bestLen
            && a.cidr().network().contains(to)) {
          best = new RouteInfo(a.cidr().network(), null, a.index());
          bestLen = len;
        }
      }
      return best == null
          ? RouteLookup.none(Errno.ENETUNREACH)
          : new RouteLookup(0, best.gateway(), best.oif(), false);
    }

    private Op route(Op.RouteVerb verb, RouteInfo r, boolean v4) {
      return new Op.Route(
          netns, v4, verb, r.dst(), r.gateway(), r.oif() == 0 ? null : byIndex(r.oif()).name());
    }

    @Override
    public void addRoute(RouteInfo r, boolean v4, boolean replace) {
      Op op = route(replace ? Op.RouteVerb.REPLACE : Op.RouteVerb.ADD, r, v4);
      List<RouteInfo> list = routeList(v4);
      if (replace) {
        list.removeIf(x -> Objects.equals(x.dst(), r.dst()));
      } else if (list.stream().anyMatch(x -> Objects.equals(x.dst(), r.dst()))) {
        throw new NativeException(op.words(), Errno.EEXIST, "File exists");
      }
      list.add(new RouteInfo(r.dst(), r.gateway(), r.oif(), RouteInfo.NSPLAY));
      operations.add(op);
    }

    @Override
    public void delRoute(RouteInfo r, boolean v4) {
      Op op = route(Op.RouteVerb.DEL, r, v4);
      if (!routeList(v4).removeIf(x -> matches(r, x))) {
        throw new NativeException(op.words(), Errno.ESRCH, "No such process");
      }
      operations.add(op);
    }

    @Override
    public Map<Integer, QdiscSpec> rootQdiscs() {
      return Map.copyOf(qdiscMap());
    }

    @Override
    public void qdiscReplace(int index, QdiscSpec spec) {
      Iface i = byIndex(index);
      qdiscMap().put(index, spec);
      operations.add(new Op.QdiscReplace(netns, i.name(), spec));
    }

    @Override
    public void qdiscDelete(int index) {
      Iface i = byIndex(index);
      Op op = new Op.QdiscDel(netns, i.name());
      if (qdiscMap().remove(index) == null) {
        throw new NativeException(
            op.words(), Errno.ENOENT, "Cannot delete qdisc with handle of zero.");
      }
      operations.add(op);
    }

    private Map<Integer, List<Ip>> fdbMap() {
      if (fdb == null) {
        fdb = new java.util.TreeMap<>();
        if (source != null) {
          source.fdbDefaults().forEach((k, v) -> fdb.put(k, new ArrayList<>(v)));
        }
      }
      return fdb;
    }

    @Override
    public Map<Integer, List<Ip>> fdbDefaults() {
      Map<Integer, List<Ip>> out = new java.util.TreeMap<>();
      fdbMap().forEach((k, v) -> out.put(k, List.copyOf(v)));
      return out;
    }

    @Override
    public void fdbAppendDefault(int index, Ip dst) {
      Iface i = byIndex(index);
      Op op = new Op.FdbAppend(netns, i.name(), dst);
      List<Ip> list = fdbMap().computeIfAbsent(index, k -> new ArrayList<>());
      if (list.contains(dst)) {
        throw new NativeException(op.words(), Errno.EEXIST, "File exists");
      }
      list.add(dst);
      operations.add(op);
    }

    @Override
    public void fdbDelDefault(int index, Ip dst) {
      Iface i = byIndex(index);
      Op op = new Op.FdbDel(netns, i.name(), dst);
      List<Ip> list = fdbMap().get(index);
      if (list == null) {
        throw new NativeException(op.words(), Errno.ENOENT, "No such file or directory");
      }
      list.remove(dst); // as the kernel: no error while the entry has another destination
      if (list.isEmpty()) {
        fdbMap().remove(index);
      }
      operations.add(op);
    }
  }

  /** Whether route {@code x} is what a delete of {@code r} removes: unset fields match anything. */
  private static boolean matches(RouteInfo r, RouteInfo x) {
    return Objects.equals(r.dst(), x.dst())
        && (r.gateway() == null || r.gateway().equals(x.gateway()))
        && (r.oif() == 0 || r.oif() == x.oif());
  }

  private int macCounter;

  private static final java.util.HexFormat MAC = java.util.HexFormat.ofDelimiter(":");

  /** A made-up, locally administered MAC for a simulated link: 02:00 and a counter. */
  private static String mac(int n) {
    return MAC.formatHex(
        new byte[] {2, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
  }

  /** One namespace's nf_tables as far as nsplay uses them, over what the kernel has. */
  private final class SimNft implements Nftables {
    private final String netns;
    private final Nftables source;
    private final Set<String> tables = new HashSet<>();
    private final Set<String> goneTables = new HashSet<>();
    private final Map<String, String> tableComments = new HashMap<>();
    private final Set<String> chains = new HashSet<>();
    private final Map<String, List<String>> comments = new HashMap<>();
    private final Map<String, List<Rule>> rules = new HashMap<>();
    private final Map<String, String> policies = new HashMap<>();
    private long nextHandle = 1;

    SimNft(String netns, Nftables source) {
      this.netns = netns;
      this.source = source;
    }

    private boolean real() {
      return source != null;
    }

    @Override
    public boolean hasTable(String table) {
      return tables.contains(table)
          || (!goneTables.contains(table) && real() && source.hasTable(table));
    }

    @Override
    public Optional<Table> table(String table) {
      if (tables.contains(table)) {
        return Optional.of(
            new Table(table, tableComments.get(table) != null, tableComments.get(table)));
      }
      return !goneTables.contains(table) && real() ? source.table(table) : Optional.empty();
    }

    @Override
    public boolean hasChain(String table, String chain) {
      return chains.contains(table + " " + chain)
          || (!goneTables.contains(table) && real() && source.hasChain(table, chain));
    }

    @Override
    public List<String> ruleComments(String table, String chain) {
      List<String> out = new ArrayList<>();
      if (!goneTables.contains(table) && real() && source.hasTable(table)) {
        out.addAll(source.ruleComments(table, chain));
      }
      if (rules.containsKey(table)) {
        out.clear(); // the simulated rules hold the kernel's too
        rules.get(table).stream()
            .filter(r -> r.chain().equals(chain) && r.comment() != null)
            .forEach(r -> out.add(r.comment()));
      }
      out.addAll(comments.getOrDefault(table + " " + chain, List.of()));
      return out;
    }

    @Override
    public List<Rule> rules(String table) {
      if (rules.containsKey(table)) {
        return List.copyOf(rules.get(table));
      }
      return !goneTables.contains(table) && real() ? source.rules(table) : List.of();
    }

    /** The table's rules, simulated from now on (the kernel's copied in first). */
    private List<Rule> simRules(String table) {
      return rules.computeIfAbsent(
          table,
          t -> {
            List<Rule> now = new ArrayList<>(rules(t));
            now.forEach(r -> nextHandle = Math.max(nextHandle, r.handle() + 1));
            return now;
          });
    }

    @Override
    public Optional<String> chainPolicy(String table, NftRuleSpec.Chain chain) {
      String key = table + " " + chain.name;
      if (policies.containsKey(key)) {
        return Optional.of(policies.get(key));
      }
      if (chains.contains(key)) {
        return Optional.of("accept");
      }
      return !goneTables.contains(table) && real()
          ? source.chainPolicy(table, chain)
          : Optional.empty();
    }

    /** Table and chain as the live kernel's batch makes them: kept when present. */
    private void tableAndChain(String table, String tableComment, NftRuleSpec.Chain chain) {
      if (!hasTable(table)) {
        tableComments.put(table, tableComment);
      } else if (!tables.contains(table)) {
        tableComments.put(table, table(table).map(Table::comment).orElse(null));
      }
      tables.add(table);
      chains.add(table + " " + chain.name);
    }

    @Override
    public void addRule(
        String table, String tableComment, NftRuleSpec rule, String comment, long after) {
      tableAndChain(table, tableComment, rule.chain());
      List<Rule> list = simRules(table);
      Rule r = new Rule(rule.chain().name, nextHandle++, comment, rule.canonical());
      int at = 0;
      if (after != 0) {
        at = -1;
        for (int i = 0; i < list.size(); i++) {
          if (list.get(i).handle() == after) {
            at = i + 1;
          }
        }
        if (at < 0) {
          throw new NativeException(
              Op.exec(netns) + "nft add rule ip " + table, Errno.ENOENT, "No such file");
        }
      } else {
        // First in its chain: before the chain's first rule.
        at = list.size();
        for (int i = list.size() - 1; i >= 0; i--) {
          if (list.get(i).chain().equals(r.chain())) {
            at = i;
          }
        }
      }
      list.add(at, r);
      operations.add(new Op.NftAddTable(netns, table, tableComment));
      operations.add(new Op.NftAddChain(netns, table, rule.chain(), null));
      operations.add(new Op.NftAddRule(netns, table, rule, comment, after));
    }

    @Override
    public void replaceRule(String table, long handle, NftRuleSpec rule, String comment) {
      List<Rule> list = simRules(table);
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).handle() == handle) {
          list.set(i, new Rule(rule.chain().name, handle, comment, rule.canonical()));
          operations.add(new Op.NftReplaceRule(netns, table, rule, comment, handle));
          return;
        }
      }
      throw new NativeException(
          Op.exec(netns) + "nft replace rule ip " + table, Errno.ENOENT, "No such file");
    }

    @Override
    public void setChainPolicy(
        String table, String tableComment, NftRuleSpec.Chain chain, String policy) {
      tableAndChain(table, tableComment, chain);
      policies.put(table + " " + chain.name, policy);
      operations.add(new Op.NftAddTable(netns, table, tableComment));
      operations.add(new Op.NftAddChain(netns, table, chain, policy));
    }

    @Override
    public void addMasquerade(
        String table, String tableComment, String chain, Cidr src, String out, String comment) {
      if (!hasTable(table)) {
        tableComments.put(table, tableComment); // the live kernel marks only a table it creates
      } else if (!tables.contains(table)) {
        tableComments.put(table, table(table).map(Table::comment).orElse(null));
      }
      tables.add(table);
      chains.add(table + " " + chain);
      comments.computeIfAbsent(table + " " + chain, k -> new ArrayList<>()).add(comment);
      // What the live kernel's batch sends: table and chain (kept when present), then the rule.
      operations.add(new Op.NftAddTable(netns, table, tableComment));
      operations.add(new Op.NftAddNatChain(netns, table, chain));
      operations.add(new Op.NftMasquerade(netns, table, chain, src, out));
    }

    @Override
    public void deleteTable(String table) {
      if (!hasTable(table)) {
        throw new NativeException(
            Op.exec(netns) + "nft delete table ip " + table, Errno.ENOENT, "No such file");
      }
      tables.remove(table);
      tableComments.remove(table);
      goneTables.add(table);
      chains.removeIf(c -> c.startsWith(table + " "));
      comments.keySet().removeIf(c -> c.startsWith(table + " "));
      policies.keySet().removeIf(c -> c.startsWith(table + " "));
      rules.put(table, new ArrayList<>());
      operations.add(new Op.NftDeleteTable(netns, table));
    }
  }
}

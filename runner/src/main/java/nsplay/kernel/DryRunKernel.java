package nsplay.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 */
public final class DryRunKernel implements Kernel {

  private final Kernel real;
  private final Set<String> added = new LinkedHashSet<>();
  private final Set<String> deleted = new HashSet<>();
  private final Map<String, SimLinks> links = new HashMap<>();
  private final Map<String, SimNft> nft = new HashMap<>();
  private final Map<String, String> sysctls = new HashMap<>();
  private final List<String> operations = new ArrayList<>();

  /**
   * @param real the kernel to read; it is never changed through this object
   */
  public DryRunKernel(Kernel real) {
    this.real = real;
  }

  @Override
  public String hostNetns() {
    return real.hostNetns();
  }

  private static String key(String netns) {
    return netns == null ? "" : netns;
  }

  /** Whether {@code netns} exists only in this simulation. */
  private boolean simulated(String netns) {
    return netns != null && added.contains(netns);
  }

  @Override
  public boolean netnsExists(String name) {
    return added.contains(name) || (!deleted.contains(name) && real.netnsExists(name));
  }

  @Override
  public long netnsInode(String name) {
    return added.contains(name) ? 0 : deleted.contains(name) ? -1 : real.netnsInode(name);
  }

  @Override
  public List<String> netnsList() {
    Set<String> out = new TreeSet<>(real.netnsList());
    out.removeAll(deleted);
    out.addAll(added);
    return List.copyOf(out);
  }

  @Override
  public void netnsAdd(String name, String loAlias, java.util.function.LongConsumer beforeNaming) {
    if (netnsExists(name)) {
      throw new NativeException("netns add " + name, Errno.EEXIST, null);
    }
    added.add(name);
    deleted.remove(name);
    links.remove(name);
    operations.add("netns add " + name);
  }

  @Override
  public void netnsDelete(String name) {
    if (!netnsExists(name)) {
      throw new NativeException("netns del " + name, Errno.ENOENT, null);
    }
    added.remove(name);
    deleted.add(name);
    links.remove(name);
    nft.remove(name);
    operations.add("netns del " + name);
  }

  @Override
  public boolean netnsLeftover(String name) {
    return !added.contains(name) && !deleted.contains(name) && real.netnsLeftover(name);
  }

  @Override
  public void netnsRemoveLeftover(String name) {
    if (!netnsLeftover(name)) {
      throw new NativeException("netns del " + name, Errno.ENOENT, null);
    }
    deleted.add(name);
    operations.add("netns del " + name);
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
    try {
      // A namespace that does not exist yet starts from the kernel's defaults; the host's
      // value is the closest guess this side of creating it.
      return real.sysctl(simulated(netns) ? null : netns, key);
    } catch (NativeException e) {
      return "0";
    }
  }

  @Override
  public void setSysctl(String netns, String key, String value) {
    requireNetns(netns);
    sysctls.put(key(netns) + "\0" + key, value);
    operations.add(
        (netns == null ? "" : "ip netns exec " + netns + " ") + "sysctl -w " + key + "=" + value);
  }

  @Override
  public PingResult ping(String netns, Ip to, int count, int timeoutMs) {
    throw new IllegalStateException("no ICMP in a dry run: ping tasks are skipped in --check");
  }

  @Override
  public List<String> takeOperations() {
    List<String> out = List.copyOf(operations);
    operations.clear();
    return out;
  }

  @Override
  public void close() {
    // Nothing of our own: the real kernel is closed by whoever opened it.
  }

  private static String in(String netns) {
    return netns == null ? "" : "-n " + netns + " ";
  }

  /** One namespace's links, addresses and routes, copied from the kernel on first use. */
  private final class SimLinks implements Links {
    private final String netns;
    private final Links source;
    private List<Iface> ifaces;
    private List<AddrInfo> addrs;
    private final Map<Boolean, List<RouteInfo>> routes = new HashMap<>();

    SimLinks(String netns, Links source) {
      this.netns = netns;
      this.source = source;
    }

    private List<Iface> ifaces() {
      if (ifaces == null) {
        ifaces =
            source != null
                ? new ArrayList<>(source.all())
                : new ArrayList<>(List.of(new Iface(1, "lo", null, false, 0, 0, null, 0)));
      }
      return ifaces;
    }

    private List<AddrInfo> addrList() {
      if (addrs == null) {
        addrs = source != null ? new ArrayList<>(source.addrs()) : new ArrayList<>();
      }
      return addrs;
    }

    private List<RouteInfo> routeList(boolean v4) {
      return routes.computeIfAbsent(
          v4, k -> source != null ? new ArrayList<>(source.routes(v4)) : new ArrayList<>());
    }

    private Iface byIndex(int index) {
      return ifaces().stream()
          .filter(i -> i.index() == index)
          .findFirst()
          .orElseThrow(() -> new NativeException(in(netns) + "link " + index, Errno.ENODEV, null));
    }

    private void replace(Iface old, Iface now) {
      ifaces().set(ifaces().indexOf(old), now);
    }

    private int nextIndex() {
      return ifaces().stream().mapToInt(Iface::index).max().orElse(0) + 1;
    }

    /** Adds a link made elsewhere (a veth peer, a moved link); returns its index here. */
    int insert(Iface i) {
      if (get(i.name()).isPresent()) {
        throw new NativeException(in(netns) + "link add " + i.name(), Errno.EEXIST, null);
      }
      int index = nextIndex();
      ifaces()
          .add(
              new Iface(index, i.name(), i.kind(), i.up(), 0, i.peerIndex(), i.alias(), i.group()));
      return index;
    }

    @Override
    public List<Iface> all() {
      return List.copyOf(ifaces());
    }

    @Override
    public Optional<Iface> get(String name) {
      return ifaces().stream().filter(i -> i.name().equals(name)).findFirst();
    }

    @Override
    public int addVeth(String name, boolean up, String peer, String peerNetns, int group) {
      if (get(name).isPresent()) {
        throw new NativeException(in(netns) + "link add " + name, Errno.EEXIST, null);
      }
      int index = nextIndex();
      ifaces().add(new Iface(index, name, "veth", up, 0, 0, null, group));
      SimLinks other = (SimLinks) links(peerNetns);
      int peerIndex = other.insert(new Iface(0, peer, "veth", false, 0, index, null, group));
      replace(byIndex(index), new Iface(index, name, "veth", up, 0, peerIndex, null, group));
      operations.add(
          in(netns)
              + "link add "
              + name
              + " type veth peer "
              + peer
              + (Objects.equals(peerNetns, netns) ? "" : " netns " + peerNetns));
      return index;
    }

    @Override
    public int addBridge(String name, boolean up, int group) {
      if (get(name).isPresent()) {
        throw new NativeException(in(netns) + "link add " + name, Errno.EEXIST, null);
      }
      int index = nextIndex();
      ifaces().add(new Iface(index, name, "bridge", up, 0, 0, null, group));
      operations.add(in(netns) + "link add " + name + " type bridge");
      return index;
    }

    @Override
    public void setUp(int index, boolean up) {
      Iface i = byIndex(index);
      replace(
          i,
          new Iface(
              index, i.name(), i.kind(), up, i.master(), i.peerIndex(), i.alias(), i.group()));
      operations.add(in(netns) + "link set " + i.name() + (up ? " up" : " down"));
    }

    @Override
    public void setMaster(int index, int master) {
      Iface i = byIndex(index);
      replace(
          i,
          new Iface(
              index, i.name(), i.kind(), i.up(), master, i.peerIndex(), i.alias(), i.group()));
      operations.add(
          in(netns)
              + "link set "
              + i.name()
              + (master == 0 ? " nomaster" : " master " + byIndex(master).name()));
    }

    @Override
    public void setAlias(int index, String alias) {
      Iface i = byIndex(index);
      replace(
          i,
          new Iface(
              index, i.name(), i.kind(), i.up(), i.master(), i.peerIndex(), alias, i.group()));
      operations.add(in(netns) + "link set " + i.name() + " alias " + alias);
    }

    @Override
    public void moveTo(int index, String target) {
      Iface i = byIndex(index);
      ((SimLinks) links(target)).insert(i);
      ifaces().remove(i);
      addrList().removeIf(a -> a.index() == index);
      operations.add(
          in(netns) + "link set " + i.name() + " netns " + (target == null ? "(host)" : target));
    }

    @Override
    public void delete(int index) {
      Iface i = byIndex(index);
      ifaces().remove(i);
      addrList().removeIf(a -> a.index() == index);
      operations.add(in(netns) + "link del " + i.name());
    }

    @Override
    public void deleteGroup(int group) {
      List<Iface> members = ifaces().stream().filter(i -> i.group() == group).toList();
      members.forEach(i -> delete(i.index()));
    }

    @Override
    public List<AddrInfo> addrs() {
      return List.copyOf(addrList());
    }

    @Override
    public void addAddr(int index, Cidr cidr) {
      Iface i = byIndex(index);
      addrList().add(new AddrInfo(index, cidr));
      operations.add(in(netns) + "addr add " + cidr + " dev " + i.name());
    }

    @Override
    public void delAddr(int index, Cidr cidr) {
      Iface i = byIndex(index);
      addrList().remove(new AddrInfo(index, cidr));
      operations.add(in(netns) + "addr del " + cidr + " dev " + i.name());
    }

    @Override
    public List<RouteInfo> routes(boolean v4) {
      return List.copyOf(routeList(v4));
    }

    @Override
    public void addRoute(RouteInfo r, boolean v4, boolean replace) {
      List<RouteInfo> list = routeList(v4);
      if (replace) {
        list.removeIf(x -> Objects.equals(x.dst(), r.dst()));
      }
      list.add(r);
      operations.add(
          in(netns)
              + "route "
              + (replace ? "replace " : "add ")
              + (r.dst() == null ? "default" : r.dst().toString())
              + (r.gateway() == null ? "" : " via " + r.gateway()));
    }

    @Override
    public void delRoute(RouteInfo r, boolean v4) {
      routeList(v4).remove(r);
      operations.add(in(netns) + "route del " + (r.dst() == null ? "default" : r.dst()));
    }
  }

  /** One namespace's nf_tables as far as nsplay uses them, over what the kernel has. */
  private final class SimNft implements Nftables {
    private final String netns;
    private final Nftables source;
    private final Set<String> tables = new HashSet<>();
    private final Set<String> goneTables = new HashSet<>();
    private final Set<String> chains = new HashSet<>();
    private final Map<String, List<String>> comments = new HashMap<>();

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
      out.addAll(comments.getOrDefault(table + " " + chain, List.of()));
      return out;
    }

    @Override
    public void addMasquerade(String table, String chain, Cidr src, String out, String comment) {
      tables.add(table);
      chains.add(table + " " + chain);
      comments.computeIfAbsent(table + " " + chain, k -> new ArrayList<>()).add(comment);
      operations.add(
          (netns == null ? "" : "ip netns exec " + netns + " ")
              + "nft add rule ip "
              + table
              + " "
              + chain
              + " ip saddr "
              + src
              + " oifname "
              + out
              + " masquerade");
    }

    @Override
    public void deleteTable(String table) {
      tables.remove(table);
      goneTables.add(table);
      chains.removeIf(c -> c.startsWith(table + " "));
      comments.keySet().removeIf(c -> c.startsWith(table + " "));
      operations.add(
          (netns == null ? "" : "ip netns exec " + netns + " ") + "nft delete table ip " + table);
    }
  }
}

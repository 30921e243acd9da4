package nsplay.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import nsplay.kernel.AddrInfo;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.kernel.Links;
import nsplay.kernel.Nftables;
import nsplay.kernel.PingResult;
import nsplay.kernel.RouteInfo;
import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * A kernel held in memory for unit tests (the report model's, the engine's): read-only, pings
 * answered by a function.
 */
public final class FakeKernel implements Kernel {
  /** One namespace's contents; key null is the host. */
  static final class Ns {
    final List<Iface> links = new ArrayList<>();
    final Map<Integer, String> macs = new HashMap<>();
    final List<AddrInfo> addrs = new ArrayList<>();
    final List<RouteInfo> routes = new ArrayList<>();
    final Map<String, List<String>> nft = new HashMap<>();
    String forward = "0";

    Ns link(int index, String name, String kind, int master, int peer, String alias) {
      links.add(new Iface(index, name, kind, true, master, peer, alias, 0));
      macs.put(index, String.format("02:00:00:00:00:%02x", index));
      return this;
    }

    Ns addr(int index, String cidr) {
      addrs.add(new AddrInfo(index, Cidr.parse(cidr)));
      return this;
    }

    Ns route(String dst, String via, int oif) {
      routes.add(
          new RouteInfo(
              dst == null ? null : Cidr.parse(dst), via == null ? null : Ip.parse(via), oif));
      return this;
    }
  }

  private final String hostNetns;
  final Map<String, Ns> ns = new HashMap<>();
  final Set<String> sent = ConcurrentHashMap.newKeySet();
  public BiFunction<String, Ip, Boolean> answers = (from, to) -> true;

  public FakeKernel(String hostNetns) {
    this.hostNetns = hostNetns;
    ns.put(key(null), new Ns());
  }

  Ns host() {
    return ns.get(key(null));
  }

  Ns add(String name) {
    Ns n = new Ns();
    ns.put(name, n);
    return n;
  }

  private static String key(String netns) {
    return netns == null ? "" : netns;
  }

  @Override
  public String hostNetns() {
    return hostNetns;
  }

  @Override
  public boolean netnsExists(String name) {
    return ns.containsKey(name);
  }

  @Override
  public long netnsInode(String name) {
    return ns.containsKey(name) ? name.hashCode() & 0xffff : -1;
  }

  @Override
  public List<String> netnsList() {
    return ns.keySet().stream().filter(k -> !k.isEmpty()).sorted().toList();
  }

  @Override
  public void netnsAdd(String name, java.util.function.LongConsumer beforeNaming) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void netnsDelete(String name) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Links links(String netns) {
    Ns n = ns.get(key(netns));
    return new Links() {
      @Override
      public List<Iface> all() {
        return List.copyOf(n.links);
      }

      @Override
      public Map<Integer, String> macs() {
        return Map.copyOf(n.macs);
      }

      @Override
      public Optional<Iface> get(String name) {
        return n.links.stream().filter(i -> i.name().equals(name)).findFirst();
      }

      @Override
      public int addVeth(String name, boolean up, String peer, String peerNetns, int group) {
        throw new UnsupportedOperationException();
      }

      @Override
      public int addBridge(String name, boolean up, int group) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void setUp(int index, boolean up) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void setMaster(int index, int master) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void setAlias(int index, String alias) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void moveTo(int index, String target) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void delete(int index) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void deleteGroup(int group) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<AddrInfo> addrs() {
        return List.copyOf(n.addrs);
      }

      @Override
      public void addAddr(int index, Cidr cidr) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void delAddr(int index, Cidr cidr) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<RouteInfo> routes(boolean v4) {
        return n.routes.stream()
            .filter(r -> (r.dst() == null ? r.gateway().isV4() : r.dst().address().isV4()) == v4)
            .toList();
      }

      @Override
      public void addRoute(RouteInfo r, boolean v4, boolean replace) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void delRoute(RouteInfo r, boolean v4) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Override
  public Nftables nft(String netns) {
    Ns n = ns.get(key(netns));
    return new Nftables() {
      @Override
      public boolean hasTable(String table) {
        return n.nft.containsKey(table);
      }

      @Override
      public boolean hasChain(String table, String chain) {
        return n.nft.containsKey(table) && chain.equals("postrouting");
      }

      @Override
      public List<String> ruleComments(String table, String chain) {
        return n.nft.get(table);
      }

      @Override
      public void addMasquerade(
          String table, String chain, Cidr source, String out, String comment) {
        throw new UnsupportedOperationException();
      }

      @Override
      public void deleteTable(String table) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Override
  public String sysctl(String netns, String key) {
    return ns.get(key(netns)).forward;
  }

  @Override
  public void setSysctl(String netns, String key, String value) {
    throw new UnsupportedOperationException();
  }

  @Override
  public PingResult ping(String netns, Ip to, int count, int timeoutMs) {
    sent.add(netns + " " + to);
    return answers.apply(netns, to)
        ? new PingResult(count, List.of(0.25))
        : new PingResult(count, List.of());
  }

  @Override
  public List<String> takeOperations() {
    return List.of();
  }

  @Override
  public void close() {}
}

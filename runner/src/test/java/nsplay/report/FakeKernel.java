package nsplay.report;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.LongConsumer;
import nsplay.kernel.AddrInfo;
import nsplay.kernel.DryRunKernel;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.kernel.Links;
import nsplay.kernel.Nftables;
import nsplay.kernel.PingResult;
import nsplay.kernel.RouteInfo;
import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * A kernel held in memory for unit tests (the report model's, the engine's): the in-memory kernel
 * ({@link DryRunKernel} over nothing), seeded with a described machine, with pings answered by a
 * function. Reads and writes are the in-memory kernel's own: there is no third copy of the verbs
 * here.
 */
public final class FakeKernel implements Kernel {
  /** One namespace's starting contents; null is the host. */
  final class Ns {
    private final String netns;

    Ns(String netns) {
      this.netns = netns;
    }

    /** Puts {@code link} as given (replacing the one of its ifindex), group and state included. */
    Ns put(Iface link) {
      mem.seedLink(netns, link, String.format("02:00:00:00:00:%02x", link.index()));
      return this;
    }

    Ns link(int index, String name, String kind, int master, int peer, String alias) {
      mem.seedLink(
          netns,
          new Iface(index, name, kind, true, master, peer, alias, 0),
          String.format("02:00:00:00:00:%02x", index));
      return this;
    }

    Ns addr(int index, String cidr) {
      mem.seedAddr(netns, new AddrInfo(index, Cidr.parse(cidr)));
      return this;
    }

    Ns route(String dst, String via, int oif) {
      mem.seedRoute(
          netns,
          new RouteInfo(
              dst == null ? null : Cidr.parse(dst), via == null ? null : Ip.parse(via), oif));
      return this;
    }

    Ns forward(String value) {
      mem.seedSysctl(netns, "net.ipv4.ip_forward", value);
      return this;
    }

    Ns nft(String table, List<String> comments) {
      mem.seedNftRules(netns, table, "postrouting", comments);
      return this;
    }
  }

  private final String hostNetns;
  private final DryRunKernel mem = new DryRunKernel();
  final Map<String, Ns> ns = new HashMap<>();
  final Set<String> sent = ConcurrentHashMap.newKeySet();
  public BiFunction<String, Ip, Boolean> answers = (from, to) -> true;

  public FakeKernel(String hostNetns) {
    this.hostNetns = hostNetns;
    ns.put("", new Ns(null));
  }

  Ns host() {
    return ns.get("");
  }

  /** A namespace, made through the in-memory kernel. */
  Ns add(String name) {
    mem.netnsAdd(name, null, inode -> {});
    mem.takeOperations();
    Ns n = new Ns(name);
    ns.put(name, n);
    return n;
  }

  @Override
  public String hostNetns() {
    return hostNetns;
  }

  @Override
  public boolean hasLinkKind(String kind) {
    return mem.hasLinkKind(kind);
  }

  @Override
  public boolean netnsExists(String name) {
    return mem.netnsExists(name);
  }

  @Override
  public long netnsInode(String name) {
    return mem.netnsInode(name);
  }

  @Override
  public List<String> netnsList() {
    return mem.netnsList();
  }

  @Override
  public void netnsAdd(String name, String loAlias, LongConsumer beforeNaming) {
    mem.netnsAdd(name, loAlias, beforeNaming);
  }

  @Override
  public void netnsDelete(String name) {
    mem.netnsDelete(name);
  }

  @Override
  public Links links(String netns) {
    return mem.links(netns);
  }

  @Override
  public Nftables nft(String netns) {
    return mem.nft(netns);
  }

  @Override
  public String sysctl(String netns, String key) {
    return mem.sysctl(netns, key);
  }

  @Override
  public void setSysctl(String netns, String key, String value) {
    mem.setSysctl(netns, key, value);
  }

  @Override
  public nsplay.kernel.EtcFile.Seen etcRead(nsplay.kernel.EtcFile f) {
    return mem.etcRead(f);
  }

  @Override
  public void etcWrite(nsplay.kernel.EtcFile f, String content) {
    mem.etcWrite(f, content);
  }

  @Override
  public boolean etcRemove(nsplay.kernel.EtcFile f) {
    return mem.etcRemove(f);
  }

  @Override
  public boolean etcRemoveFolder(String netns) {
    return mem.etcRemoveFolder(netns);
  }

  @Override
  public PingResult ping(String netns, Ip to, int count, int timeoutMs) {
    sent.add(netns + " " + to);
    return answers.apply(netns, to)
        ? new PingResult(count, List.of(0.25))
        : new PingResult(count, List.of());
  }

  @Override
  public nsplay.kernel.TcpResult tcpConnect(String netns, Ip to, int port, int timeoutMs) {
    return mem.tcpConnect(netns, to, port, timeoutMs);
  }

  @Override
  public nsplay.kernel.HttpResult httpGet(
      String netns, Ip to, int port, String host, String path, int timeoutMs) {
    return mem.httpGet(netns, to, port, host, path, timeoutMs);
  }

  @Override
  public nsplay.kernel.PacketSocket capture(String netns, String link) {
    return mem.capture(netns, link);
  }

  @Override
  public nsplay.kernel.CommandResult run(String netns, List<String> argv, int timeoutMs) {
    return mem.run(netns, argv, timeoutMs);
  }

  @Override
  public List<String> takeOperations() {
    return mem.takeOperations();
  }

  @Override
  public void close() {
    mem.close();
  }
}

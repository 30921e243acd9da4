package nsplay.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import nsplay.jni.Errno;
import nsplay.jni.NativeException;
import nsplay.jni.Sys;
import nsplay.net.Ip;
import nsplay.netlink.Nl;
import nsplay.util.Threads;

/**
 * The kernel as the tasks see it: namespaces by name, and per namespace its links, nf_tables and
 * sysctls. A namespace name of null means the lab's host: the process's own namespace, or the one
 * given with --host-netns so that a whole lab, "host" included, can live in a throwaway namespace.
 *
 * <p>Keeps one rtnetlink and one nfnetlink socket per namespace for the whole run, opened on first
 * use: opening a socket inside a namespace costs two setns calls.
 *
 * <p>One thread at a time, except that {@link #netnsDelete} may run on a second thread while the
 * first works on links elsewhere (down removes namespaces during its group delete), and that {@link
 * #readAhead} reads on a thread of its own: the bookkeeping they share is synchronized.
 */
public final class LiveKernel implements Kernel {
  /** Where iproute2 keeps named namespaces; ours live there too so `ip netns` sees them. */
  private static final String HOST = "";

  private final String hostNetns;
  private final CrashPoint crash = CrashPoint.fromEnvironment();
  private final List<Op> operations = new ArrayList<>();

  /** One receive buffer for all our netlink sockets (see NetlinkSocket). */
  private final byte[] receiveBuffer = new byte[NetlinkSocket.BUFFER];

  private final Map<String, Links> links = new HashMap<>();

  /** Read by the second thread of {@link #readAhead}, not taken by {@link #links} yet. */
  private final Map<String, NetlinkLinks> readAhead = new ConcurrentHashMap<>();

  private volatile boolean stopReading;
  private Thread reader;
  private final Map<String, Nftables> nft = new HashMap<>();
  private final Map<String, List<NetlinkSocket>> sockets = new HashMap<>();

  /**
   * @param hostNetns the namespace that plays the host, or null for our own
   */
  public LiveKernel(String hostNetns) {
    this.hostNetns = hostNetns;
  }

  public String hostNetns() {
    return hostNetns;
  }

  /** The file of a namespace; null (the calling thread's own) for the real host. */
  Path path(String netns) {
    String name = netns != null ? netns : hostNetns;
    return name == null ? null : NETNS_DIR.resolve(name);
  }

  /** Equivalent to: {@code ip netns list | grep -x NAME}. */
  @Override
  public boolean netnsExists(String name) {
    return Files.exists(NETNS_DIR.resolve(name));
  }

  /** The namespace's identity (its nsfs inode), or -1 when it does not exist. */
  @Override
  public long netnsInode(String name) {
    try {
      return ((Number) Files.getAttribute(NETNS_DIR.resolve(name), "unix:ino")).longValue();
    } catch (java.nio.file.NoSuchFileException e) {
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The nsfs inode of the namespace an fd holds: what `ls -iL /run/netns/NAME` shows. */
  private static long inodeOfFd(int fd) {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self/fd/" + fd), "unix:ino")).longValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Equivalent to: {@code ip netns list}. */
  @Override
  public List<String> netnsList() {
    if (!Files.isDirectory(NETNS_DIR)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(NETNS_DIR)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Equivalent to: {@code ip netns add NAME}. */
  @Override
  public void netnsAdd(String name, java.util.function.LongConsumer beforeNaming) {
    changing();
    int fd = Sys.netnsNew();
    try {
      beforeNaming.accept(inodeOfFd(fd));
      Sys.netnsName(fd, NETNS_DIR.resolve(name));
    } finally {
      Sys.close(fd); // the name (a bind mount) holds it from now on
    }
    changed(List.of(new Op.NetnsAdd(name)));
  }

  /**
   * Equivalent to: {@code ip netns del NAME}. Our own sockets in it are closed first: an open
   * socket keeps a namespace, and every link in it, alive.
   */
  public void netnsDelete(String name) {
    changing();
    forget(name);
    Sys.netnsDelete(NETNS_DIR.resolve(name));
    changed(List.of(new Op.NetnsDel(name)));
  }

  /** Closes and forgets the sockets opened in {@code name}. */
  private synchronized void forget(String name) {
    links.remove(name);
    nft.remove(name);
    for (NetlinkSocket s : sockets.getOrDefault(name, List.of())) {
      s.close();
    }
    sockets.remove(name);
  }

  /** rtnetlink in {@code netns} (null: the host). */
  @Override
  public synchronized Links links(String netns) {
    String key = key(netns);
    Links l = links.get(key);
    if (l == null) {
      // Only this thread stops the reader, so a reading still here after a check is current.
      l = stopReading ? null : readAhead.remove(key);
      if (l == null) {
        l = new NetlinkLinks(this, open(netns, Nl.NETLINK_ROUTE), netns);
      }
      links.put(key, l);
    }
    return l;
  }

  /** A new rtnetlink socket in {@code netns}, for links whose socket was released. */
  synchronized NetlinkSocket openRoute(String netns) {
    return open(netns, Nl.NETLINK_ROUTE);
  }

  /**
   * Reads the links, addresses and IPv4 routes of namespaces {@code names} on a second thread, in
   * that order, for {@link #links} to take: a re-run of a 500-namespace lab spends ~0.1 s opening a
   * socket in each namespace and reading it, which the second CPU can do while the first thread
   * evaluates templates. Only until the first change: a change anywhere (a veth's peer, a sysctl)
   * may make a reading stale, so what was read ahead and not taken yet is dropped then, and the
   * thread stops.
   */
  @Override
  public synchronized void readAhead(List<String> names) {
    if (reader != null || stopReading || names.isEmpty()) {
      return;
    }
    byte[] buf = new byte[NetlinkSocket.BUFFER];
    reader = new Thread(() -> readAheadLoop(names, buf), "nsplay-read-ahead");
    reader.setDaemon(true);
    reader.start();
  }

  private void readAheadLoop(List<String> names, byte[] buf) {
    for (String name : names) {
      if (stopReading) {
        return;
      }
      synchronized (this) {
        if (links.containsKey(name)) {
          continue; // the run got there first
        }
      }
      Path p = NETNS_DIR.resolve(name);
      try {
        NetlinkLinks l =
            new NetlinkLinks(
                this, new NetlinkSocket(p, Nl.NETLINK_ROUTE, this::changed, buf), name);
        l.readAll();
        readAhead.put(name, l);
      } catch (NativeException | UncheckedIOException e) {
        continue; // gone, or unreadable: the run finds out for itself
      }
      if (stopReading) {
        readAhead.remove(name); // a change raced with this reading
      }
    }
  }

  /** Something is about to change: what was read ahead may be stale (see {@link #readAhead}). */
  void changing() {
    if (!stopReading) {
      stopReading = true;
      readAhead.clear();
    }
  }

  /** nf_tables in {@code netns} (null: the host). */
  @Override
  public synchronized Nftables nft(String netns) {
    String key = key(netns);
    Nftables n = nft.get(key);
    if (n == null) {
      n = new NetlinkNftables(open(netns, Nl.NETLINK_NETFILTER), netns);
      nft.put(key, n);
    }
    return n;
  }

  private static String key(String netns) {
    return netns == null ? HOST : netns;
  }

  private NetlinkSocket open(String netns, int protocol) {
    Path p = path(netns);
    if (p != null && !Files.exists(p)) {
      throw new NativeException(
          "open " + p, Errno.ENOENT, "namespace " + p.getFileName() + " does not exist");
    }
    NetlinkSocket s = new NetlinkSocket(p, protocol, this::changed, receiveBuffer);
    sockets.computeIfAbsent(key(netns), k -> new ArrayList<>()).add(s);
    return s;
  }

  /** Links of {@code netns} changed from another namespace (a veth peer, a moved link). */
  synchronized void changedIn(String netns) {
    changing();
    NetlinkLinks l = (NetlinkLinks) links.get(key(netns));
    if (l != null) {
      l.markChanged();
    }
  }

  /** A change whose reach is not known (a group delete): every namespace's reads are stale. */
  synchronized void changedEverywhere() {
    changing();
    links.values().forEach(l -> ((NetlinkLinks) l).markChanged());
  }

  /** An fd for IFLA_NET_NS_FD; the caller closes it. */
  int openNetns(String netns) {
    return Sys.openNs(path(netns));
  }

  /** Equivalent to: {@code ip netns exec NS sysctl -n KEY}. */
  @Override
  public String sysctl(String netns, String key) {
    return Sys.readFileIn(path(netns), procPath(key)).trim();
  }

  /** Equivalent to: {@code ip netns exec NS sysctl -w KEY=VALUE}. */
  @Override
  public void setSysctl(String netns, String key, String value) {
    changing();
    Sys.writeFileIn(path(netns), procPath(key), value + "\n");
    changed(List.of(new Op.Sysctl(netns, key, value)));
  }

  private static final Pattern NET_SYSCTL = Pattern.compile("net\\.[^./]+([./][^./]+)*");

  /**
   * Whether {@code key} names a per-namespace network sysctl, the only kind nsplay reads or writes
   * (a journal, which anyone with root can edit, could name any other).
   */
  public static boolean isNetworkSysctl(String key) {
    return NET_SYSCTL.matcher(key).matches() && !key.contains("..");
  }

  /**
   * {@code net.ipv4.conf.eth0/100.forwarding} → {@code
   * /proc/sys/net/ipv4/conf/eth0.100/forwarding}: sysctl(8) writes a dot inside a name as '/', so
   * the two characters swap.
   */
  static String procPath(String key) {
    // Only per-namespace network sysctls, and no way out of /proc/sys/net: whatever a journal
    // (which anyone with root can edit) names, nothing else is ever read or written.
    if (!isNetworkSysctl(key)) {
      throw new IllegalArgumentException("not a network sysctl: " + key);
    }
    StringBuilder sb = new StringBuilder("/proc/sys/");
    for (char c : key.toCharArray()) {
      sb.append(c == '.' ? '/' : c == '/' ? '.' : c);
    }
    return sb.toString();
  }

  /** Equivalent to: {@code ip netns exec NS ping -c COUNT -W TIMEOUT TO}. */
  @Override
  public PingResult ping(String netns, Ip to, int count, int timeoutMs) {
    return Icmp.ping(path(netns), to, count, timeoutMs);
  }

  /**
   * Records one kernel change, one request or one nf_tables transaction of one or more ops (for -v
   * and --json), and gives the crash hook its chance: once per change, not per op.
   */
  private synchronized void changed(List<Op> ops) {
    changing();
    operations.addAll(ops);
    crash.changed();
  }

  @Override
  public synchronized List<String> takeOperations() {
    List<String> out = new ArrayList<>(operations.size());
    for (Op o : operations) {
      out.add(o.words());
    }
    operations.clear();
    return out;
  }

  @Override
  public void close() {
    changing();
    Thread t;
    synchronized (this) {
      t = reader;
    }
    // Not holding the lock: the reader takes it between namespaces. It stops after the one it is
    // reading, and closes that socket itself.
    Threads.joinUninterruptibly(t);
    synchronized (this) {
      for (String k : new ArrayList<>(sockets.keySet())) {
        forget(k);
      }
    }
  }
}

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
import nsplay.netlink.Message;
import nsplay.netlink.Nl;
import nsplay.netlink.rtnl.LinkRequest;
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

  @Override
  public long netnsBorn(String name) {
    try {
      NetnsFile f = netnsFile(name);
      return f == null || f.leftover() ? 0 : f.born();
    } catch (RuntimeException e) {
      return 0; // unknown: the caller checks the token instead
    }
  }

  /**
   * One lstat for all that down asks of a name: a mounted name resolves to an nsfs inode (mode
   * 0444, nsfs's device); a leftover is an empty regular file of mode 0 on another device. Not
   * following a symbolic link: a link under a namespace's name is no namespace of the lab's.
   */
  @Override
  public NetnsFile netnsFile(String name) {
    Map<String, Object> a;
    try {
      a =
          Files.readAttributes(
              NETNS_DIR.resolve(name),
              "unix:ino,ctime,mode,size,dev",
              java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (java.nio.file.FileSystemException e) {
      // None there, or none can be (a name too long for a file): what netnsExists says then.
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int mode = (Integer) a.get("mode");
    boolean leftover =
        (mode & S_IFMT) == S_IFREG
            && (mode & 07777) == 0
            && ((Number) a.get("size")).longValue() == 0
            && ((Number) a.get("dev")).longValue() != nsfsDevice();
    long born =
        ((java.nio.file.attribute.FileTime) a.get("ctime"))
            .to(java.util.concurrent.TimeUnit.NANOSECONDS);
    return new NetnsFile(((Number) a.get("ino")).longValue(), born, leftover);
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

  /** lo's ifindex in every namespace: the kernel registers it first (LOOPBACK_IFINDEX). */
  private static final int LOOPBACK_IFINDEX = 1;

  /**
   * Asks the kernel to create a link of {@code kind} named "probe" in a scratch namespace that has
   * no name and dies with its fds: the answer "Unknown device type" (EOPNOTSUPP) means the kernel
   * has no such kind (with modules, it has first tried to load rtnl-link-KIND); any other answer,
   * success or a complaint about the missing parent or id, means it has. Nothing is left, even if
   * the process dies in between.
   */
  @Override
  public boolean hasLinkKind(String kind) {
    int ns = Sys.netnsNew();
    try (NetlinkSocket s =
        NetlinkSocket.inNamespaceOf(ns, Nl.NETLINK_ROUTE, ops -> {}, receiveBuffer)) {
      s.requestQuietly(
          "link add probe type " + kind + " (in a scratch namespace)",
          seq -> LinkRequest.create().name("probe").linkInfo(kind, null).build(seq));
      return true;
    } catch (NativeException e) {
      return e.errno() != Errno.EOPNOTSUPP;
    } finally {
      Sys.close(ns);
    }
  }

  /**
   * Equivalent to: {@code ip netns add NAME; ip -n NAME link set lo alias LO_ALIAS}, step by step:
   * the namespace is created unnamed, the caller records it ({@code beforeNaming}), its lo gets the
   * alias, then it is named: its file is created, and the namespace mounted on it. A crash between
   * those two leaves a file that is no namespace, which {@link #netnsLeftover} recognises and the
   * next run removes. {@link CrashPoint} can cut at each step.
   *
   * <p>The alias goes through an rtnetlink socket opened in the namespace through its fd, before
   * the name exists: a namespace of the lab never has its name without its mark, so a namespace
   * under that name without the mark is someone else's (see nsplay.state.Ownership). That socket
   * then serves as the namespace's own for the rest of the run, so the mark costs one request, not
   * a socket.
   */
  @Override
  public void netnsAdd(String name, String loAlias, java.util.function.LongConsumer beforeNaming) {
    changing();
    Path path = NETNS_DIR.resolve(name);
    int fd = Sys.netnsNew();
    NetlinkSocket route = null;
    boolean named = false;
    try {
      crash.at(CrashPoint.NETNS_ADD_AFTER_NEW);
      beforeNaming.accept(inodeOfFd(fd));
      crash.at(CrashPoint.NETNS_ADD_AFTER_RECORD);
      if (loAlias != null) {
        route = NetlinkSocket.inNamespaceOf(fd, Nl.NETLINK_ROUTE, this::changed, receiveBuffer);
        // Part of "netns add": not an operation of its own in -v and --json.
        route.requestQuietly(
            new Op.LinkSetAlias(name, "lo", loAlias, false),
            seq -> LinkRequest.change(LOOPBACK_IFINDEX).alias(loAlias).build(seq));
      }
      crash.at(CrashPoint.NETNS_ADD_AFTER_ALIAS);
      Sys.netnsFile(path);
      crash.at(CrashPoint.NETNS_ADD_AFTER_FILE);
      try {
        Sys.netnsMount(fd, path);
      } catch (NativeException e) {
        try {
          Sys.unlink(path); // ours, just made, and no namespace: not a leftover for later
        } catch (NativeException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
      named = true;
    } finally {
      Sys.close(fd); // the name (a bind mount) holds it from now on
      if (route != null && !named) {
        route.close();
      }
    }
    if (route != null) {
      adopt(name, route);
    }
    changed(List.of(new Op.NetnsAdd(name)));
  }

  /** Makes {@code route} the rtnetlink socket of the new namespace {@code name}. */
  private synchronized void adopt(String name, NetlinkSocket route) {
    forget(name); // anything still kept under the name was of a namespace that is gone
    sockets.computeIfAbsent(name, k -> new ArrayList<>()).add(route);
    links.put(name, new NetlinkLinks(this, route, name));
  }

  /**
   * Equivalent to: {@code ip netns del NAME}: unmount, then remove the file (a crash between leaves
   * a leftover, see {@link #netnsLeftover}). Our own sockets in it are closed first: an open socket
   * keeps a namespace, and every link in it, alive.
   */
  @Override
  public void netnsDelete(String name) {
    changing();
    forget(name);
    Path path = NETNS_DIR.resolve(name);
    Sys.netnsUmount(path);
    crash.at(CrashPoint.NETNS_DEL_AFTER_UMOUNT);
    Sys.unlink(path);
    changed(List.of(new Op.NetnsDel(name)));
  }

  private static final int S_IFMT = 0170000;
  private static final int S_IFREG = 0100000;

  /** The device of nsfs, the file system of every namespace inode; read once. */
  private static volatile Long nsfsDevice;

  private static long nsfsDevice() {
    Long d = nsfsDevice;
    if (d == null) {
      try {
        // Any namespace's magic link resolves to an nsfs inode; all share one superblock.
        d =
            ((Number) Files.getAttribute(Path.of("/proc/thread-self/ns/net"), "unix:dev"))
                .longValue();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      nsfsDevice = d;
    }
    return d;
  }

  /**
   * Whether {@code /run/netns/NAME} is an empty regular file of mode 0 on which no namespace is
   * mounted: what {@code ip netns add} and {@code del} (and ours) leave when killed between the
   * file and the mount. A mounted name resolves to an nsfs inode (mode 0444, nsfs's device).
   */
  @Override
  public boolean netnsLeftover(String name) {
    NetnsFile f = netnsFile(name);
    return f != null && f.leftover();
  }

  /**
   * Equivalent to: {@code ip netns del NAME} of a leftover (see {@link #netnsLeftover}): only the
   * unlink, which fails with EBUSY should a namespace have been mounted on it since.
   */
  @Override
  public void netnsRemoveLeftover(String name) {
    changing();
    forget(name);
    Sys.unlink(NETNS_DIR.resolve(name));
    changed(List.of(new Op.NetnsDel(name)));
  }

  /** The receive buffer of {@link #loAlias}, which runs beside the run's own sockets. */
  private final byte[] sideBuffer = new byte[64 * 1024];

  /**
   * Equivalent to: {@code ip -n NAME link show lo}, reduced to its alias. On a socket of its own,
   * closed at once, with a receive buffer of its own: teardown asks on its second thread, right
   * before it removes the namespace, while the first thread deletes links through the shared one.
   */
  @Override
  public String loAlias(String name) {
    synchronized (sideBuffer) {
      try (NetlinkSocket s =
          new NetlinkSocket(NETNS_DIR.resolve(name), Nl.NETLINK_ROUTE, op -> {}, sideBuffer)) {
        Message m = s.get("-n " + name + " link show lo", seq -> LinkRequest.getByName(seq, "lo"));
        return nsplay.netlink.rtnl.Link.decode(m).alias();
      }
    }
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

  private final Map<String, Boolean> qdiscKinds = new java.util.concurrent.ConcurrentHashMap<>();

  /** Asked once per kind, on the lab's host's lo; changes nothing. */
  @Override
  public java.util.Optional<Boolean> hasQdiscKind(String kind) {
    try {
      return java.util.Optional.of(
          qdiscKinds.computeIfAbsent(kind, k -> ((NetlinkLinks) links(null)).hasQdiscKind(k)));
    } catch (NativeException e) {
      return java.util.Optional.empty();
    }
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

  @Override
  public EtcFile.Seen etcRead(EtcFile f) {
    return EtcFiles.read(f);
  }

  @Override
  public void etcWrite(EtcFile f, String content) {
    EtcFiles.write(f, content);
    changed(List.of(new Op.EtcWrite(f, content)));
  }

  @Override
  public boolean etcRemove(EtcFile f) {
    boolean removed = EtcFiles.remove(f);
    if (removed) {
      changed(List.of(new Op.EtcRemove(f)));
    }
    return removed;
  }

  @Override
  public boolean etcRemoveFolder(String netns) {
    boolean removed =
        EtcFiles.removeFolder(netns == null ? EtcFile.ROOT : new EtcFile(netns, "-").folder());
    if (removed) {
      changed(List.of(new Op.EtcRemoveFolder(netns)));
    }
    return removed;
  }

  /** Equivalent to: {@code ip netns exec NS ping -c COUNT -W TIMEOUT TO}. */
  @Override
  public PingResult ping(String netns, Ip to, int count, int timeoutMs) {
    return Icmp.ping(path(netns), to, count, timeoutMs);
  }

  @Override
  public TcpResult tcpConnect(String netns, Ip to, int port, int timeoutMs) {
    return Tcp.connect(path(netns), to, port, timeoutMs);
  }

  @Override
  public HttpResult httpGet(
      String netns, Ip to, int port, String host, String path, int timeoutMs) {
    return Tcp.get(path(netns), to, port, host, path, timeoutMs);
  }

  @Override
  public PacketSocket capture(String netns, String link) {
    Iface i =
        links(netns)
            .get(link)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no link " + link + (netns == null ? " on the host" : " in " + netns)));
    return PacketSocket.open(path(netns), i.index());
  }

  @Override
  public CommandResult run(String netns, List<String> argv, int timeoutMs) {
    return Programs.run(path(netns), argv, timeoutMs);
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

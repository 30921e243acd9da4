package nsplay.kernel;

import java.nio.file.Path;
import java.util.List;
import nsplay.net.Ip;

/**
 * The kernel as the tasks see it: namespaces by name, and per namespace its links, nf_tables and
 * sysctls. A namespace name of null means the lab's host: the process's own namespace, or the one
 * given with --host-netns so that a whole lab, "host" included, can live in a throwaway namespace.
 *
 * <p>Two implementations: {@link LiveKernel} changes the real kernel; {@link DryRunKernel} reads it
 * but keeps every change in memory, which is how --check reports what a whole playbook would do,
 * later tasks seeing what earlier ones would have made.
 */
public interface Kernel extends AutoCloseable {
  /** Where iproute2 keeps named namespaces; ours live there too so `ip netns` sees them. */
  Path NETNS_DIR = Path.of("/run/netns");

  /** The namespace that plays the host, or null for the process's own. */
  String hostNetns();

  /** Equivalent to: {@code ip netns list | grep -x NAME}. */
  boolean netnsExists(String name);

  /** The namespace's identity (its nsfs inode), or -1 when it does not exist. */
  long netnsInode(String name);

  /**
   * When namespace {@code name}'s nsfs inode was made (its ctime, in nanoseconds since the epoch),
   * or 0 when unknown. With the inode number it tells one namespace from a later one that got the
   * same number (the kernel reuses them), at the cost of a stat: teardown's check before removing a
   * namespace, which otherwise reads the token on its lo through a socket inside it.
   */
  default long netnsBorn(String name) {
    return 0;
  }

  /**
   * Namespace {@code name}'s file as one stat finds it (see {@link NetnsFile}), or null when there
   * is none ({@link #netnsExists} false): its inode ({@link #netnsInode}), its birth ({@link
   * #netnsBorn}) and whether it is a leftover ({@link #netnsLeftover}), for who asks all three of
   * the same name, as down does.
   */
  default NetnsFile netnsFile(String name) {
    if (!netnsExists(name)) {
      return null;
    }
    return new NetnsFile(netnsInode(name), netnsBorn(name), netnsLeftover(name));
  }

  /** Equivalent to: {@code ip netns list}. */
  List<String> netnsList();

  /**
   * Equivalent to: {@code ip netns add NAME; ip -n NAME link set lo alias LO_ALIAS}, in steps: the
   * namespace is created, then {@code beforeNaming} gets its identity (nsfs inode), then its lo
   * gets the alias {@code loAlias} (null: none), then it gets its name. A journal that records the
   * identity there never names a namespace without saying which one, and a namespace of the lab
   * never has a name without its mark.
   */
  void netnsAdd(String name, String loAlias, java.util.function.LongConsumer beforeNaming);

  /** Equivalent to: {@code ip netns del NAME}. */
  void netnsDelete(String name);

  /**
   * Whether the name {@code NAME} in /run/netns is an unfinished leftover, no namespace: an empty
   * file that nothing is mounted on, what a run killed between creating a name's file and mounting
   * the namespace on it (or between unmounting and removing it) leaves. {@code ip netns list} shows
   * it, and cannot enter it.
   */
  default boolean netnsLeftover(String name) {
    return false;
  }

  /** Removes a leftover name ({@link #netnsLeftover}); never a mounted namespace. */
  default void netnsRemoveLeftover(String name) {
    throw new UnsupportedOperationException("netns del " + name);
  }

  /**
   * Equivalent to: {@code ip -n NAME link show lo}, reduced to its alias (null: none). Safe on a
   * second thread while the first works on {@link #links}: teardown checks each namespace's mark
   * right before it removes it, while the links go.
   */
  default String loAlias(String name) {
    return links(name).get("lo").map(Iface::alias).orElse(null);
  }

  /**
   * Whether this kernel makes links of {@code kind} (IFLA_INFO_KIND: "vlan", "bond", "dummy"), with
   * no change anywhere to be seen: asked once, before a run, so that a lab this kernel cannot build
   * fails before its first change. Equivalent to: {@code ip netns add S; ip -n S link add probe
   * type KIND} answering other than "Unknown device type"; {@code ip netns del S}.
   */
  boolean hasLinkKind(String kind);

  /** Links, addresses and routes in {@code netns} (null: the host). */
  Links links(String netns);

  /** nf_tables in {@code netns} (null: the host). */
  Nftables nft(String netns);

  /**
   * A hint: the run will read the links, addresses and routes of these namespaces, in this order;
   * an implementation may read them ahead. Reads after it are the same with or without it.
   */
  default void readAhead(List<String> names) {}

  /**
   * Whether the kernel has qdisc kind {@code kind} ("netem"): asked once, without changing anything
   * (a create request without options on the lab's host's lo, which a kind it has refuses in its
   * init and a kind it lacks with ENOENT). Empty when it cannot tell.
   */
  default java.util.Optional<Boolean> hasQdiscKind(String kind) {
    return java.util.Optional.empty();
  }

  /** Equivalent to: {@code ip netns exec NS sysctl -n KEY}. */
  String sysctl(String netns, String key);

  /** Equivalent to: {@code ip netns exec NS sysctl -w KEY=VALUE}. */
  void setSysctl(String netns, String key, String value);

  /**
   * Equivalent to: {@code cat /etc/netns/NETNS/NAME}, with whether the folders exist (see {@link
   * EtcFile.Seen}). Not a kernel's, but the namespace's own /etc: kept here so that --check
   * simulates it like the rest.
   */
  EtcFile.Seen etcRead(EtcFile f);

  /**
   * Equivalent to: {@code mkdir -p /etc/netns/NETNS; cat > .NAME.nsplay; mv .NAME.nsplay NAME}: the
   * file is replaced at once (write to a temporary file, then rename), never seen half written.
   */
  void etcWrite(EtcFile f, String content);

  /**
   * Equivalent to: {@code rm -f /etc/netns/NETNS/NAME} (and nsplay's temporary file of it, which a
   * write cut short leaves). Whether there was a file to remove.
   */
  boolean etcRemove(EtcFile f);

  /**
   * Equivalent to: {@code rmdir /etc/netns/NETNS} ({@code netns} null: {@code /etc/netns} itself),
   * only when it is an empty folder; whether it was removed.
   */
  boolean etcRemoveFolder(String netns);

  /** Equivalent to: {@code ip netns exec NS ping -c COUNT -W TIMEOUT TO}. */
  PingResult ping(String netns, Ip to, int count, int timeoutMs);

  /**
   * Equivalent to: {@code ip netns exec NS nc -z -w TIMEOUT TO PORT}: a TCP connect from inside the
   * namespace, closed at once.
   */
  TcpResult tcpConnect(String netns, Ip to, int port, int timeoutMs);

  /**
   * Equivalent to: {@code ip netns exec NS curl -s -H 'Host: HOST' http://TO:PORT/PATH}: an
   * HTTP/1.1 GET over a TCP connection made inside the namespace, within {@code timeoutMs} in all.
   */
  HttpResult httpGet(String netns, Ip to, int port, String host, String path, int timeoutMs);

  /**
   * Equivalent to what {@code ip netns exec NS tcpdump -i LINK} opens: a capture of every frame
   * link {@code link} of {@code netns} receives and sends, until closed. Changes nothing.
   *
   * @throws IllegalArgumentException when there is no such link
   */
  PacketSocket capture(String netns, String link);

  /**
   * Equivalent to: {@code ip netns exec NS timeout -s KILL TIMEOUT ARGV...} (no shell), its stdout
   * and stderr captured, stdin /dev/null.
   */
  CommandResult run(String netns, List<String> argv, int timeoutMs);

  /**
   * The changes made since the last call, each an {@link Op} rendered in ip's words (for -v and
   * --json). Both implementations record the same Ops for the same calls (KernelContract).
   */
  List<String> takeOperations();

  @Override
  void close();
}

package nsplay.kernel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * Typed rtnetlink operations in one namespace: links, addresses, routes. Each method's javadoc
 * names the iproute2 command that does the same.
 */
public interface Links {
  /** Equivalent to: {@code ip link show}. */
  List<Iface> all();

  /** Equivalent to: {@code ip link show NAME}; empty when there is no such link. */
  Optional<Iface> get(String name);

  /**
   * Equivalent to: {@code ip link add NAME [up] group G type KIND ...} ({@link LinkSpec#words}):
   * one create request of any kind, its kind-specific data written by the spec. A veth's peer is
   * created directly in its namespace, in the same group; its up must be a separate request there
   * (IFF_UP in the peer's ifinfomsg fails with ENOTCONN).
   *
   * @return the new link's ifindex
   */
  int add(String name, LinkSpec spec, boolean up, int group);

  /** Equivalent to: {@code ip link set DEV up|down}. */
  void setUp(int index, boolean up);

  /** Equivalent to: {@code ip link set DEV master BRIDGE} ({@code nomaster} for 0). */
  void setMaster(int index, int master);

  /** Equivalent to: {@code ip link set DEV alias TEXT}. */
  void setAlias(int index, String alias);

  /**
   * Equivalent to: {@code ip link set DEV addrgenmode none}: the link makes no IPv6 link-local
   * address when it goes up, so it sends no duplicate address detection, router solicitation or MLD
   * report of its own (IPv6 configured by hand still works). Before the link goes up: it removes no
   * address already made.
   */
  void noIpv6LinkLocal(int index);

  /**
   * Equivalent to: {@code ip link set DEV alias TEXT [up]}, in one request: a new link's mark and
   * state together.
   */
  default void mark(int index, String alias, boolean up) {
    setAlias(index, alias);
    if (up) {
      setUp(index, true);
    }
  }

  /** Equivalent to: {@code ip link set DEV netns NS} (NS null: the lab's host namespace). */
  void moveTo(int index, String target);

  /** Equivalent to: {@code ip link del DEV}. */
  void delete(int index);

  /**
   * Equivalent to: {@code ip link del group G}: every link of the group in this namespace, in one
   * request and one RCU grace period (and a veth's peer with it, wherever it is).
   */
  void deleteGroup(int group);

  /** Equivalent to: {@code ip addr show} (IPv4 and IPv6). */
  List<AddrInfo> addrs();

  /**
   * Equivalent to: {@code ip addr add CIDR dev DEV proto 217}: the address carries nsplay's
   * IFA_PROTO ({@link AddrInfo#NSPLAY}), its mark, where the kernel keeps one (Linux 5.18+). {@code
   * nodad} (IPv6 only; {@code ... nodad}) makes it usable at once: IFA_F_NODAD, no duplicate
   * address detection, never "tentative".
   */
  void addAddr(int index, Cidr cidr, boolean nodad);

  /** Equivalent to: {@code ip addr del CIDR dev DEV}. */
  void delAddr(int index, Cidr cidr);

  /** Equivalent to: {@code ip [-6] route show table main}. */
  List<RouteInfo> routes(boolean v4);

  /**
   * Equivalent to: {@code ip route add|replace TO [via GW] [dev DEV] proto 217}: the route carries
   * nsplay's protocol number ({@link RouteInfo#NSPLAY}), its mark.
   */
  void addRoute(RouteInfo r, boolean v4, boolean replace);

  /** Equivalent to: {@code ip route del TO [via GW] [dev DEV]}. */
  void delRoute(RouteInfo r, boolean v4);

  /**
   * Equivalent to: {@code ip link show}, reduced to each link's hardware address (IFLA_ADDRESS) as
   * ip prints it ({@code aa:bb:cc:dd:ee:ff}), by ifindex. Links without one are left out; the
   * default knows none.
   */
  default Map<Integer, String> macs() {
    return Map.of();
  }

  /**
   * Equivalent to: {@code ip link show}, reduced to each link's MTU (IFLA_MTU), by ifindex. Read
   * when asked, not cached.
   */
  Map<Integer, Integer> mtus();

  /** Equivalent to: {@code ip route get TO}: the route the kernel would take (RTM_GETROUTE). */
  RouteLookup lookup(Ip to);

  /**
   * Equivalent to: {@code tc qdisc show}, reduced to each link's root qdisc, by ifindex. A link
   * with the kernel's default root qdisc (noqueue, noop, pfifo_fast: handle 0, which a dump does
   * not list) is absent.
   */
  Map<Integer, QdiscSpec> rootQdiscs();

  /** Equivalent to: {@code tc qdisc replace dev DEV root SPEC}. */
  void qdiscReplace(int index, QdiscSpec spec);

  /** Equivalent to: {@code tc qdisc del dev DEV root}: the kernel's default root qdisc again. */
  void qdiscDelete(int index);

  /**
   * Equivalent to: {@code bridge fdb show}, reduced to the default (all-zeros MAC) entries with a
   * destination, by ifindex: a vxlan's head-end replication list, in the kernel's order.
   */
  Map<Integer, List<Ip>> fdbDefaults();

  /**
   * Equivalent to: {@code bridge fdb append 00:00:00:00:00:00 dev DEV dst DST}: one more remote to
   * which the vxlan floods broadcast, unknown unicast and multicast frames.
   */
  void fdbAppendDefault(int index, Ip dst);

  /** Equivalent to: {@code bridge fdb del 00:00:00:00:00:00 dev DEV dst DST}. */
  void fdbDelDefault(int index, Ip dst);
}

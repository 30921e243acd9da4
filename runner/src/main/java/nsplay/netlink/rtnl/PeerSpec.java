package nsplay.netlink.rtnl;

/**
 * The peer end of a veth created with {@link LinkRequest#veth(PeerSpec)}.
 *
 * <p>There is deliberately no "up" field: setting IFF_UP in the peer's ifinfomsg makes the create
 * fail with ENOTCONN when the peer lands in another namespace. Bring the peer up afterwards with
 * {@link LinkRequest#change(int)} through a socket in its namespace.
 *
 * @param name peer interface name (1..15 bytes)
 * @param netnsFd fd of the namespace to create the peer in (IFLA_NET_NS_FD), or -1 for the
 *     namespace of the socket
 * @param group link group (IFLA_GROUP), or 0 for none (0 is the kernel's default group)
 */
public record PeerSpec(String name, int netnsFd, int group) {
  public PeerSpec {
    Rtnl.checkIfName("peer name", name);
    if (netnsFd < -1) {
      throw new IllegalArgumentException("netnsFd must be >= 0 or -1 (none), got " + netnsFd);
    }
  }

  /** A peer in the socket's namespace, default group. */
  public static PeerSpec of(String name) {
    return new PeerSpec(name, -1, 0);
  }
}

package nsplay.kernel;

/**
 * A network interface as the kernel reports it (one RTM_NEWLINK of a dump), reduced to what tasks
 * decide on.
 *
 * @param kind IFLA_INFO_KIND, or null (lo, physical devices)
 * @param peerIndex IFLA_LINK: for a veth, the peer's ifindex in the peer's namespace; for a vlan or
 *     macvlan, its parent's ifindex (in its own namespace while the parent is there); 0 if none (a
 *     vxlan's underlay dev is in its IFLA_INFO_DATA, not here)
 * @param master ifindex of the bridge or bond it is enslaved to; 0 if none
 * @param spec the link decoded as nsplay would create it (see {@link LinkSpec#decode}); null for
 *     kinds nsplay does not make
 */
public record Iface(
    int index,
    String name,
    String kind,
    boolean up,
    int master,
    int peerIndex,
    String alias,
    int group,
    LinkSpec spec) {

  /** A link whose spec follows from its kind alone (no IFLA_INFO_DATA). */
  public Iface(
      int index,
      String name,
      String kind,
      boolean up,
      int master,
      int peerIndex,
      String alias,
      int group) {
    this(
        index,
        name,
        kind,
        up,
        master,
        peerIndex,
        alias,
        group,
        LinkSpec.decode(kind, nsplay.netlink.Attrs::empty));
  }

  /** This link with another index (a link that moved to another namespace). */
  Iface withIndex(int i) {
    return new Iface(i, name, kind, up, master, peerIndex, alias, group, spec);
  }

  Iface withUp(boolean u) {
    return new Iface(index, name, kind, u, master, peerIndex, alias, group, spec);
  }

  Iface withMaster(int m) {
    return new Iface(index, name, kind, up, m, peerIndex, alias, group, spec);
  }

  Iface withAlias(String a) {
    return new Iface(index, name, kind, up, master, peerIndex, a, group, spec);
  }

  Iface withPeerIndex(int p) {
    return new Iface(index, name, kind, up, master, p, alias, group, spec);
  }
}

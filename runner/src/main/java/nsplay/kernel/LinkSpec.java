package nsplay.kernel;

import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import nsplay.net.Ip;
import nsplay.netlink.Attrs;
import nsplay.netlink.MessageBuilder;
import nsplay.netlink.rtnl.LinkRequest;
import nsplay.netlink.rtnl.PeerSpec;

/**
 * What kind of link to create, as data: one record per link kind (IFLA_INFO_KIND), each knowing its
 * IFLA_INFO_DATA, its words in {@code ip link add NAME type ...}, and how a live link of its kind
 * decodes back. A new link kind is one record here (and its case in {@link #decode}); {@link
 * Links#add} never grows. After vishvananda/netlink's {@code link.go}.
 */
public sealed interface LinkSpec
    permits LinkSpec.Veth,
        LinkSpec.Bridge,
        LinkSpec.Vxlan,
        LinkSpec.Macvlan,
        LinkSpec.Vlan,
        LinkSpec.Dummy,
        LinkSpec.Bond {

  /** IFLA_INFO_KIND: what the kernel calls this kind ("veth", "bridge"). */
  String kind();

  /**
   * The words after {@code ip link add NAME}, e.g. {@code type veth peer B netns blue}, for a link
   * created in {@code netns} (null: the host).
   */
  String words(String netns);

  /**
   * The kind in a few words for pictures and tables ({@code vlan 10}, {@code macvlan bridge}): the
   * kind and what tells two links of it apart, never a name.
   */
  default String label() {
    return kind();
  }

  /**
   * Writes the attributes inside IFLA_INFO_DATA (none for kinds without data).
   *
   * @param r turns names into what the kernel wants: a namespace fd, an ifindex
   * @param group the link group of the create request, for links it makes besides the one named
   */
  default void writeData(MessageBuilder b, Resolver r, int group) {}

  /**
   * This spec as a dump of the link it creates decodes it (see {@link #decode}): what an in-memory
   * kernel gives back, so that it reads like the live one.
   */
  default LinkSpec asDecoded() {
    return this;
  }

  /**
   * Whether a live link of this kind, decoded as {@code live}, must be deleted and created again to
   * be this one: it differs in what the kernel does not change in place. False unless a kind says
   * otherwise.
   */
  default boolean differs(LinkSpec live) {
    return false;
  }

  /**
   * The link this one is stacked on, by name in the namespace it is created in (IFLA_LINK: a
   * macvlan's or vlan's parent), or null. Null too when decoded: a dump gives only its ifindex.
   */
  default String parent() {
    return null;
  }

  /** Whether this kind has IFLA_INFO_DATA to write (the kernel wants none for the others). */
  default boolean hasData() {
    return false;
  }

  /** Names to numbers, for a create request. */
  interface Resolver {
    /**
     * An fd of namespace {@code netns} (null: the lab's host) for IFLA_NET_NS_FD; the resolver
     * closes it after the request, and knows the namespace changed.
     */
    int netnsFd(String netns);

    /**
     * The ifindex of link {@code name} in the namespace the new link is created in (a vxlan's
     * {@code dev}, a macvlan's parent); a NativeException(ENODEV) when there is none.
     */
    int ifindex(String name);
  }

  /**
   * A veth pair: the named end, and its peer created directly in {@code peerNetns} (null: the lab's
   * host). Decoded from a live link, peer and peerNetns are null: a dump does not name the peer
   * (its ifindex is {@link Iface#peerIndex}).
   */
  record Veth(String peer, String peerNetns) implements LinkSpec {
    static final Veth DECODED = new Veth(null, null);

    @Override
    public String kind() {
      return "veth";
    }

    @Override
    public String words(String netns) {
      // iproute2 puts the peer next to the first end unless told otherwise, and cannot name the
      // host by a namespace name (-n's names are /run/netns files; the host is not one): say it
      // in words, the only way that neither misleads nor names the wrong namespace.
      String where =
          Objects.equals(peerNetns, netns)
              ? ""
              : peerNetns != null ? " netns " + peerNetns : " (on the host)";
      return "type veth peer " + peer + where;
    }

    @Override
    public boolean hasData() {
      return true;
    }

    @Override
    public LinkSpec asDecoded() {
      return DECODED; // a dump does not name the peer
    }

    @Override
    public void writeData(MessageBuilder b, Resolver r, int group) {
      // Created where it belongs: moving it later would cost an RCU grace period (~20 ms).
      LinkRequest.vethPeer(b, new PeerSpec(peer, r.netnsFd(peerNetns), group));
    }
  }

  /** A Linux bridge: kind "bridge", no data. */
  record Bridge() implements LinkSpec {
    static final Bridge INSTANCE = new Bridge();

    @Override
    public String kind() {
      return "bridge";
    }

    @Override
    public String words(String netns) {
      return "type bridge";
    }
  }

  /**
   * A VXLAN tunnel endpoint: {@code ip link add NAME type vxlan id VNI [remote R] [local L] [dev D]
   * dstport P [nolearning]}. Encoded as iproute2's {@code ip/iplink_vxlan.c} sends it (same
   * attributes, same order: compared byte for byte in the tests). The kernel refuses to change the
   * VNI or port of a live vxlan, so a link that differs is re-created, not changed.
   *
   * @param remote the far endpoint (IFLA_VXLAN_GROUP), or null
   * @param local the source address (IFLA_VXLAN_LOCAL), or null
   * @param dev the lower link's name (IFLA_VXLAN_LINK, an ifindex in the link's namespace), or
   *     null; null too when decoded, since a dump gives only the ifindex
   * @param port the UDP destination port (IFLA_VXLAN_PORT, big-endian on the wire)
   */
  record Vxlan(int vni, Ip remote, Ip local, String dev, int port, boolean learning)
      implements LinkSpec {
    // linux/if_link.h, IFLA_VXLAN_* (cross-language contract with the kernel's UAPI)
    static final int ID = 1;
    static final int GROUP = 2;
    static final int LINK = 3;
    static final int LOCAL = 4;
    static final int LEARNING = 7;
    static final int PORT = 15;

    @Override
    public String kind() {
      return "vxlan";
    }

    @Override
    public String label() {
      return "vxlan " + vni;
    }

    @Override
    public String words(String netns) {
      return "type vxlan id "
          + vni
          + (remote == null ? "" : " remote " + remote)
          + (local == null ? "" : " local " + local)
          + (dev == null ? "" : " dev " + dev)
          + " dstport "
          + port
          + (learning ? "" : " nolearning");
    }

    @Override
    public boolean hasData() {
      return true;
    }

    @Override
    public LinkSpec asDecoded() {
      return new Vxlan(vni, remote, local, null, port, learning);
    }

    @Override
    public void writeData(MessageBuilder b, Resolver r, int group) {
      if (dev != null) {
        b.putU32(LINK, r.ifindex(dev));
      }
      b.putU32(ID, vni);
      if (local != null) {
        b.putBytes(LOCAL, local.bytes());
      }
      if (remote != null) {
        b.putBytes(GROUP, remote.bytes());
      }
      b.putU8(LEARNING, learning ? 1 : 0);
      b.putU16Be(PORT, port); // network byte order, unlike the rest of rtnetlink
    }

    static Vxlan decode(Attrs d) {
      byte[] group = d.bytes(GROUP);
      byte[] local = d.bytes(LOCAL);
      return new Vxlan(
          d.u32(ID),
          group == null ? null : Ip.of(group),
          local == null ? null : Ip.of(local),
          null,
          d.u16Be(PORT),
          d.u8(LEARNING, 1) != 0);
    }

    /**
     * Whether a live link of this kind must be re-created to be this one: the settings the kernel
     * will not change in place (VNI, remote, port).
     */
    @Override
    public boolean differs(LinkSpec live) {
      if (!(live instanceof Vxlan v)) {
        return false;
      }
      return v.vni != vni || !Objects.equals(v.remote, remote) || v.port != port;
    }
  }

  /**
   * A macvlan on a parent link: {@code ip link add NAME link PARENT type macvlan mode MODE}. The
   * parent is IFLA_LINK (outside IFLA_INFO_DATA); the data is IFLA_MACVLAN_MODE, as iproute2's
   * {@code ip/iplink_macvlan.c} sends it. A link whose mode differs is re-created.
   *
   * @param link the parent's name, or null when decoded
   * @param mode private, vepa, bridge or passthru (what the kernel reports, by name)
   */
  record Macvlan(String link, String mode) implements LinkSpec {
    // linux/if_link.h: IFLA_MACVLAN_MODE and enum macvlan_mode
    static final int MODE = 1;

    /** The modes by name, as ip names them, and their MACVLAN_MODE_* values. */
    public static final Map<String, Integer> MODES =
        Map.of("private", 1, "vepa", 2, "bridge", 4, "passthru", 8);

    @Override
    public String kind() {
      return "macvlan";
    }

    @Override
    public String label() {
      return "macvlan " + mode;
    }

    @Override
    public String parent() {
      return link;
    }

    @Override
    public String words(String netns) {
      return "link " + link + " type macvlan mode " + mode;
    }

    @Override
    public boolean hasData() {
      return true;
    }

    @Override
    public LinkSpec asDecoded() {
      return new Macvlan(null, mode);
    }

    @Override
    public void writeData(MessageBuilder b, Resolver r, int group) {
      b.putU32(MODE, MODES.get(mode));
    }

    static Macvlan decode(Attrs d) {
      int m = d.u32(MODE);
      String name =
          MODES.entrySet().stream()
              .filter(e -> e.getValue() == m)
              .map(Map.Entry::getKey)
              .findFirst()
              .orElse(Integer.toString(m));
      return new Macvlan(null, name);
    }

    @Override
    public boolean differs(LinkSpec live) {
      return live instanceof Macvlan m && !m.mode.equals(mode);
    }
  }

  /**
   * An 802.1Q (or 802.1ad) VLAN on a parent link: {@code ip link add NAME link PARENT type vlan
   * [protocol 802.1ad] id ID}. The parent is IFLA_LINK; the data IFLA_VLAN_PROTOCOL (big-endian,
   * only when not 802.1Q, as ip sends it for these words) then IFLA_VLAN_ID, in ip/iplink_vlan.c's
   * order. The kernel changes neither in place: a link that differs is re-created.
   *
   * @param link the parent's name, or null when decoded
   * @param protocol "802.1q" or "802.1ad"
   */
  record Vlan(String link, int id, String protocol) implements LinkSpec {
    // linux/if_link.h: IFLA_VLAN_ID, IFLA_VLAN_PROTOCOL; linux/if_ether.h: ETH_P_8021Q/AD
    static final int ID = 1;
    static final int PROTOCOL = 5;
    static final int ETH_P_8021Q = 0x8100;
    static final int ETH_P_8021AD = 0x88a8;

    @Override
    public String kind() {
      return "vlan";
    }

    @Override
    public String label() {
      return "vlan " + id + (protocol.equals("802.1q") ? "" : " " + protocol);
    }

    @Override
    public String parent() {
      return link;
    }

    @Override
    public String words(String netns) {
      return "link "
          + link
          + " type vlan"
          + (protocol.equals("802.1q") ? "" : " protocol " + protocol)
          + " id "
          + id;
    }

    @Override
    public boolean hasData() {
      return true;
    }

    @Override
    public LinkSpec asDecoded() {
      return new Vlan(null, id, protocol);
    }

    @Override
    public void writeData(MessageBuilder b, Resolver r, int group) {
      if (!protocol.equals("802.1q")) {
        b.putU16Be(PROTOCOL, ETH_P_8021AD); // network byte order
      }
      b.putU16(ID, id);
    }

    static Vlan decode(Attrs d) {
      int proto = d.u16Be(PROTOCOL);
      return new Vlan(null, d.u16(ID), proto == ETH_P_8021AD ? "802.1ad" : "802.1q");
    }

    @Override
    public boolean differs(LinkSpec live) {
      return live instanceof Vlan v && (v.id != id || !v.protocol.equals(protocol));
    }
  }

  /** A dummy link, a stand-in for a physical interface: kind "dummy", no data. */
  record Dummy() implements LinkSpec {
    static final Dummy INSTANCE = new Dummy();

    @Override
    public String kind() {
      return "dummy";
    }

    @Override
    public String words(String netns) {
      return "type dummy";
    }
  }

  /**
   * A bond: {@code ip link add NAME type bond mode MODE [miimon MS]}. IFLA_BOND_MODE (u8) then
   * IFLA_BOND_MIIMON (u32), in ip/iplink_bond.c's order. The kernel will not change the mode of a
   * bond that has members, so a bond whose mode or miimon differs is re-created (its members are
   * attached again by the tasks that attach them).
   *
   * @param miimon the link monitoring interval in ms; 0 for none
   */
  record Bond(String mode, int miimon) implements LinkSpec {
    // linux/if_link.h: IFLA_BOND_MODE, IFLA_BOND_MIIMON; the modes in their BOND_MODE_* order
    static final int MODE = 1;
    static final int MIIMON = 3;

    /** The modes as ip names them, at their BOND_MODE_* values (linux/if_bonding.h). */
    public static final java.util.List<String> MODES =
        java.util.List.of(
            "balance-rr",
            "active-backup",
            "balance-xor",
            "broadcast",
            "802.3ad",
            "balance-tlb",
            "balance-alb");

    @Override
    public String kind() {
      return "bond";
    }

    @Override
    public String label() {
      return "bond " + mode;
    }

    @Override
    public String words(String netns) {
      return "type bond mode " + mode + (miimon == 0 ? "" : " miimon " + miimon);
    }

    @Override
    public boolean hasData() {
      return true;
    }

    @Override
    public void writeData(MessageBuilder b, Resolver r, int group) {
      b.putU8(MODE, MODES.indexOf(mode));
      if (miimon != 0) {
        b.putU32(MIIMON, miimon);
      }
    }

    static Bond decode(Attrs d) {
      int m = d.u8(MODE, 0);
      return new Bond(m < MODES.size() ? MODES.get(m) : Integer.toString(m), d.u32(MIIMON));
    }

    @Override
    public boolean differs(LinkSpec live) {
      return live instanceof Bond b && (!b.mode.equals(mode) || b.miimon != miimon);
    }
  }

  /**
   * The spec of a live link of {@code kind}, or null for kinds nsplay does not make (physical
   * devices, ifb, ...). One switch, keyed by kind (the kernel's own dispatch), so a new kind adds
   * one case; a switch rather than a map of lambdas, which cost a bootstrap apiece at every start.
   * {@code data} gives its IFLA_INFO_DATA (an empty Attrs when absent), parsed only for kinds whose
   * decoder reads it (a dump of 500 veths parses nothing more).
   */
  static LinkSpec decode(String kind, Supplier<Attrs> data) {
    if (kind == null) {
      return null;
    }
    return switch (kind) {
      case "veth" -> Veth.DECODED;
      case "bridge" -> Bridge.INSTANCE;
      case "vxlan" -> Vxlan.decode(data.get());
      case "macvlan" -> Macvlan.decode(data.get());
      case "vlan" -> Vlan.decode(data.get());
      case "dummy" -> Dummy.INSTANCE;
      case "bond" -> Bond.decode(data.get());
      default -> null;
    };
  }

  /** Whether nsplay makes links of this kind: those {@link #decode} knows. */
  static boolean made(String kind) {
    return decode(kind, Attrs::empty) != null;
  }
}

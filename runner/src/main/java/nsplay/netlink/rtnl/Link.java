package nsplay.netlink.rtnl;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import nsplay.netlink.Attrs;
import nsplay.netlink.Bytes;
import nsplay.netlink.Message;
import nsplay.netlink.Nl;

/**
 * A link as reported by RTM_NEWLINK (dump replies and notifications).
 *
 * @param index ifi_index
 * @param name IFLA_IFNAME, or null
 * @param flags ifi_flags (IFF_*)
 * @param kind IFLA_LINKINFO/IFLA_INFO_KIND ("veth", "bridge"...), or null for physical/lo
 * @param master IFLA_MASTER, or 0
 * @param linkIndex IFLA_LINK: for a veth the peer's ifindex (in the peer's namespace), or 0
 * @param linkNetnsId IFLA_LINK_NETNSID: the peer's namespace id as seen from here, or -1
 * @param alias IFLA_IFALIAS, or null
 * @param group IFLA_GROUP, or 0
 * @param mtu IFLA_MTU, or 0
 * @param mac IFLA_ADDRESS, or null (copied on the way in and out)
 * @param operstate IFLA_OPERSTATE (IF_OPER_*), or 0 (unknown)
 */
public record Link(
    int index,
    String name,
    int flags,
    String kind,
    int master,
    int linkIndex,
    int linkNetnsId,
    String alias,
    int group,
    int mtu,
    byte[] mac,
    int operstate) {

  public Link {
    mac = mac == null ? null : mac.clone();
  }

  @Override
  public byte[] mac() {
    return mac == null ? null : mac.clone();
  }

  /** IFF_UP (administratively up). */
  public boolean up() {
    return (flags & Rtnl.IFF_UP) != 0;
  }

  /**
   * Decodes an RTM_NEWLINK message.
   *
   * @throws IllegalArgumentException if {@code m} is not RTM_NEWLINK or is shorter than ifinfomsg
   */
  public static Link decode(Message m) {
    check(m, Rtnl.RTM_NEWLINK, Rtnl.IFINFOMSG_LEN);
    byte[] b = m.buf();
    int p = m.payloadOffset();
    Attrs a = m.attrs(Rtnl.IFINFOMSG_LEN);
    return new Link(
        Bytes.u32(b, p + 4, Nl.ORDER),
        a.string(Rtnl.IFLA_IFNAME),
        Bytes.u32(b, p + 8, Nl.ORDER),
        a.nested(Rtnl.IFLA_LINKINFO).string(Rtnl.IFLA_INFO_KIND),
        a.u32(Rtnl.IFLA_MASTER),
        a.u32(Rtnl.IFLA_LINK),
        a.u32(Rtnl.IFLA_LINK_NETNSID, -1),
        a.string(Rtnl.IFLA_IFALIAS),
        a.u32(Rtnl.IFLA_GROUP),
        a.u32(Rtnl.IFLA_MTU),
        a.bytes(Rtnl.IFLA_ADDRESS),
        a.u8(Rtnl.IFLA_OPERSTATE));
  }

  static void check(Message m, int type, int structLen) {
    if (m == null) {
      throw new IllegalArgumentException("m must not be null");
    }
    if (m.type() != type) {
      throw new IllegalArgumentException("m must be of type " + type + ", got " + m.type());
    }
    if (m.payloadLength() < structLen) {
      throw new IllegalArgumentException(
          "m payload is "
              + m.payloadLength()
              + " bytes, shorter than its "
              + structLen
              + "-byte family header");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Link l
        && index == l.index
        && flags == l.flags
        && master == l.master
        && linkIndex == l.linkIndex
        && linkNetnsId == l.linkNetnsId
        && group == l.group
        && mtu == l.mtu
        && operstate == l.operstate
        && Objects.equals(name, l.name)
        && Objects.equals(kind, l.kind)
        && Objects.equals(alias, l.alias)
        && Arrays.equals(mac, l.mac);
  }

  @Override
  public int hashCode() {
    return 31 * Objects.hash(index, name, flags, kind, master, group) + Arrays.hashCode(mac);
  }

  @Override
  public String toString() {
    return "Link[index="
        + index
        + ", name="
        + name
        + ", flags=0x"
        + Integer.toHexString(flags)
        + ", kind="
        + kind
        + ", master="
        + master
        + ", linkIndex="
        + linkIndex
        + ", linkNetnsId="
        + linkNetnsId
        + ", alias="
        + alias
        + ", group="
        + group
        + ", mtu="
        + mtu
        + ", mac="
        + (mac == null ? null : HexFormat.ofDelimiter(":").formatHex(mac))
        + ", operstate="
        + operstate
        + "]";
  }
}

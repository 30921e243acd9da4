package nsplay.netlink.rtnl;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import nsplay.netlink.Nl;

/**
 * rtnetlink constants (linux/rtnetlink.h, if_link.h, if_addr.h, veth.h) and the three family
 * headers. All integers are in host byte order.
 *
 * <pre>
 * struct ifinfomsg (16 bytes)            struct ifaddrmsg (8 bytes)
 *   0      1      2       4       8        0       1        2       3      4
 *   +------+------+-------+-------+        +-------+--------+-------+------+
 *   |family| pad  | type  | index |        |family |prefixln| flags |scope |
 *   +------+------+-------+-------+        +-------+--------+-------+------+
 *    u8     u8     u16     s32             |          index (u32)         |
 *   8              12              16      +------------------------------+
 *   +--------------+---------------+
 *   | flags (u32)  | change (u32)  |    ifi_change masks which ifi_flags bits apply;
 *   +--------------+---------------+    0 means "all of them".
 *
 * struct rtmsg (12 bytes)
 *   0      1       2       3     4       5        6      7      8
 *   +------+-------+-------+-----+-------+--------+------+------+--------------+
 *   |family|dst_len|src_len| tos | table |protocol|scope | type | flags (u32)  |
 *   +------+-------+-------+-----+-------+--------+------+------+--------------+
 * </pre>
 */
public final class Rtnl {
  private Rtnl() {}

  public static final int IFINFOMSG_LEN = 16;
  public static final int IFADDRMSG_LEN = 8;
  public static final int RTMSG_LEN = 12;

  /** Longest interface name in bytes (IFNAMSIZ 16 including the NUL). */
  public static final int IFNAMSIZ = 16;

  // message types
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_SETLINK = 19;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWQDISC = 36;
  public static final int RTM_DELQDISC = 37;
  public static final int RTM_GETQDISC = 38;

  /** struct tcmsg: family u8, 3 pad, ifindex s32, handle u32, parent u32, info u32. */
  public static final int TCMSG_LEN = 20;

  // TCA_* (inside RTM_*QDISC)
  public static final int TCA_KIND = 1;
  public static final int TCA_OPTIONS = 2;

  /** tcm_parent of a link's root qdisc. */
  public static final int TC_H_ROOT = 0xFFFFFFFF;

  // IFLA_* (enum in if_link.h)
  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_BROADCAST = 2;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_MASTER = 10;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_NET_NS_PID = 19;
  public static final int IFLA_IFALIAS = 20;
  public static final int IFLA_AF_SPEC = 26;
  public static final int IFLA_GROUP = 27;

  /** Inside IFLA_AF_SPEC/AF_INET6: how the link makes its IPv6 link-local address (u8). */
  public static final int IFLA_INET6_ADDR_GEN_MODE = 8;

  /** IFLA_INET6_ADDR_GEN_MODE: none at all (no link-local address, so no DAD, RS or MLD). */
  public static final int IN6_ADDR_GEN_MODE_NONE = 1;

  public static final int IFLA_NET_NS_FD = 28;
  public static final int IFLA_LINK_NETNSID = 37;

  // IFLA_INFO_* (inside IFLA_LINKINFO)
  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;

  // veth.h (inside IFLA_INFO_DATA of kind "veth")
  public static final int VETH_INFO_PEER = 1;

  // IFA_*
  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_LABEL = 3;
  public static final int IFA_BROADCAST = 4;

  /**
   * The address's originator, u8 (IFAPROT_*), since Linux 5.18; the kernel reports it only when not
   * 0. Kernel values: 0 unspec, 1 kernel_lo, 2 kernel_ra, 3 kernel_ll; others are free for users.
   */
  public static final int IFA_PROTO = 11;

  /**
   * ifaddrmsg flag: no duplicate address detection, the IPv6 address is usable at once (what {@code
   * ip addr add ... nodad} sets in ifa_flags).
   */
  public static final int IFA_F_NODAD = 0x02;

  // RTA_*
  public static final int RTA_DST = 1;
  public static final int RTA_SRC = 2;
  public static final int RTA_IIF = 3;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_PREFSRC = 7;
  public static final int RTA_TABLE = 15;

  // net_device_flags
  public static final int IFF_UP = 0x1;
  public static final int IFF_LOWER_UP = 0x10000;

  // address families
  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;

  // routing tables, protocols, scopes, types
  public static final int RT_TABLE_UNSPEC = 0;
  public static final int RT_TABLE_MAIN = 254;
  public static final int RTPROT_UNSPEC = 0;
  public static final int RTPROT_KERNEL = 2;
  public static final int RTPROT_BOOT = 3;
  public static final int RTPROT_STATIC = 4;

  /**
   * nsplay's own originator number, for routes (rtm_protocol) and addresses (IFA_PROTO) alike, so
   * that {@code down} can tell what it added from what anyone else did. 217 (0xd9) is assigned to
   * no one: not in the kernel's include/uapi/linux/rtnetlink.h (RTPROT_* up to 192, eigrp), not in
   * iproute2's rt_protos (which ends at 192), and above IFAPROT_KERNEL_LL (3). {@code ip route}
   * shows it as {@code proto 217}. Protocol contract with the kernel and with anyone reading
   * routes: changing it orphans every route and address of running labs.
   */
  public static final int RTPROT_NSPLAY = 217;

  /** See {@link #RTPROT_NSPLAY}: the same number marks nsplay's addresses. */
  public static final int IFAPROT_NSPLAY = 217;

  public static final int RT_SCOPE_UNIVERSE = 0;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RT_SCOPE_HOST = 254;

  /** In a delete request: "any scope" (the kernel treats it as a wildcard). */
  public static final int RT_SCOPE_NOWHERE = 255;

  public static final int RTN_UNSPEC = 0;
  public static final int RTN_UNICAST = 1;
  public static final int RTN_LOCAL = 2;

  // IF_OPER_* (IFLA_OPERSTATE)
  public static final int IF_OPER_UNKNOWN = 0;
  public static final int IF_OPER_DOWN = 2;
  public static final int IF_OPER_UP = 6;

  /** struct ifinfomsg; ifi_type is left 0 (ARPHRD_NETROM), which requests ignore. */
  public static byte[] ifinfomsg(int family, int index, int flags, int change) {
    return ByteBuffer.allocate(IFINFOMSG_LEN)
        .order(Nl.ORDER)
        .put((byte) family)
        .put((byte) 0)
        .putShort((short) 0)
        .putInt(index)
        .putInt(flags)
        .putInt(change)
        .array();
  }

  /** struct tcmsg (AF_UNSPEC, tcm_info 0). */
  public static byte[] tcmsg(int index, int handle, int parent) {
    return ByteBuffer.allocate(TCMSG_LEN)
        .order(Nl.ORDER)
        .put((byte) AF_UNSPEC)
        .put((byte) 0)
        .putShort((short) 0)
        .putInt(index)
        .putInt(handle)
        .putInt(parent)
        .putInt(0)
        .array();
  }

  /** struct ifaddrmsg. */
  public static byte[] ifaddrmsg(int family, int prefixLen, int flags, int scope, int index) {
    return ByteBuffer.allocate(IFADDRMSG_LEN)
        .order(Nl.ORDER)
        .put((byte) family)
        .put((byte) prefixLen)
        .put((byte) flags)
        .put((byte) scope)
        .putInt(index)
        .array();
  }

  /** struct rtmsg (src_len, tos and rtm_flags 0). */
  public static byte[] rtmsg(int family, int dstLen, int table, int protocol, int scope, int type) {
    return rtmsg(family, dstLen, table, protocol, scope, type, 0);
  }

  /** rtm_flags: the answer to a route get says which table the route was found in. */
  public static final int RTM_F_LOOKUP_TABLE = 0x1000;

  /** An rtmsg with rtm_flags {@code flags} (RTM_F_*). */
  public static byte[] rtmsg(
      int family, int dstLen, int table, int protocol, int scope, int type, int flags) {
    return ByteBuffer.allocate(RTMSG_LEN)
        .order(Nl.ORDER)
        .put((byte) family)
        .put((byte) dstLen)
        .put((byte) 0)
        .put((byte) 0)
        .put((byte) table)
        .put((byte) protocol)
        .put((byte) scope)
        .put((byte) type)
        .putInt(flags)
        .array();
  }

  /**
   * Checks an interface name the way the kernel will (dev_valid_name): 1..15 bytes, not "." or
   * "..", no '/', ':' or whitespace.
   *
   * @return {@code name}
   * @throws IllegalArgumentException naming {@code what} and the bad value
   */
  public static String checkIfName(String what, String name) {
    if (name == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    int n = name.getBytes(StandardCharsets.UTF_8).length;
    if (n == 0 || n >= IFNAMSIZ) {
      throw new IllegalArgumentException(
          what + " must be 1.." + (IFNAMSIZ - 1) + " bytes, got " + n + ": \"" + name + "\"");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException(what + " must not be \"" + name + "\"");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '/' || c == ':' || c == 0 || Character.isWhitespace(c)) {
        throw new IllegalArgumentException(
            what + " must not contain '/', ':', NUL or whitespace: \"" + name + "\"");
      }
    }
    return name;
  }

  /** Address length for an address family: 4 for AF_INET, 16 for AF_INET6. */
  static int addressLength(int family) {
    switch (family) {
      case AF_INET:
        return 4;
      case AF_INET6:
        return 16;
      default:
        throw new IllegalArgumentException(
            "family must be AF_INET (2) or AF_INET6 (10), got " + family);
    }
  }

  /** Checks an address (non-null, right length) and a prefix length for {@code family}. */
  static void checkAddress(String what, int family, byte[] address, int prefixLen) {
    int alen = addressLength(family);
    if (address == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
    if (address.length != alen) {
      throw new IllegalArgumentException(
          what + " must be " + alen + " bytes for family " + family + ", got " + address.length);
    }
    if (prefixLen < 0 || prefixLen > alen * 8) {
      throw new IllegalArgumentException(
          "prefixLen must be 0.." + (alen * 8) + ", got " + prefixLen);
    }
  }
}

package nsplay.netlink.rtnl;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsplay.netlink.Hex;
import org.junit.jupiter.api.Test;

/** Byte-for-byte rtnetlink requests (x86_64: little-endian host order). */
class RequestTest {
  static final byte[] IP_192_168_15_1 = {(byte) 192, (byte) 168, 15, 1};
  static final byte[] IP_192_168_15_5 = {(byte) 192, (byte) 168, 15, 5};
  static final byte[] V6_1 = Hex.parse("20010db8 00000000 00000000 00000001");

  @Test
  void vethWithPeerInNamespaceAndGroup() {
    byte[] got =
        LinkRequest.create()
            .name("h1")
            .up(true)
            .master(5)
            .group(42)
            .veth(new PeerSpec("eth0", 9, 42))
            .build(1);
    assertBytes(
        Hex.parse(
            """
            7c000000 1000 0506 01000000 00000000  # len 124, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00 00 0000 00000000                   # ifinfomsg: AF_UNSPEC, type, index 0
            01000000 01000000                     #   flags IFF_UP, change IFF_UP
            0700 0300 683100 00                   # IFLA_IFNAME "h1"
            0800 1b00 2a000000                    # IFLA_GROUP 42
            0800 0a00 05000000                    # IFLA_MASTER 5
            4400 1200                             # IFLA_LINKINFO, len 68
              0900 0100 7665746800 000000         #   IFLA_INFO_KIND "veth"
              3400 0200                           #   IFLA_INFO_DATA, len 52
                3000 0100                         #     VETH_INFO_PEER, len 48
                  00000000 00000000 00000000 00000000  # peer ifinfomsg: all zero (no IFF_UP)
                  0900 0300 6574683000 000000     #       IFLA_IFNAME "eth0"
                  0800 1c00 09000000              #       IFLA_NET_NS_FD 9
                  0800 1b00 2a000000              #       IFLA_GROUP 42
            """),
        got);
  }

  @Test
  void noIpv6LinkLocal() {
    // `ip link set dev xx addrgenmode none` (strace, iproute2 6.1), on ifindex 2.
    assertBytes(
        Hex.parse(
            """
            30000000 1000 0500 03000000 00000000  # len 48, RTM_NEWLINK, REQUEST|ACK
            00000000 02000000 00000000 00000000   # ifinfomsg: index 2, no flags
            1000 1a00                             # IFLA_AF_SPEC, len 16
              0c00 0a00                           #   AF_INET6, len 12
                0500 0800 01 000000               #     IFLA_INET6_ADDR_GEN_MODE none
            """),
        LinkRequest.change(2).addrGenMode(Rtnl.IN6_ADDR_GEN_MODE_NONE).build(3));
  }

  @Test
  void bridge() {
    assertBytes(
        Hex.parse(
            """
            38000000 1000 0506 02000000 00000000  # len 56, RTM_NEWLINK, create
            00000000 00000000 01000000 01000000   # ifinfomsg, up
            0800 0300 62723000                    # IFLA_IFNAME "br0"
            1000 1200                             # IFLA_LINKINFO, len 16
              0b00 0100 6272696467650000          #   IFLA_INFO_KIND "bridge", 1 pad
            """),
        LinkRequest.create().name("br0").kind("bridge").up(true).build(2));
  }

  @Test
  void linkUpAndDownOnlyTouchIffUp() {
    assertBytes(
        Hex.parse(
            """
            20000000 1000 0500 03000000 00000000  # len 32, RTM_NEWLINK, REQUEST|ACK
            00 00 0000 07000000                   # index 7
            01000000 01000000                     # flags IFF_UP, change IFF_UP
            """),
        LinkRequest.change(7).up(true).build(3));
    assertBytes(
        Hex.parse(
            """
            20000000 1000 0500 03000000 00000000
            00 00 0000 07000000
            00000000 01000000                     # flags 0, change IFF_UP: down
            """),
        LinkRequest.change(7).up(false).build(3));
  }

  @Test
  void setMasterLeavesFlagsAlone() {
    assertBytes(
        Hex.parse(
            """
            28000000 1000 0500 04000000 00000000  # len 40, RTM_NEWLINK, REQUEST|ACK
            00 00 0000 07000000 00000000 00000000 # index 7, flags 0, change 0
            0800 0a00 04000000                    # IFLA_MASTER 4
            """),
        LinkRequest.change(7).master(4).build(4));
  }

  @Test
  void moveToNamespaceAndSetAlias() {
    assertBytes(
        Hex.parse(
            """
            30000000 1000 0500 04000000 00000000  # len 48
            00 00 0000 07000000 00000000 00000000
            0800 1c00 0b000000                    # IFLA_NET_NS_FD 11
            0800 1400 6c616200                    # IFLA_IFALIAS "lab" + NUL
            """),
        LinkRequest.change(7).netnsFd(11).alias("lab").build(4));
  }

  @Test
  void deleteOneAndDeleteGroup() {
    assertBytes(
        Hex.parse(
            """
            20000000 1100 0500 05000000 00000000  # len 32, RTM_DELLINK, REQUEST|ACK
            00 00 0000 07000000 00000000 00000000 # index 7
            """),
        LinkRequest.delete(7).build(5));
    assertBytes(
        Hex.parse(
            """
            28000000 1100 0500 05000000 00000000  # len 40, RTM_DELLINK, REQUEST|ACK
            00 00 0000 00000000 00000000 00000000 # index 0: select by group
            0800 1b00 2a000000                    # IFLA_GROUP 42
            """),
        LinkRequest.deleteGroup(42).build(5));
  }

  @Test
  void linkDumpAndGetByName() {
    assertBytes(
        Hex.parse(
            """
            20000000 1200 0103 08000000 00000000  # len 32, RTM_GETLINK, REQUEST|DUMP
            00000000 00000000 00000000 00000000   # ifinfomsg AF_UNSPEC
            """),
        LinkRequest.dump(8));
    assertBytes(
        Hex.parse(
            """
            28000000 1200 0100 09000000 00000000  # len 40, RTM_GETLINK, REQUEST
            00000000 00000000 00000000 00000000
            0800 0300 62723000                    # IFLA_IFNAME "br0"
            """),
        LinkRequest.getByName(9, "br0"));
  }

  @Test
  void addressAdd() {
    assertBytes(
        Hex.parse(
            """
            28000000 1400 0506 06000000 00000000  # len 40, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
            02 18 00 00 03000000                  # ifaddrmsg: AF_INET, /24, flags, scope universe, index 3
            0800 0200 c0a80f01                    # IFA_LOCAL 192.168.15.1
            0800 0100 c0a80f01                    # IFA_ADDRESS 192.168.15.1
            """),
        AddrRequest.add(6, Rtnl.AF_INET, 3, IP_192_168_15_1, 24));
  }

  @Test
  void addressAddWithNsplaysProto() {
    // IFA_PROTO (11), u8, as the kernel's ifa_ipv4_policy / ifa_ipv6_policy take it (Linux 5.18+;
    // iproute2 6.1 here cannot send it, `ip addr add ... proto N` came later).
    assertBytes(
        Hex.parse(
            """
            30000000 1400 0506 06000000 00000000  # len 48, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
            02 18 00 00 03000000                  # ifaddrmsg: AF_INET, /24, flags, scope universe, index 3
            0800 0200 c0a80f01                    # IFA_LOCAL 192.168.15.1
            0800 0100 c0a80f01                    # IFA_ADDRESS 192.168.15.1
            0500 0b00 d9 000000                   # IFA_PROTO 217, padded to 4
            """),
        AddrRequest.add(6, Rtnl.AF_INET, 3, IP_192_168_15_1, 24, Rtnl.IFAPROT_NSPLAY));
    assertBytes(
        AddrRequest.add(6, Rtnl.AF_INET, 3, IP_192_168_15_1, 24),
        AddrRequest.add(6, Rtnl.AF_INET, 3, IP_192_168_15_1, 24, 0));
  }

  @Test
  void ipv6AddressWithoutDad() {
    // `ip -6 addr add 2001:db8::1/64 dev lo nodad` (strace, iproute2 6.1): IFA_F_NODAD in
    // ifa_flags, IFA_LOCAL then IFA_ADDRESS, 16 bytes each; nsplay adds its IFA_PROTO.
    assertBytes(
        Hex.parse(
            """
            48000000 1400 0506 06000000 00000000  # len 72, RTM_NEWADDR, REQUEST|ACK|EXCL|CREATE
            0a 40 02 00 01000000                  # ifaddrmsg: AF_INET6, /64, NODAD, universe, lo
            1400 0200 20010db8000000000000000000000001  # IFA_LOCAL 2001:db8::1
            1400 0100 20010db8000000000000000000000001  # IFA_ADDRESS 2001:db8::1
            0500 0b00 d9 000000                   # IFA_PROTO 217
            """),
        AddrRequest.add(6, Rtnl.AF_INET6, 1, V6_1, 64, Rtnl.IFAPROT_NSPLAY, Rtnl.IFA_F_NODAD));
  }

  @Test
  void ipv6RouteViaAGateway() {
    // `ip -6 route add 2001:db8:1::/64 via 2001:db8::2 dev lo` (strace, iproute2 6.1), with
    // nsplay's protocol and RTA_TABLE main (ip leaves it out).
    byte[] net = Hex.parse("20010db8 00010000 00000000 00000000");
    assertBytes(
        Hex.parse(
            """
            54000000 1800 0506 07000000 00000000  # len 84, RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE
            0a 40 00 00 fe d9 00 01 00000000      # rtmsg: AF_INET6, /64, main, proto 217, unicast
            0800 0f00 fe000000                    # RTA_TABLE main
            1400 0100 20010db8000100000000000000000000  # RTA_DST 2001:db8:1::
            1400 0500 20010db8000000000000000000000002  # RTA_GATEWAY 2001:db8::2
            0800 0400 01000000                    # RTA_OIF 1
            """),
        RouteRequest.add(
            7,
            Rtnl.AF_INET6,
            net,
            64,
            Hex.parse("20010db8 00000000 00000000 00000002"),
            1,
            Rtnl.RTPROT_NSPLAY));
  }

  @Test
  void addressDeleteAndDump() {
    assertBytes(
        Hex.parse(
            """
            28000000 1500 0500 06000000 00000000  # RTM_DELADDR, REQUEST|ACK
            02 18 00 00 03000000
            0800 0200 c0a80f01
            0800 0100 c0a80f01
            """),
        AddrRequest.delete(6, Rtnl.AF_INET, 3, IP_192_168_15_1, 24));
    assertBytes(
        Hex.parse(
            """
            18000000 1600 0103 07000000 00000000  # len 24, RTM_GETADDR, REQUEST|DUMP
            0a 00 00 00 00000000                  # ifaddrmsg AF_INET6
            """),
        AddrRequest.dump(7, Rtnl.AF_INET6));
  }

  @Test
  void defaultRouteViaGateway() {
    assertBytes(
        Hex.parse(
            """
            2c000000 1800 0506 07000000 00000000  # len 44, RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE
            02 00 00 00 fe 03 00 01 00000000      # rtmsg: AF_INET, dst_len 0, main, boot, universe, unicast
            0800 0f00 fe000000                    # RTA_TABLE 254
            0800 0500 c0a80f05                    # RTA_GATEWAY 192.168.15.5
            """),
        RouteRequest.add(7, Rtnl.AF_INET, null, 0, IP_192_168_15_5, 0));
  }

  @Test
  void routeWithNsplaysProtocol() {
    // `ip route add 10.8.0.0/24 via 10.9.0.2 proto 217` sends rtm_protocol 0xd9 (strace); the
    // rest is as for any route (ip leaves RTA_TABLE out for the main table, nsplay sends it).
    assertBytes(
        Hex.parse(
            """
            34000000 1800 0506 07000000 00000000  # len 52, RTM_NEWROUTE, REQUEST|ACK|EXCL|CREATE
            02 18 00 00 fe d9 00 01 00000000      # rtmsg: AF_INET, /24, main, proto 217, universe, unicast
            0800 0f00 fe000000                    # RTA_TABLE 254
            0800 0100 0a080000                    # RTA_DST 10.8.0.0
            0800 0500 0a090002                    # RTA_GATEWAY 10.9.0.2
            """),
        RouteRequest.add(
            7,
            Rtnl.AF_INET,
            new byte[] {10, 8, 0, 0},
            24,
            new byte[] {10, 9, 0, 2},
            0,
            Rtnl.RTPROT_NSPLAY));
    assertBytes(
        Hex.parse(
            """
            2c000000 1800 0505 07000000 00000000  # len 44, RTM_NEWROUTE, REQUEST|ACK|REPLACE|CREATE
            02 00 00 00 fe d9 00 01 00000000      # proto 217
            0800 0f00 fe000000
            0800 0500 c0a80f05
            """),
        RouteRequest.replace(7, Rtnl.AF_INET, null, 0, IP_192_168_15_5, 0, Rtnl.RTPROT_NSPLAY));
  }

  @Test
  void routeGet() {
    // strace of `ip route get 127.0.0.1`: RTM_GETROUTE, REQUEST, dst_len 32,
    // rtm_flags RTM_F_LOOKUP_TABLE, RTA_DST.
    assertBytes(
        Hex.parse(
            """
            24000000 1a00 0100 07000000 00000000  # len 36, RTM_GETROUTE, REQUEST
            02 20 00 00 00 00 00 00 00100000      # rtmsg: AF_INET, /32, flags LOOKUP_TABLE
            0800 0100 7f000001                    # RTA_DST 127.0.0.1
            """),
        RouteRequest.get(7, Rtnl.AF_INET, new byte[] {127, 0, 0, 1}));
  }

  @Test
  void linkRouteAndDelete() {
    byte[] net = {10, 0, 0, 0};
    assertBytes(
        Hex.parse(
            """
            34000000 1800 0506 08000000 00000000  # len 52, RTM_NEWROUTE
            02 08 00 00 fe 03 fd 01 00000000      # dst_len 8, scope link (no gateway)
            0800 0f00 fe000000                    # RTA_TABLE 254
            0800 0100 0a000000                    # RTA_DST 10.0.0.0
            0800 0400 04000000                    # RTA_OIF 4
            """),
        RouteRequest.add(8, Rtnl.AF_INET, net, 8, null, 4));
    assertBytes(
        Hex.parse(
            """
            2c000000 1900 0500 09000000 00000000  # len 44, RTM_DELROUTE, REQUEST|ACK
            02 00 00 00 fe 00 ff 00 00000000      # protocol 0, scope NOWHERE, type 0: wildcards
            0800 0f00 fe000000
            0800 0500 c0a80f05
            """),
        RouteRequest.delete(9, Rtnl.AF_INET, null, 0, IP_192_168_15_5, 0));
    assertBytes(
        Hex.parse(
            """
            1c000000 1a00 0103 0a000000 00000000  # len 28, RTM_GETROUTE, REQUEST|DUMP
            02 00 00 00 00 00 00 00 00000000      # rtmsg AF_INET
            """),
        RouteRequest.dump(10, Rtnl.AF_INET));
  }

  @Test
  void preconditionsNameTheBadInput() {
    assertMessage("16", () -> LinkRequest.create().name("a-name-of-16-byt"));
    assertMessage("/", () -> LinkRequest.create().name("a/b"));
    assertMessage("ifindex", () -> LinkRequest.change(0));
    assertMessage("group", () -> LinkRequest.deleteGroup(0));
    assertMessage("peer name", () -> new PeerSpec("", -1, 0));
    assertMessage("got 5", () -> AddrRequest.add(1, Rtnl.AF_INET, 3, new byte[5], 24));
    assertMessage("33", () -> AddrRequest.add(1, Rtnl.AF_INET, 3, IP_192_168_15_1, 33));
    assertMessage("family", () -> AddrRequest.add(1, 7, 3, IP_192_168_15_1, 24));
    assertMessage("gateway or an oif", () -> RouteRequest.add(1, Rtnl.AF_INET, null, 0, null, 0));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> LinkRequest.create().name("x").kind("ifb").alias("a").build(1));
    assertTrue(e.getMessage().contains("change"), e.getMessage());
  }

  private static void assertMessage(String fragment, Runnable r) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(fragment), e.getMessage());
  }
}

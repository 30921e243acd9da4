package nsplay.netlink.rtnl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import nsplay.netlink.Hex;
import nsplay.netlink.Message;
import nsplay.netlink.MessageIterator;
import nsplay.netlink.Messages;
import org.junit.jupiter.api.Test;

class DecodeTest {
  /** A link dump as the kernel sends it: lo, a veth enslaved to a bridge, then NLMSG_DONE. */
  static final byte[] LINK_DUMP =
      Hex.parse(
          """
          30000000 1000 0200 05000000 00000000  # len 48, RTM_NEWLINK, MULTI
          00 00 0403 01000000                   # ifinfomsg: index 1, type ARPHRD_LOOPBACK
          49000100 00000000                     #   flags UP|LOOPBACK|RUNNING|LOWER_UP
          0700 0300 6c6f0000                    # IFLA_IFNAME "lo"
          0800 0400 00000100                    # IFLA_MTU 65536
          8c000000 1000 0200 05000000 00000000  # len 140, RTM_NEWLINK, MULTI
          00 00 0100 05000000                   # index 5, ARPHRD_ETHER
          03100100 00000000                     #   flags UP|BROADCAST|MULTICAST|LOWER_UP
          0700 0300 683100 00                   # IFLA_IFNAME "h1"
          0800 0400 dc050000                    # IFLA_MTU 1500
          0800 0a00 03000000                    # IFLA_MASTER 3
          0800 0500 02000000                    # IFLA_LINK 2 (peer's index)
          0800 2500 00000000                    # IFLA_LINK_NETNSID 0
          0800 1b00 2a000000                    # IFLA_GROUP 42
          0500 1000 06 000000                   # IFLA_OPERSTATE UP
          0a00 0100 020000000001 0000           # IFLA_ADDRESS 02:00:00:00:00:01
          0900 1400 6c61623a31 000000           # IFLA_IFALIAS "lab:1"
          1c00 1200                             # IFLA_LINKINFO, len 28
            0900 0100 7665746800 000000         #   IFLA_INFO_KIND "veth"
            0c00 0300 0800 0100 00000000        #   IFLA_INFO_XSTATS nest: ignored
          14000000 0300 0200 05000000 00000000  # NLMSG_DONE
          00000000
          """);

  @Test
  void decodesAMultiPartLinkDump() {
    List<Link> links = new ArrayList<>();
    boolean done = false;
    for (Message m : Messages.parse(LINK_DUMP, LINK_DUMP.length)) {
      if (m.isDone()) {
        done = true;
        break;
      }
      links.add(Link.decode(m));
    }
    assertTrue(done);
    assertEquals(new Link(1, "lo", 0x10049, null, 0, 0, -1, null, 0, 65536, null, 0), links.get(0));
    Link h1 = links.get(1);
    assertEquals(
        new Link(
            5,
            "h1",
            0x11003,
            "veth",
            3,
            2,
            0,
            "lab:1",
            42,
            1500,
            Hex.parse("020000000001"),
            Rtnl.IF_OPER_UP),
        h1);
    assertTrue(h1.up());
    assertFalse(new Link(1, "lo", 0, null, 0, 0, -1, null, 0, 65536, null, 0).up());
  }

  @Test
  void truncatedDumpKeepsWhatIsComplete() {
    MessageIterator it = new MessageIterator(LINK_DUMP, 100);
    assertEquals("lo", Link.decode(it.next()).name());
    assertFalse(it.hasNext());
    assertTrue(it.truncated());
  }

  @Test
  void linkWithTruncatedAttributesDecodesThePrefix() {
    // A message whose nlmsg_len is consistent but whose last attribute is cut.
    byte[] b =
        Hex.parse(
            """
            2c000000 1000 0000 01000000 00000000  # len 44
            00000000 07000000 00000000 00000000   # index 7
            0700 0300 783100 00                   # IFLA_IFNAME "x1"
            2000 0400 dc05                        # IFLA_MTU claims 32 bytes: cut
            """);
    Link l = Link.decode(new MessageIterator(b, b.length).next());
    assertEquals("x1", l.name());
    assertEquals(0, l.mtu());
  }

  @Test
  void decodesAnAddress() {
    byte[] b =
        Hex.parse(
            """
            30000000 1400 0200 06000000 00000000  # len 48, RTM_NEWADDR, MULTI
            02 18 80 00 03000000                  # AF_INET /24, IFA_F_PERMANENT, universe, index 3
            0800 0100 c0a80f01                    # IFA_ADDRESS
            0800 0200 c0a80f01                    # IFA_LOCAL
            0800 0300 683100 00                   # IFA_LABEL "h1"
            """);
    Addr a = Addr.decode(new MessageIterator(b, b.length).next());
    byte[] ip = {(byte) 192, (byte) 168, 15, 1};
    assertEquals(new Addr(Rtnl.AF_INET, 24, 3, 0, ip, ip, "h1"), a);
    assertEquals(new Addr(Rtnl.AF_INET, 24, 3, 0, ip, ip, "h1").hashCode(), a.hashCode());
    assertEquals("192.168.15.1/24", a.cidr());
    assertNotEquals(new Addr(Rtnl.AF_INET, 24, 3, 0, ip, new byte[4], "h1"), a);
  }

  @Test
  void decodesAnAddresssProto() {
    byte[] b =
        Hex.parse(
            """
            28000000 1400 0200 06000000 00000000  # len 40, RTM_NEWADDR, MULTI
            02 18 80 00 03000000
            0800 0100 c0a80f01                    # IFA_ADDRESS
            0500 0b00 d9 000000                   # IFA_PROTO 217
            """);
    Addr a = Addr.decode(new MessageIterator(b, b.length).next());
    assertEquals(Rtnl.IFAPROT_NSPLAY, a.proto());
    byte[] ip = {(byte) 192, (byte) 168, 15, 1};
    assertNotEquals(new Addr(Rtnl.AF_INET, 24, 3, 0, ip, null, null), a);
    assertEquals(new Addr(Rtnl.AF_INET, 24, 3, 0, ip, null, null, 217), a);
  }

  @Test
  void decodesARouteAndPrefersRtaTable() {
    byte[] b =
        Hex.parse(
            """
            3c000000 1800 0200 07000000 00000000  # len 60, RTM_NEWROUTE
            02 00 00 00 fc 03 00 01 00000000      # AF_INET, default, rtm_table 252 (RT_TABLE_COMPAT)
            0800 0f00 e8030000                    # RTA_TABLE 1000: wins
            0800 0600 64000000                    # RTA_PRIORITY 100
            0800 0500 c0a80f05                    # RTA_GATEWAY
            0800 0400 04000000                    # RTA_OIF 4
            """);
    Route r = Route.decode(new MessageIterator(b, b.length).next());
    assertEquals(
        new Route(
            Rtnl.AF_INET,
            0,
            1000,
            Rtnl.RTPROT_BOOT,
            Rtnl.RT_SCOPE_UNIVERSE,
            Rtnl.RTN_UNICAST,
            null,
            new byte[] {(byte) 192, (byte) 168, 15, 5},
            4,
            100),
        r);
    assertTrue(r.isDefault());
    assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 15, 5}, r.gateway());
    assertNull(r.dst());
  }

  @Test
  void decodersRejectTheWrongType() {
    byte[] b = Hex.parse("1c000000 1400 0000 01000000 00000000 0000000000000000 00000000");
    Message m = new MessageIterator(b, b.length).next();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Link.decode(m));
    assertTrue(e.getMessage().contains("20"), e.getMessage());
    byte[] shortAddr = Hex.parse("14000000 1400 0000 01000000 00000000 02180000");
    assertThrows(
        IllegalArgumentException.class,
        () -> Addr.decode(new MessageIterator(shortAddr, shortAddr.length).next()));
  }
}

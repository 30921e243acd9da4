package nsplay.kernel;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsplay.netlink.Attrs;
import nsplay.netlink.Hex;
import org.junit.jupiter.api.Test;

/**
 * A vlan's create request as iproute2 sends it: IFLA_LINK and the IFLA_INFO_DATA parts below are
 * what {@code strace -f -e trace=sendmsg -xx ip link add link kvd name v10 type vlan id 10} showed
 * (iproute2 6.1; this machine's kernel then refuses the kind, which does not stop ip sending it),
 * kvd being ifindex 3. The framing is ours: our IFLA_INFO_KIND carries its NUL ("vlan\0", length 9
 * padded to 12; iproute2's is length 8), so IFLA_LINKINFO and the message are 4 bytes longer.
 */
class VlanSpecTest {
  /** ip link add link kvd name v10 type vlan id 10 */
  @Test
  void dot1qAsIproute2SendsIt() {
    LinkSpec.Vlan v = new LinkSpec.Vlan("kvd", 10, "802.1q");
    assertEquals("kvd", v.parent());
    assertBytes(
        Hex.parse(
            """
            4c000000 1000 0506 07000000 00000000  # len 76 (ip: 72), RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00000000 00000000 00000000 00000000   # ifinfomsg: all zero
            0800 0500 03000000                    # IFLA_LINK 3 (link kvd), as captured
            0800 0300 76313000                    # IFLA_IFNAME "v10", as captured
            1c00 1200                             # IFLA_LINKINFO, len 28 (ip: 24)
              0900 0100 766c616e00 000000         #   IFLA_INFO_KIND "vlan" (ip: 0800, no NUL)
              0c00 0200                           #   IFLA_INFO_DATA, len 12 (as captured:)
                0600 0100 0a00 0000               #     IFLA_VLAN_ID 10
            """),
        MacvlanSpecTest.request("v10", v));
    assertEquals("link kvd type vlan id 10", v.words(null));
  }

  /** ip link add link kvd name v11 type vlan protocol 802.1ad id 11 */
  @Test
  void dot1adAsIproute2SendsIt() {
    LinkSpec.Vlan v = new LinkSpec.Vlan("kvd", 11, "802.1ad");
    assertBytes(
        Hex.parse(
            """
            54000000 1000 0506 07000000 00000000  # len 84 (ip: 80)
            00000000 00000000 00000000 00000000
            0800 0500 03000000                    # IFLA_LINK 3
            0800 0300 76313100                    # IFLA_IFNAME "v11"
            2400 1200                             # IFLA_LINKINFO, len 36 (ip: 32)
              0900 0100 766c616e00 000000         #   IFLA_INFO_KIND "vlan"
              1400 0200                           #   IFLA_INFO_DATA, len 20 (as captured:)
                0600 0500 88a8 0000               #     IFLA_VLAN_PROTOCOL 0x88a8, big-endian
                0600 0100 0b00 0000               #     IFLA_VLAN_ID 11
            """),
        MacvlanSpecTest.request("v11", v));
    assertEquals("link kvd type vlan protocol 802.1ad id 11", v.words(null));
  }

  @Test
  void decodesBackWhatTheKernelReports() {
    // A dump has the protocol even for 802.1Q, and the flags and QoS maps besides.
    byte[] q = Hex.parse("0600 0500 8100 0000  0600 0100 0a00 0000  0c00 0200 01000000 ffffffff");
    assertEquals(
        new LinkSpec.Vlan(null, 10, "802.1q"),
        LinkSpec.decode("vlan", () -> Attrs.parse(q, 0, q.length)));
    byte[] ad = Hex.parse("0600 0500 88a8 0000  0600 0100 0b00 0000");
    assertEquals(
        new LinkSpec.Vlan(null, 11, "802.1ad"),
        LinkSpec.decode("vlan", () -> Attrs.parse(ad, 0, ad.length)));
  }

  @Test
  void anotherIdOrProtocolDiffers() {
    LinkSpec.Vlan want = new LinkSpec.Vlan("kvd", 10, "802.1q");
    assertFalse(want.differs(want.asDecoded()));
    assertTrue(want.differs(new LinkSpec.Vlan(null, 20, "802.1q")));
    assertTrue(want.differs(new LinkSpec.Vlan(null, 10, "802.1ad")));
  }
}

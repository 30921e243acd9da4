package nsplay.kernel;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsplay.netlink.Attrs;
import nsplay.netlink.Hex;
import org.junit.jupiter.api.Test;

/**
 * A bond's create request as iproute2 sends it: the IFLA_INFO_DATA below is what {@code strace -f
 * -e trace=sendmsg -xx ip link add b0 type bond mode active-backup miimon 100} showed (iproute2
 * 6.1; this machine's kernel then refuses the kind, which does not stop ip sending it). The framing
 * is ours: IFLA_INFO_KIND carries its NUL ("bond\0", length 9 padded to 12; iproute2's length 8),
 * so IFLA_LINKINFO and the message are 4 bytes longer.
 */
class BondSpecTest {
  /** ip link add b0 type bond mode active-backup miimon 100 */
  @Test
  void asIproute2SendsIt() {
    LinkSpec.Bond b = new LinkSpec.Bond("active-backup", 100);
    assertBytes(
        Hex.parse(
            """
            4c000000 1000 0506 07000000 00000000  # len 76 (ip: 72), RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00000000 00000000 00000000 00000000   # ifinfomsg: all zero
            0700 0300 62300000                    # IFLA_IFNAME "b0", as captured
            2400 1200                             # IFLA_LINKINFO, len 36 (ip: 32)
              0900 0100 626f6e6400 000000         #   IFLA_INFO_KIND "bond" (ip: 0800, no NUL)
              1400 0200                           #   IFLA_INFO_DATA, len 20 (as captured:)
                0500 0100 01 000000               #     IFLA_BOND_MODE 1 (active-backup)
                0800 0300 64000000                #     IFLA_BOND_MIIMON 100
            """),
        nsplay.netlink.rtnl.LinkRequest.create()
            .name("b0")
            .linkInfo(b.kind(), m -> b.writeData(m, VxlanSpecTest.DEV_IS_3, 0))
            .build(7));
    assertEquals("type bond mode active-backup miimon 100", b.words(null));
  }

  @Test
  void modesAreNumberedAsTheKernelNumbersThem() {
    assertEquals(0, LinkSpec.Bond.MODES.indexOf("balance-rr"));
    assertEquals(4, LinkSpec.Bond.MODES.indexOf("802.3ad"));
    assertEquals(6, LinkSpec.Bond.MODES.indexOf("balance-alb"));
  }

  @Test
  void decodesBackAndDiffers() {
    byte[] data = Hex.parse("0500 0100 01 000000  0800 0300 64000000  0800 0400 00000000");
    LinkSpec got = LinkSpec.decode("bond", () -> Attrs.parse(data, 0, data.length));
    assertEquals(new LinkSpec.Bond("active-backup", 100), got);
    LinkSpec.Bond want = new LinkSpec.Bond("active-backup", 100);
    assertFalse(want.differs(got));
    assertTrue(want.differs(new LinkSpec.Bond("balance-rr", 100)));
    assertTrue(want.differs(new LinkSpec.Bond("active-backup", 0)));
  }
}

package nsplay.kernel;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsplay.net.Ip;
import nsplay.netlink.Attrs;
import nsplay.netlink.Hex;
import nsplay.netlink.rtnl.LinkRequest;
import org.junit.jupiter.api.Test;

/**
 * A vxlan's IFLA_INFO_DATA, byte for byte as iproute2 sends it: the data parts below are what
 * {@code strace -f -e trace=sendmsg -xx ip link add ...} showed (iproute2 6.x, kernel 6.18), the
 * framing around them ours (our IFLA_INFO_KIND carries its NUL, iproute2's does not: the kernel
 * takes both).
 */
class VxlanSpecTest {
  static final LinkSpec.Resolver DEV_IS_3 =
      new LinkSpec.Resolver() {
        @Override
        public int netnsFd(String netns) {
          throw new AssertionError();
        }

        @Override
        public int ifindex(String name) {
          assertEquals("kvd", name);
          return 3;
        }
      };

  static byte[] request(String name, LinkSpec spec) {
    return LinkRequest.create()
        .name(name)
        .linkInfo(spec.kind(), b -> spec.writeData(b, DEV_IS_3, 0))
        .build(7);
  }

  /**
   * ip link add vx0 type vxlan id 42 remote 10.0.0.2 local 10.0.0.1 dev kvd dstport 4789 nolearning
   */
  @Test
  void everythingAsIproute2SendsIt() {
    LinkSpec.Vxlan v =
        new LinkSpec.Vxlan(42, Ip.parse("10.0.0.2"), Ip.parse("10.0.0.1"), "kvd", 4789, false);
    assertBytes(
        Hex.parse(
            """
            6c000000 1000 0506 07000000 00000000  # len 108, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00000000 00000000 00000000 00000000   # ifinfomsg: all zero
            0800 0300 76783000                    # IFLA_IFNAME "vx0"
            4400 1200                             # IFLA_LINKINFO, len 68
              0a00 0100 76786c616e00 0000         #   IFLA_INFO_KIND "vxlan"
              3400 0200                           #   IFLA_INFO_DATA, len 52 (as captured:)
                0800 0300 03000000                #     IFLA_VXLAN_LINK 3 (dev kvd)
                0800 0100 2a000000                #     IFLA_VXLAN_ID 42
                0800 0400 0a000001                #     IFLA_VXLAN_LOCAL 10.0.0.1
                0800 0200 0a000002                #     IFLA_VXLAN_GROUP 10.0.0.2 (remote)
                0500 0700 00 000000               #     IFLA_VXLAN_LEARNING 0
                0600 0f00 12b5 0000               #     IFLA_VXLAN_PORT 4789, big-endian
            """),
        request("vx0", v));
    assertEquals(
        "type vxlan id 42 remote 10.0.0.2 local 10.0.0.1 dev kvd dstport 4789 nolearning",
        v.words(null));
  }

  /** ip link add vx1 type vxlan id 7 dstport 4789 */
  @Test
  void onlyTheId() {
    LinkSpec.Vxlan v = new LinkSpec.Vxlan(7, null, null, null, 4789, true);
    assertBytes(
        Hex.parse(
            """
            54000000 1000 0506 07000000 00000000  # len 84
            00000000 00000000 00000000 00000000
            0800 0300 76783100                    # IFLA_IFNAME "vx1"
            2c00 1200                             # IFLA_LINKINFO, len 44
              0a00 0100 76786c616e00 0000         #   IFLA_INFO_KIND "vxlan"
              1c00 0200                           #   IFLA_INFO_DATA, len 28 (as captured:)
                0800 0100 07000000                #     IFLA_VXLAN_ID 7
                0500 0700 01 000000               #     IFLA_VXLAN_LEARNING 1
                0600 0f00 12b5 0000               #     IFLA_VXLAN_PORT 4789
            """),
        request("vx1", v));
    assertEquals("type vxlan id 7 dstport 4789", v.words(null));
  }

  @Test
  void decodesBackWhatItWrites() {
    byte[] data =
        Hex.parse(
            """
            0800 0300 03000000  0800 0100 2a000000  0800 0400 0a000001  0800 0200 0a000002
            0500 0700 00 000000  0600 0f00 12b5 0000
            """);
    LinkSpec got = LinkSpec.decode("vxlan", () -> Attrs.parse(data, 0, data.length));
    assertEquals(
        new LinkSpec.Vxlan(42, Ip.parse("10.0.0.2"), Ip.parse("10.0.0.1"), null, 4789, false), got);
  }

  @Test
  void whatTheKernelWillNotChangeMakesItDiffer() {
    LinkSpec.Vxlan want = new LinkSpec.Vxlan(42, Ip.parse("10.0.0.2"), null, "kvd", 4789, true);
    assertFalse(want.differs(want.asDecoded()));
    assertTrue(want.differs(new LinkSpec.Vxlan(43, Ip.parse("10.0.0.2"), null, null, 4789, true)));
    assertTrue(want.differs(new LinkSpec.Vxlan(42, Ip.parse("10.0.0.3"), null, null, 4789, true)));
    assertTrue(want.differs(new LinkSpec.Vxlan(42, Ip.parse("10.0.0.2"), null, null, 8472, true)));
  }
}

package nsplay.kernel;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsplay.netlink.Attrs;
import nsplay.netlink.Hex;
import nsplay.netlink.rtnl.LinkRequest;
import org.junit.jupiter.api.Test;

/**
 * A macvlan's create request, byte for byte as iproute2 sends it: what {@code strace -f -e
 * trace=sendmsg -xx ip link add link kvd name mv0 type macvlan mode bridge} showed (iproute2 6.1,
 * kernel 6.18, kvd being ifindex 3), IFLA_LINK first as ip writes it. The one difference is ours:
 * IFLA_INFO_KIND carries its NUL (length 12, iproute2's 11 with the same padding byte).
 */
class MacvlanSpecTest {
  static byte[] request(String name, LinkSpec spec) {
    return LinkRequest.create()
        .link(3) // what NetlinkLinks resolves spec.parent() "kvd" to
        .name(name)
        .linkInfo(spec.kind(), b -> spec.writeData(b, VxlanSpecTest.DEV_IS_3, 0))
        .build(7);
  }

  /** ip link add link kvd name mv0 type macvlan mode bridge */
  @Test
  void bridgeModeAsIproute2SendsIt() {
    LinkSpec.Macvlan m = new LinkSpec.Macvlan("kvd", "bridge");
    assertEquals("kvd", m.parent());
    assertBytes(
        Hex.parse(
            """
            4c000000 1000 0506 07000000 00000000  # len 76, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00000000 00000000 00000000 00000000   # ifinfomsg: all zero
            0800 0500 03000000                    # IFLA_LINK 3 (link kvd)
            0800 0300 6d763000                    # IFLA_IFNAME "mv0"
            1c00 1200                             # IFLA_LINKINFO, len 28
              0c00 0100 6d6163766c616e00          #   IFLA_INFO_KIND "macvlan" (ip: 0b00, no NUL)
              0c00 0200                           #   IFLA_INFO_DATA, len 12 (as captured:)
                0800 0100 04000000                #     IFLA_MACVLAN_MODE 4 (bridge)
            """),
        request("mv0", m));
    assertEquals("link kvd type macvlan mode bridge", m.words(null));
  }

  @Test
  void everyModeHasItsValue() {
    for (var e : LinkSpec.Macvlan.MODES.entrySet()) {
      byte[] data = new byte[8];
      LinkSpec.Macvlan m = new LinkSpec.Macvlan("kvd", e.getKey());
      byte[] req = request("m", m);
      System.arraycopy(req, req.length - 8, data, 0, 8);
      assertEquals(e.getValue(), Attrs.parse(data, 0, 8).u32(1), e.getKey());
      assertEquals(
          new LinkSpec.Macvlan(null, e.getKey()),
          LinkSpec.decode("macvlan", () -> Attrs.parse(data, 0, data.length)));
    }
  }

  @Test
  void decodesBackWhatTheKernelReports() {
    // mode bridge, then IFLA_MACVLAN_FLAGS 0 and the broadcast queue length, as a dump has them
    byte[] data = Hex.parse("0800 0100 04000000  0600 0200 0000 0000  0800 0700 e8030000");
    assertEquals(
        new LinkSpec.Macvlan(null, "bridge"),
        LinkSpec.decode("macvlan", () -> Attrs.parse(data, 0, data.length)));
  }

  @Test
  void anotherModeDiffers() {
    LinkSpec.Macvlan want = new LinkSpec.Macvlan("kvd", "bridge");
    assertFalse(want.differs(want.asDecoded()));
    assertTrue(want.differs(new LinkSpec.Macvlan(null, "vepa")));
  }
}

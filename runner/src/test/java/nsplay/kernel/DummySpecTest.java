package nsplay.kernel;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import nsplay.netlink.Hex;
import nsplay.netlink.rtnl.LinkRequest;
import org.junit.jupiter.api.Test;

/**
 * A dummy's create request as iproute2 sends it: {@code strace -f -e trace=sendmsg -xx ip link add
 * d0 type dummy} (iproute2 6.1; this machine's kernel then refuses the kind, which does not stop ip
 * sending it). The one difference is ours: IFLA_INFO_KIND carries its NUL (length 10, iproute2's 9,
 * with the same padding).
 */
class DummySpecTest {
  /** ip link add d0 type dummy */
  @Test
  void asIproute2SendsIt() {
    LinkSpec d = new LinkSpec.Dummy();
    assertFalse(d.hasData());
    assertBytes(
        Hex.parse(
            """
            38000000 1000 0506 07000000 00000000  # len 56, RTM_NEWLINK, REQUEST|ACK|EXCL|CREATE
            00000000 00000000 00000000 00000000   # ifinfomsg: all zero
            0700 0300 64300000                    # IFLA_IFNAME "d0"
            1000 1200                             # IFLA_LINKINFO, len 16
              0a00 0100 64756d6d7900 0000         #   IFLA_INFO_KIND "dummy" (ip: 0900, no NUL)
            """),
        LinkRequest.create().name("d0").linkInfo(d.kind(), null).build(7));
    assertEquals("type dummy", d.words(null));
    assertEquals(d, LinkSpec.decode("dummy", nsplay.netlink.Attrs::empty));
  }
}

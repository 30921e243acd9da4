package nsplay.netlink.rtnl;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsplay.netlink.Hex;
import nsplay.netlink.Message;
import org.junit.jupiter.api.Test;

/**
 * A vxlan's default FDB entries, byte for byte as iproute2 sends them: the bodies below are what
 * {@code strace -f -e trace=sendmsg -xx bridge fdb append 00:00:00:00:00:00 dev vx0 dst 10.9.0.2}
 * (and {@code fdb del}) showed with bridge 6.1, vx0 being ifindex 2; the headers differ only in the
 * sequence number.
 */
class FdbRequestTest {
  static final byte[] DST = {10, 9, 0, 2};

  @Test
  void appendIsWhatBridgeFdbAppendSends() {
    assertBytes(
        Hex.parse(
            """
            30000000 1c00 050c 07000000 00000000  # len 48, RTM_NEWNEIGH, REQUEST|ACK|CREATE|APPEND
            07 00 0000 02000000 c000 02 00        # ndmsg: AF_BRIDGE, ifindex 2, NOARP|PERMANENT, SELF
            0a00 0200 000000000000 0000           # NDA_LLADDR 00:00:00:00:00:00
            0800 0100 0a090002                    # NDA_DST 10.9.0.2
            """),
        FdbRequest.appendDefault(7, 2, DST));
  }

  @Test
  void deleteIsWhatBridgeFdbDelSends() {
    assertBytes(
        Hex.parse(
            """
            30000000 1d00 0500 07000000 00000000  # len 48, RTM_DELNEIGH, REQUEST|ACK
            07 00 0000 02000000 c000 02 00
            0a00 0200 000000000000 0000
            0800 0100 0a090002
            """),
        FdbRequest.deleteDefault(7, 2, DST));
  }

  @Test
  void dumpAsksForEveryBridgeEntry() {
    assertBytes(
        Hex.parse(
            """
            1c000000 1e00 0103 07000000 00000000  # len 28, RTM_GETNEIGH, REQUEST|DUMP
            07 00 0000 00000000 0000 00 00        # ndmsg: AF_BRIDGE, any device
            """),
        FdbRequest.dump(7));
  }

  @Test
  void decodesADefaultEntryAndTellsFamilies() {
    byte[] b = FdbRequest.appendDefault(1, 5, DST);
    Message m = new Message(FdbRequest.RTM_NEWNEIGH, 2, 1, 0, b, 16, b.length - 16);
    assertTrue(Fdb.isFdb(m));
    Fdb f = Fdb.decode(m);
    assertEquals(5, f.index());
    assertTrue(f.isDefault());
    assertArrayEquals(DST, f.dst());
    byte[] inet = b.clone();
    inet[16] = 2; // AF_INET: an ARP entry, not the FDB's
    assertFalse(Fdb.isFdb(new Message(FdbRequest.RTM_NEWNEIGH, 2, 1, 0, inet, 16, b.length - 16)));
  }

  @Test
  void refusesWhatTheKernelWouldRefuse() {
    assertThrows(IllegalArgumentException.class, () -> FdbRequest.appendDefault(1, 0, DST));
    assertThrows(
        IllegalArgumentException.class, () -> FdbRequest.appendDefault(1, 2, new byte[] {1}));
  }
}

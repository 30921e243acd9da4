package nsplay.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetlinkErrorTest {
  static final String EEXIST_TEXT = "ipv4: Address already assigned";

  static Message single(byte[] b) {
    MessageIterator it = new MessageIterator(b, b.length);
    return it.next();
  }

  @Test
  void cappedErrorWithExtAckMessage() {
    byte[] b =
        Hex.concat(
            Hex.parse(
                """
                50000000 0200 0003 06000000 00000000  # len 80, NLMSG_ERROR, CAPPED|ACK_TLVS
                efffffff                              # error -17 (EEXIST)
                28000000 1400 0506 06000000 00000000  # echoed header only (capped)
                2300 0100                             # NLMSGERR_ATTR_MSG, len 35
                """),
            Hex.ascii(EEXIST_TEXT),
            Hex.parse(
                """
                00 00                                 # NUL, 1 byte padding
                0800 0200 18000000                    # NLMSGERR_ATTR_OFFS 24
                """));
    assertEquals(80, b.length);
    NetlinkError e = NetlinkError.parse(single(b));
    assertEquals(new NetlinkError(17, EEXIST_TEXT, 24), e);
    assertEquals("EEXIST (17): " + EEXIST_TEXT, e.toString());
  }

  @Test
  void uncappedErrorEchoesTheWholeRequestBeforeTheTlvs() {
    byte[] b =
        Hex.parse(
            """
            34000000 0200 0002 09000000 00000000  # len 52, NLMSG_ERROR, ACK_TLVS only
            eaffffff                              # -22 EINVAL
            18000000 1000 0500 09000000 00000000  # original: len 24
            0800 0300 6c6f0000                    #   its IFLA_IFNAME "lo"
            0800 0100 62616400                    # NLMSGERR_ATTR_MSG "bad"
            """);
    assertEquals(new NetlinkError(22, "bad", -1), NetlinkError.parse(single(b)));
  }

  @Test
  void ackHasErrnoZeroAndNoMessage() {
    byte[] b =
        Hex.parse(
            """
            24000000 0200 0001 07000000 2a000000  # len 36, NLMSG_ERROR, CAPPED
            00000000                              # 0: ACK
            28000000 1400 0506 07000000 00000000  # echoed header
            """);
    NetlinkError e = NetlinkError.parse(single(b));
    assertTrue(e.isAck());
    assertNull(e.message());
    assertEquals(-1, e.offset());
  }

  @Test
  void truncatedErrorIsEproto() {
    byte[] b = Hex.parse("12000000 0200 0000 01000000 00000000 ffff");
    assertEquals(NetlinkError.EPROTO, NetlinkError.parse(single(b)).errno());
  }

  @Test
  void truncatedTlvsAreIgnored() {
    byte[] b =
        Hex.parse(
            """
            2c000000 0200 0003 06000000 00000000  # NLMSG_ERROR, CAPPED|ACK_TLVS
            feffffff                              # -2 ENOENT
            28000000 1400 0506 06000000 00000000  # echoed header
            4000 0100 6162 6364                   # MSG claims 64 bytes, has 4
            """);
    assertEquals(new NetlinkError(2, null, -1), NetlinkError.parse(single(b)));
  }

  @Test
  void rejectsOtherMessageTypes() {
    byte[] done = Hex.parse("14000000 0300 0200 05000000 00000000 00000000");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NetlinkError.parse(single(done)));
    assertTrue(e.getMessage().contains("3"), e.getMessage());
  }
}

package nsplay.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParseTest {
  /** Three messages as one recvmsg of a dump returns them: two parts, then NLMSG_DONE. */
  static final byte[] DUMP =
      Hex.parse(
          """
          18000000 1000 0200 05000000 00000000  # len 24, RTM_NEWLINK, MULTI, seq 5
          0800 0300 6c6f0000                    # IFLA_IFNAME "lo"
          20000000 1000 0200 05000000 00000000  # len 32, RTM_NEWLINK, MULTI
          0800 0400 00000100                    # IFLA_MTU 65536
          0500 1000 06 000000                   # IFLA_OPERSTATE u8 6, padded
          14000000 0300 0200 05000000 00000000  # len 20, NLMSG_DONE, MULTI
          00000000                              # int 0
          """);

  @Test
  void walksAMultiPartDumpToDone() {
    MessageIterator it = new MessageIterator(DUMP, DUMP.length);
    Message a = it.next();
    Message b = it.next();
    Message done = it.next();
    assertFalse(it.hasNext());
    assertFalse(it.truncated());

    assertEquals(16, a.type());
    assertEquals(Nl.NLM_F_MULTI, a.flags());
    assertEquals(5, a.seq());
    assertEquals(0, a.portId());
    assertEquals(8, a.payloadLength());
    assertEquals("lo", a.attrs(0).string(3));
    assertEquals(65536, b.attrs(0).u32(4));
    assertEquals(6, b.attrs(0).u8(16));
    assertTrue(done.isDone());
    assertEquals(0, done.payload().getInt());
    assertEquals(List.of(a, b, done), Messages.parse(DUMP, DUMP.length));
  }

  @Test
  void messagesAreCopiesThatSurviveBufferReuse() {
    byte[] buf = DUMP.clone();
    Message a = new MessageIterator(buf, buf.length).next();
    Arrays.fill(buf, (byte) 0);
    assertEquals("lo", a.attrs(0).string(3));
  }

  @Test
  void stopsOnATruncatedMessage() {
    for (int cut = 1; cut < DUMP.length; cut++) {
      if (cut == 24 || cut == 56) {
        continue; // message boundaries: not truncated
      }
      MessageIterator it = new MessageIterator(DUMP, cut);
      int n = 0;
      while (it.hasNext()) {
        it.next();
        n++;
      }
      assertTrue(it.truncated(), "cut " + cut);
      assertEquals(cut < 24 ? 0 : cut < 56 ? 1 : 2, n, "cut " + cut);
    }
  }

  @Test
  void stopsOnAnImpossibleLength() {
    byte[] bad = DUMP.clone();
    bad[24] = 8; // second nlmsg_len = 8 < NLMSG_HDRLEN
    MessageIterator it = new MessageIterator(bad, bad.length);
    it.next();
    assertFalse(it.hasNext());
    assertTrue(it.truncated());
    bad[24] = (byte) 0xff; // 255: past the end
    assertEquals(1, Messages.parse(bad, bad.length).size());
  }

  static final byte[] ATTRS =
      Hex.parse(
          """
          0800 0100 2a000000        # 1: u32 42
          0c00 0280                 # 2 | NESTED, len 12
            0800 0100 00000007      #   1: be32 7
          0600 0300 0102 0000       # 3: u16 0x0201
          0500 0100 ff 000000       # 1 again: first one wins
          0d00 0400 0102030405060708 09 000000  # 4: 9 bytes
          """);

  @Test
  void attrsLookupMasksFlagsAndKeepsOrder() {
    Attrs a = Attrs.parse(ATTRS, 0, ATTRS.length);
    assertFalse(a.truncated());
    assertEquals(5, a.size());
    assertEquals(42, a.u32(1));
    assertEquals(0x0201, a.u16(3));
    assertEquals(7, a.nested(2).u32Be(1));
    assertTrue(a.all().get(1).isNested());
    assertEquals(2, a.all().get(1).type());
    assertEquals(List.of(1, 2, 3, 1, 4), a.all().stream().map(Attr::type).toList());
    assertEquals(2, a.nestedList(1).size());
    assertArrayEquals(Hex.parse("010203040506070809"), a.bytes(4));
    assertEquals(0x0102030405060708L, a.u64Be(4));
  }

  @Test
  void absentAttributesGiveDefaults() {
    Attrs a = Attrs.parse(ATTRS, 0, ATTRS.length);
    assertFalse(a.has(9));
    assertEquals(0, a.u32(9));
    assertEquals(-1, a.u32(9, -1));
    assertEquals(0, a.u8(9));
    assertNull(a.string(9));
    assertNull(a.bytes(9));
    assertEquals(0, a.nested(9).size());
    assertEquals(0, a.nested(9).nested(1).u32(1));
    // present but too short for the width asked: default too
    assertEquals(-5, a.u32(3, -5));
  }

  @Test
  void attrsStopOnTruncation() {
    for (int cut = 0; cut < ATTRS.length; cut++) {
      Attrs a = Attrs.parse(ATTRS, 0, cut);
      // An attribute is complete once its nla_len bytes are there, padding or not.
      int expected = cut < 8 ? 0 : cut < 20 ? 1 : cut < 26 ? 2 : cut < 33 ? 3 : cut < 49 ? 4 : 5;
      assertEquals(expected, a.size(), "cut " + cut);
    }
    byte[] bad = ATTRS.clone();
    bad[8] = 2; // nla_len 2 < header
    Attrs a = Attrs.parse(bad, 0, bad.length);
    assertEquals(1, a.size());
    assertTrue(a.truncated());
  }

  @Test
  void regionOutsideTheBufferIsACallerBug() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Attrs.parse(ATTRS, 40, 100));
    assertTrue(e.getMessage().contains("100"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MessageIterator(DUMP, 999));
  }
}

package nsplay.netlink;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageBuilderTest {

  @Test
  void everyAttributeKindIsAlignedAndPadded() {
    MessageBuilder b = new MessageBuilder(0x1234, Nl.NLM_F_REQUEST);
    b.putU8(1, 0xab).putU16(2, 0x0102).putString(3, "ab").putFlag(4);
    int nest = b.nestStart(5);
    b.putU32(6, 0x01020304).nestEnd(nest);
    b.putU32Be(7, 0x01020304).putU64Be(8, 0x0102030405060708L);
    assertEquals(76, b.length());

    assertBytes(
        Hex.parse(
            """
            4c000000 3412 0100 07000000 00000000  # nlmsghdr len 76, type 0x1234, REQUEST, seq 7
            0500 0100 ab 000000                   # u8: len 5, 3 bytes padding
            0600 0200 0201 0000                   # u16 host order
            0700 0300 616200 00                   # "ab" + NUL, 1 byte padding
            0400 0400                             # flag: header only
            0c00 0500                             # nest type 5, len 12
              0800 0600 04030201                  #   u32 host order
            0800 0700 01020304                    # u32 big-endian
            0c00 0800 0102030405060708            # u64 big-endian
            """),
        b.build(7));
  }

  @Test
  void structIsPaddedAndNestedFlagIsSet() {
    MessageBuilder b = new MessageBuilder(1, 0).putStruct(new byte[] {1, 2, 3, 4, 5});
    int n = b.nestStartNested(2);
    b.nestEnd(n);
    assertBytes(
        Hex.parse(
            """
            1c000000 0100 0000 ffffffff 00000000  # len 28, seq 0xffffffff
            0102030405 000000                     # 5-byte struct, padded to 8
            0400 0280                             # empty nest, type 2 | NLA_F_NESTED
            """),
        b.build(-1));
  }

  @Test
  void buildCanBeRepeatedWithOtherSeq() {
    MessageBuilder b = new MessageBuilder(3, 0);
    assertEquals(1, b.build(1)[8]);
    assertEquals(2, b.build(2)[8]);
  }

  @Test
  void preconditionsNameTheBadInput() {
    MessageBuilder b = new MessageBuilder(1, 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.putU8(1, 256));
    assertTrue(e.getMessage().contains("256"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.putU32(0x10000, 1));
    assertTrue(e.getMessage().contains("type"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> b.putString(1, "a\0b"));
    assertTrue(e.getMessage().contains("NUL"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MessageBuilder(-1, 0));
    assertThrows(IllegalArgumentException.class, () -> b.putBytes(1, null));
  }

  @Test
  void nestsMustCloseInOrder() {
    MessageBuilder b = new MessageBuilder(1, 0);
    int outer = b.nestStart(1);
    b.nestStart(2);
    assertThrows(IllegalArgumentException.class, () -> b.nestEnd(outer));
    assertThrows(IllegalStateException.class, () -> b.build(1));
  }
}

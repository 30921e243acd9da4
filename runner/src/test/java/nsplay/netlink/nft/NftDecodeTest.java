package nsplay.netlink.nft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import nsplay.netlink.Hex;
import nsplay.netlink.Message;
import nsplay.netlink.MessageIterator;
import nsplay.netlink.Messages;
import org.junit.jupiter.api.Test;

class NftDecodeTest {
  static Message one(byte[] b) {
    return new MessageIterator(b, b.length).next();
  }

  @Test
  void tableDump() {
    byte[] b =
        Hex.parse(
            """
            3c000000 000a 0200 01000000 00000000  # len 60, NEWTABLE, MULTI
            02 00 0000                            # NFPROTO_IPV4
            0b00 0100 6e73706c617900 00           # NAME "nsplay"
            0800 0200 00000000                    # FLAGS 0
            0800 0300 00000001                    # USE 1
            0c00 0400 0000000000000005            # HANDLE 5
            14000000 0300 0200 01000000 00000000  # NLMSG_DONE
            00000000
            """);
    List<Message> msgs = Messages.parse(b, b.length);
    assertEquals(new NftTable(2, "nsplay", 0, 5, 1), NftTable.decode(msgs.get(0)));
    assertEquals(Nft.NFPROTO_IPV4, Nft.family(msgs.get(0)));
  }

  @Test
  void tableDumpWithComment() {
    byte[] b =
        Hex.parse(
            """
            30000000 000a 0200 01000000 00000000  # len 48, NEWTABLE, MULTI
            02 00 0000                            # NFPROTO_IPV4
            0600 0100 7400 0000                   # NAME "t"
            0c00 0600 00066e73703a7800            # USERDATA: comment "nsp:x"
            0800 0300 00000000                    # USE 0
            """);
    NftTable t = NftTable.decode(Messages.parse(b, b.length).get(0));
    assertEquals(new NftTable(2, "t", 0, 0, 0, true, "nsp:x"), t);
  }

  @Test
  void regularChainHasNoHook() {
    byte[] b =
        Hex.parse(
            """
            30000000 030a 0000 01000000 00000000  # len 48, NEWCHAIN
            01 00 0000                            # NFPROTO_INET
            0600 0100 7400 0000                   # TABLE "t"
            0600 0300 6300 0000                   # NAME "c"
            0c00 0200 0000000000000002            # HANDLE 2
            """);
    NftChain c = NftChain.decode(one(b));
    assertEquals(new NftChain("t", "c", 2, -1, 0, null), c);
    assertFalse(c.isBase());
  }

  @Test
  void negativePriorityIsSigned() {
    byte[] b =
        Hex.parse(
            """
            28000000 030a 0000 01000000 00000000  # len 40, NEWCHAIN
            02 00 0000
            1400 0480                             # HOOK, len 20
              0800 0100 00000000                  #   HOOKNUM 0 (prerouting)
              0800 0200 ffffff9c                  #   PRIORITY -100 (dstnat)
            """);
    NftChain c = NftChain.decode(one(b));
    assertEquals(0, c.hooknum());
    assertEquals(-100, c.priority());
  }

  @Test
  void ruleWithTruncatedExpressionListKeepsTheCompleteOnes() {
    byte[] b =
        Hex.parse(
            """
            3c000000 060a 0000 01000000 00000000  # len 60, NEWRULE
            02 00 0000
            0c00 0300 0000000000000009            # HANDLE 9
            1c00 0480                             # EXPRESSIONS, len 28: fits the message
              1000 0180 0900 0100 6d61737100 000000  # LIST_ELEM{NAME "masq"}
              4000 0180 0800 0100                 # LIST_ELEM claims 64 bytes: cut
            """);
    NftRule r = NftRule.decode(one(b));
    assertEquals(9, r.handle());
    assertEquals(List.of("masq"), r.exprNames());
    assertEquals(null, r.comment());
    assertEquals(null, r.userdata());
  }

  @Test
  void decodersRejectOtherTypes() {
    byte[] b = Hex.parse("14000000 000a 0000 01000000 00000000 02000000");
    assertThrows(IllegalArgumentException.class, () -> NftRule.decode(one(b)));
    assertThrows(IllegalArgumentException.class, () -> NftChain.decode(one(b)));
  }
}

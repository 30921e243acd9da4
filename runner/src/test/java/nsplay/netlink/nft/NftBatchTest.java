package nsplay.netlink.nft;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nsplay.netlink.Hex;
import nsplay.netlink.Message;
import nsplay.netlink.Messages;
import org.junit.jupiter.api.Test;

/**
 * The batch of {@code nft add table ip nsplay; add chain ip nsplay post { type nat hook postrouting
 * priority 100; }; add rule ip nsplay post ip saddr 192.168.15.0/24 oifname "eth0" masquerade
 * comment "lab"}, byte for byte.
 */
class NftBatchTest {
  static final byte[] NET = {(byte) 192, (byte) 168, 15, 0};

  static NftBatch natBatch() {
    return new NftBatch(100)
        .addTable(Nft.NFPROTO_IPV4, "nsplay")
        .addChain(
            Nft.NFPROTO_IPV4,
            "nsplay",
            "post",
            "nat",
            Nft.NF_INET_POST_ROUTING,
            Nft.NF_IP_PRI_NAT_SRC)
        .addRule(
            Nft.NFPROTO_IPV4,
            "nsplay",
            "post",
            Masquerade.rule(NET, 24, "eth0"),
            Nft.commentUserdata("lab"));
  }

  @Test
  void tableChainAndMasqueradeRule() {
    NftBatch batch = natBatch();
    assertEquals(3, batch.ackCount());
    assertEquals(100, batch.firstSeq());
    assertEquals(104, batch.lastSeq());
    assertBytes(
        Hex.parse(
            """
            14000000 1000 0100 64000000 00000000  # BATCH_BEGIN, REQUEST, seq 100
            00 00 000a                            # nfgenmsg AF_UNSPEC, v0, res_id htons(10)

            20000000 000a 0504 65000000 00000000  # len 32, NEWTABLE (10<<8|0), REQUEST|ACK|CREATE
            02 00 0000                            # nfgenmsg NFPROTO_IPV4
            0b00 0100 6e73706c617900 00           # NFTA_TABLE_NAME "nsplay"

            48000000 030a 0504 66000000 00000000  # len 72, NEWCHAIN, REQUEST|ACK|CREATE
            02 00 0000
            0b00 0100 6e73706c617900 00           # NFTA_CHAIN_TABLE "nsplay"
            0900 0300 706f737400 000000           # NFTA_CHAIN_NAME "post"
            1400 0480                             # NFTA_CHAIN_HOOK | NESTED, len 20
              0800 0100 00000004                  #   HOOKNUM be32 4 (postrouting)
              0800 0200 00000064                  #   PRIORITY be32 100
            0800 0700 6e617400                    # NFTA_CHAIN_TYPE "nat"

            50010000 060a 050c 67000000 00000000  # len 336, NEWRULE, REQUEST|ACK|CREATE|APPEND
            02 00 0000
            0b00 0100 6e73706c617900 00           # NFTA_RULE_TABLE "nsplay"
            0900 0200 706f737400 000000           # NFTA_RULE_CHAIN "post"
            0a00 0700 0004 6c616200 0000          # NFTA_RULE_USERDATA: comment TLV(0, 4, "lab\\0")
            1801 0480                             # NFTA_RULE_EXPRESSIONS | NESTED, len 280
              3400 0180                           #   LIST_ELEM, len 52
                0c00 0100 7061796c6f616400        #     NAME "payload"
                2400 0280                         #     DATA, len 36
                  0800 0100 00000001              #       DREG 1
                  0800 0200 00000001              #       BASE network header
                  0800 0300 0000000c              #       OFFSET 12 (saddr)
                  0800 0400 00000004              #       LEN 4
              4400 0180                           #   LIST_ELEM, len 68
                0c00 0100 6269747769736500        #     NAME "bitwise"
                3400 0280                         #     DATA, len 52
                  0800 0100 00000001              #       SREG 1
                  0800 0200 00000001              #       DREG 1
                  0800 0300 00000004              #       LEN 4
                  0c00 0480 0800 0100 ffffff00    #       MASK{VALUE 255.255.255.0}
                  0c00 0580 0800 0100 00000000    #       XOR{VALUE 0}
              2c00 0180                           #   LIST_ELEM, len 44
                0800 0100 636d7000                #     NAME "cmp"
                2000 0280                         #     DATA, len 32
                  0800 0100 00000001              #       SREG 1
                  0800 0200 00000000              #       OP eq
                  0c00 0380 0800 0100 c0a80f00    #       DATA{VALUE 192.168.15.0}
              2400 0180                           #   LIST_ELEM, len 36
                0900 0100 6d65746100 000000       #     NAME "meta"
                1400 0280                         #     DATA, len 20
                  0800 0200 00000007              #       KEY oifname
                  0800 0100 00000001              #       DREG 1
              3800 0180                           #   LIST_ELEM, len 56
                0800 0100 636d7000                #     NAME "cmp"
                2c00 0280                         #     DATA, len 44
                  0800 0100 00000001              #       SREG 1
                  0800 0200 00000000              #       OP eq
                  1800 0380                       #       DATA, len 24
                    1400 0100                     #         VALUE, 16 bytes
                    65746830 00000000 00000000 00000000  # "eth0" NUL-padded to IFNAMSIZ
              1400 0180                           #   LIST_ELEM, len 20
                0900 0100 6d61737100 000000       #     NAME "masq"
                0400 0280                         #     DATA: empty, like libnftnl

            14000000 1100 0100 68000000 00000000  # BATCH_END, seq 104
            00 00 000a
            """),
        batch.build());
  }

  @Test
  void deleteTable() {
    NftBatch batch = new NftBatch(200).deleteTable(Nft.NFPROTO_IPV4, "nsplay");
    assertEquals(1, batch.ackCount());
    assertBytes(
        Hex.parse(
            """
            14000000 1000 0100 c8000000 00000000  # BATCH_BEGIN seq 200
            00 00 000a
            20000000 020a 0500 c9000000 00000000  # len 32, DELTABLE, REQUEST|ACK, seq 201
            02 00 0000
            0b00 0100 6e73706c617900 00           # NFTA_TABLE_NAME "nsplay"
            14000000 1100 0100 ca000000 00000000  # BATCH_END seq 202
            00 00 000a
            """),
        batch.build());
  }

  @Test
  void hostRouteHasNoBitwiseAndHostBitsAreCleared() {
    List<Expr> host = Masquerade.rule(new byte[] {10, 0, 0, 7}, 32, null);
    assertEquals(List.of("payload", "cmp", "masq"), host.stream().map(Expr::name).toList());
    List<Expr> net = Masquerade.rule(new byte[] {10, 1, 2, 3}, 8, "eth0");
    assertEquals("[ cmp eq reg 1 0x0a000000 ]", net.get(2).toString());
  }

  @Test
  void readRequests() {
    assertBytes(
        Hex.parse(
            """
            14000000 010a 0103 01000000 00000000  # GETTABLE, REQUEST|DUMP
            00 00 0000                            # all families
            """),
        Nft.getTables(1, Nft.NFPROTO_UNSPEC));
    assertBytes(
        Hex.parse(
            """
            14000000 040a 0103 02000000 00000000  # GETCHAIN, REQUEST|DUMP
            02 00 0000
            """),
        Nft.getChains(2, Nft.NFPROTO_IPV4));
    assertBytes(
        Hex.parse(
            """
            20000000 070a 0103 03000000 00000000  # len 32, GETRULE, REQUEST|DUMP
            02 00 0000
            0b00 0100 6e73706c617900 00           # NFTA_RULE_TABLE "nsplay"
            """),
        Nft.getRules(3, Nft.NFPROTO_IPV4, "nsplay"));
  }

  @Test
  void tableWithCommentCarriesWhatNftSends() {
    // `nft add table ip t { comment "x" ; }` sends NFTA_TABLE_USERDATA 00 02 78 00 (strace, nft
    // 1.0.6): libnftnl's TLV, NFTNL_UDATA_TABLE_COMMENT (0), length 2, "x" and its NUL.
    byte[] b = new NftBatch(0).addTable(Nft.NFPROTO_IPV4, "t", Nft.commentUserdata("x")).build();
    assertBytes(
        Hex.parse(
            """
            14000000 1000 0100 00000000 00000000  # BATCH_BEGIN
            00 00 000a
            24000000 000a 0504 01000000 00000000  # len 36, NEWTABLE, REQUEST|ACK|CREATE
            02 00 0000                            # NFPROTO_IPV4
            0600 0100 7400 0000                   # NFTA_TABLE_NAME "t"
            0800 0600 00027800                    # NFTA_TABLE_USERDATA: comment "x"
            14000000 1100 0100 02000000 00000000  # BATCH_END
            00 00 000a
            """),
        b);
  }

  @Test
  void commentUserdataIsALibnftnlTlv() {
    assertBytes(Hex.parse("00 04 6c616200"), Nft.commentUserdata("lab"));
    assertEquals("lab", Nft.commentFromUserdata(Nft.commentUserdata("lab")));
    assertEquals("x", Nft.commentFromUserdata(Hex.parse("01 01 ff  00 02 7800")));
    assertEquals(null, Nft.commentFromUserdata(Hex.parse("00 09 6c61")));
    assertThrows(IllegalArgumentException.class, () -> Nft.commentUserdata("a".repeat(255)));
  }

  @Test
  void preconditionsNameTheBadInput() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Masquerade.rule(new byte[16], 24, "eth0"));
    assertTrue(e.getMessage().contains("16"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Masquerade.rule(NET, 24, "sixteen-chars-xx"));
    assertTrue(e.getMessage().contains("sixteen"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class, () -> Expr.bitwise(1, 1, new byte[4], new byte[2]));
    assertTrue(e.getMessage().contains("4 and 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Expr.meta(7, 0));
    assertTrue(e.getMessage().contains("dreg"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new NftBatch(1).addRule(2, "t", "c", List.of(), null));
  }

  @Test
  void ruleDecodesBackFromItsOwnEncoding() {
    // Rule dumps use the NEWRULE layout (with a handle added), so the request round-trips.
    byte[] b = natBatch().build();
    List<Message> msgs = Messages.parse(b, b.length);
    assertEquals(5, msgs.size());
    NftRule r = NftRule.decode(msgs.get(3));
    assertEquals(Nft.NFPROTO_IPV4, r.family());
    assertEquals("nsplay", r.table());
    assertEquals("post", r.chain());
    assertEquals("lab", r.comment());
    assertEquals(List.of("payload", "bitwise", "cmp", "meta", "cmp", "masq"), r.exprNames());
    NftChain c = NftChain.decode(msgs.get(2));
    assertEquals(new NftChain("nsplay", "post", 0, 4, 100, "nat"), c);
    assertTrue(c.isBase());
  }
}

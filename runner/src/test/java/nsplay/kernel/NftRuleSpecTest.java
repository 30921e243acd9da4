package nsplay.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.netlink.nft.Expr;
import org.junit.jupiter.api.Test;

/**
 * Each rule kind's expressions against what nft 1.0.6 generates for the same rule ({@code nft
 * --debug=netlink add rule ...}, pasted below), and its words against what {@code nft list table}
 * prints. Two deliberate differences, said where they occur: a prefix shorter than /32 is a 4-byte
 * load with a mask (nft loads only the prefix's whole bytes when it can; both match the same
 * packets and print the same), and a dnat to a port sends flags 0x3 (see {@link Expr#nat}).
 */
class NftRuleSpecTest {
  static String debug(NftRuleSpec r) {
    return r.exprs().stream().map(Expr::toString).collect(Collectors.joining("\n"));
  }

  @Test
  void portForwardIsNftsDnat() {
    var r =
        new NftRuleSpec.PortForward("veth0", NftRuleSpec.Proto.TCP, 8080, Ip.parse("10.0.0.2"), 80);
    assertEquals(NftRuleSpec.Chain.PREROUTING, r.chain());
    assertEquals("iifname \"veth0\" tcp dport 8080 dnat to 10.0.0.2:80", r.words());
    // nft --debug=netlink: iifname "veth0" tcp dport 8080 dnat to 10.0.0.2:80
    assertEquals(
        """
        [ meta load 6 => reg 1 ]
        [ cmp eq reg 1 0x76657468300000000000000000000000 ]
        [ meta load 16 => reg 1 ]
        [ cmp eq reg 1 0x06 ]
        [ payload load 2b @ base 2 + 2 => reg 1 ]
        [ cmp eq reg 1 0x1f90 ]
        [ immediate reg 1 0x0a000002 ]
        [ immediate reg 2 0x0050 ]
        [ nat dnat ip addr_min reg 1 proto_min reg 2 flags 0x3 ]""",
        debug(r));
    var keep =
        new NftRuleSpec.PortForward("veth0", NftRuleSpec.Proto.UDP, 53, Ip.parse("10.0.0.2"), 0);
    assertEquals("iifname \"veth0\" udp dport 53 dnat to 10.0.0.2", keep.words());
    // nft: ... [ immediate reg 1 0x0200000a ] [ nat dnat ip addr_min reg 1 ]
    assertTrue(debug(keep).endsWith("[ nat dnat ip addr_min reg 1 ]"), debug(keep));
    assertTrue(debug(keep).contains("[ cmp eq reg 1 0x11 ]"), debug(keep));
  }

  @Test
  void snatIsNftsSnat() {
    var r = new NftRuleSpec.Snat(Cidr.parse("10.0.0.0/24"), "eth0", Ip.parse("1.2.3.4"));
    assertEquals(NftRuleSpec.Chain.POSTROUTING, r.chain());
    assertEquals("ip saddr 10.0.0.0/24 oifname \"eth0\" snat to 1.2.3.4", r.words());
    // nft: [ payload load 3b @ network header + 12 => reg 1 ] [ cmp eq reg 1 0x0000000a ] (/24 as
    // three bytes); then the same as here.
    assertEquals(
        """
        [ payload load 4b @ base 1 + 12 => reg 1 ]
        [ bitwise reg 1 = (reg 1 & 0xffffff00) ^ 0x00000000 ]
        [ cmp eq reg 1 0x0a000000 ]
        [ meta load 7 => reg 1 ]
        [ cmp eq reg 1 0x65746830000000000000000000000000 ]
        [ immediate reg 1 0x01020304 ]
        [ nat snat ip addr_min reg 1 ]""",
        debug(r));
  }

  @Test
  void filterIsNftsRuleInNftsOrder() {
    var r =
        new NftRuleSpec.Filter(
            NftRuleSpec.Chain.FORWARD,
            "accept",
            NftRuleSpec.Proto.TCP,
            Cidr.parse("10.0.0.1/32"),
            Cidr.parse("10.1.0.0/16"),
            1000,
            22,
            "a",
            "b",
            EnumSet.of(NftRuleSpec.CtState.RELATED, NftRuleSpec.CtState.ESTABLISHED));
    assertEquals(
        "ip saddr 10.0.0.1 ip daddr 10.1.0.0/16 iifname \"a\" oifname \"b\" tcp sport 1000 tcp"
            + " dport 22 ct state established,related accept",
        r.words());
    // nft loads the /16 as two bytes and both ports as one 4-byte word; the rest is the same.
    assertEquals(
        """
        [ payload load 4b @ base 1 + 12 => reg 1 ]
        [ cmp eq reg 1 0x0a000001 ]
        [ payload load 4b @ base 1 + 16 => reg 1 ]
        [ bitwise reg 1 = (reg 1 & 0xffff0000) ^ 0x00000000 ]
        [ cmp eq reg 1 0x0a010000 ]
        [ meta load 6 => reg 1 ]
        [ cmp eq reg 1 0x61000000000000000000000000000000 ]
        [ meta load 7 => reg 1 ]
        [ cmp eq reg 1 0x62000000000000000000000000000000 ]
        [ meta load 16 => reg 1 ]
        [ cmp eq reg 1 0x06 ]
        [ payload load 2b @ base 2 + 0 => reg 1 ]
        [ cmp eq reg 1 0x03e8 ]
        [ payload load 2b @ base 2 + 2 => reg 1 ]
        [ cmp eq reg 1 0x0016 ]
        [ ct load 0 => reg 1 ]
        [ bitwise reg 1 = (reg 1 & 0x06000000) ^ 0x00000000 ]
        [ cmp neq reg 1 0x00000000 ]
        [ immediate reg 0 accept ]""",
        debug(r));
  }

  @Test
  void filterWithoutPortsMatchesTheIpProtocol() {
    // nft: ip protocol icmp reject
    var r =
        new NftRuleSpec.Filter(
            NftRuleSpec.Chain.INPUT,
            "reject",
            NftRuleSpec.Proto.ICMP,
            null,
            null,
            0,
            0,
            null,
            null,
            Set.of());
    assertEquals("ip protocol icmp reject", r.words());
    assertEquals(
        """
        [ payload load 1b @ base 1 + 9 => reg 1 ]
        [ cmp eq reg 1 0x01 ]
        [ reject type 0 code 3 ]""",
        debug(r));
    // nft: ct state new drop
    var drop =
        new NftRuleSpec.Filter(
            NftRuleSpec.Chain.OUTPUT,
            "drop",
            null,
            null,
            null,
            0,
            0,
            null,
            null,
            Set.of(NftRuleSpec.CtState.NEW));
    assertEquals("ct state new drop", drop.words());
    assertEquals(
        """
        [ ct load 0 => reg 1 ]
        [ bitwise reg 1 = (reg 1 & 0x08000000) ^ 0x00000000 ]
        [ cmp neq reg 1 0x00000000 ]
        [ immediate reg 0 drop ]""",
        debug(drop));
  }

  @Test
  void chainsAreDeclaredAsNftWritesThem() {
    assertEquals(
        "{ type nat hook prerouting priority dstnat; }", NftRuleSpec.Chain.PREROUTING.words(null));
    assertEquals(
        "{ type filter hook forward priority filter; policy drop; }",
        NftRuleSpec.Chain.FORWARD.words("drop"));
    assertEquals(NftRuleSpec.Chain.INPUT, NftRuleSpec.Chain.filter("input"));
    assertEquals(null, NftRuleSpec.Chain.filter("prerouting"));
  }

  @Test
  void sameComparesWhatWasSentAndIgnoresWhatTheKernelAdds() {
    var r = new NftRuleSpec.Snat(Cidr.parse("10.0.0.0/24"), "eth0", Ip.parse("1.2.3.4"));
    List<String> sent = r.canonical();
    assertTrue(Expr.same(sent, sent));
    // The kernel dumps a bitwise's op (6) and a nat's upper bound (4) besides: still the same.
    List<String> dumped =
        sent.stream()
            .map(
                e ->
                    e.startsWith("bitwise")
                        ? e + " 6=00000000"
                        : e.startsWith("nat") ? e + " 4=00000001" : e)
            .toList();
    assertTrue(Expr.same(sent, dumped));
    var other = new NftRuleSpec.Snat(Cidr.parse("10.0.0.0/24"), "eth0", Ip.parse("1.2.3.5"));
    assertFalse(Expr.same(sent, other.canonical()));
    assertFalse(Expr.same(sent, sent.subList(1, sent.size())));
  }
}

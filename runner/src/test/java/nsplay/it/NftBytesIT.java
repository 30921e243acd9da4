package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nsplay.kernel.NftRuleSpec;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.netlink.Attr;
import nsplay.netlink.Attrs;
import nsplay.netlink.nft.Nft;
import nsplay.netlink.nft.NftBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The NEWRULE nsplay sends for a rule, byte for byte against the one nft sends for the same rule,
 * read from {@code nft --debug=mnl} (nft as the oracle, in a throwaway namespace). For the rules
 * nft does not shorten: it loads a shorter prefix as fewer bytes, and sends a dnat to a port with
 * flags 0x2 where nsplay sends 0x3 (see NftRuleSpecTest).
 */
class NftBytesIT {
  private final String ns = TestNet.newNetns("nb");

  @AfterEach
  void tearDown() {
    TestNet.deleteNetns(ns);
  }

  private static final Pattern HEADER =
      Pattern.compile(
          "\\|(?:\\e\\[[0-9;]*m)?(\\d{5})(?:\\e\\[0m)?\\|(?:\\e\\[[0-9;]*m)?([N-])([B-])");
  private static final Pattern DATA =
      Pattern.compile("^\\| ((?:[0-9a-f]{2} ){4}) \\|\\t\\|      data");

  /** The attributes of the NEWRULE message nft sends for {@code rule}, by type. */
  TreeMap<Integer, String> nftSends(String chain, String rule) throws IOException {
    Path f = Files.createTempFile("nsplay-nb", ".nft");
    try {
      Files.writeString(f, "add rule ip t " + chain + " " + rule + "\n");
      String out = TestNet.run("ip", "netns", "exec", ns, "nft", "--debug=mnl", "-f", f.toString());
      List<String> lines = out.lines().toList();
      int at = -1;
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).contains(String.format("| %05d |", Nft.type(Nft.NFT_MSG_NEWRULE)))) {
          at = i;
        }
      }
      java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
      for (int i = at + 1; i < lines.size() && !lines.get(i).contains("message length"); i++) {
        String l = lines.get(i);
        Matcher h = HEADER.matcher(l);
        Matcher d = DATA.matcher(l);
        if (l.contains("|len |flags| type|") && h.find()) {
          int len = Integer.parseInt(h.group(1));
          Matcher t = Pattern.compile("(\\d{5})(?:\\e\\[0m)?\\|\\t").matcher(l);
          t.find(h.end());
          int type = Integer.parseInt(t.group(1));
          type |= h.group(2).equals("N") ? 0x8000 : 0;
          type |= h.group(3).equals("B") ? 0x4000 : 0;
          b.write(len);
          b.write(len >>> 8);
          b.write(type);
          b.write(type >>> 8);
        } else if (d.find()) {
          b.writeBytes(HexFormat.of().parseHex(d.group(1).replace(" ", "")));
        }
      }
      byte[] attrs = b.toByteArray();
      return byType(Attrs.parse(attrs, 0, attrs.length));
    } finally {
      Files.deleteIfExists(f);
    }
  }

  /** The attributes of the NEWRULE nsplay sends, by type. */
  static TreeMap<Integer, String> nsplaySends(NftRuleSpec rule, String comment) {
    byte[] batch =
        new NftBatch(1)
            .addRule(
                Nft.NFPROTO_IPV4,
                "t",
                rule.chain().name,
                rule.exprs(),
                Nft.commentUserdata(comment))
            .build();
    int first = nsplay.netlink.Bytes.u32(batch, 0, java.nio.ByteOrder.LITTLE_ENDIAN);
    int len = nsplay.netlink.Bytes.u32(batch, first, java.nio.ByteOrder.LITTLE_ENDIAN);
    int hdr = 16 + Nft.NFGENMSG_LEN;
    return byType(Attrs.parse(batch, first + hdr, len - hdr));
  }

  private static TreeMap<Integer, String> byType(Attrs a) {
    TreeMap<Integer, String> out = new TreeMap<>();
    for (Attr x : a.all()) {
      out.put(x.rawType(), HexFormat.of().formatHex(x.bytes()));
    }
    return out;
  }

  @Test
  void nsplaySendsWhatNftSends() throws IOException {
    TestNet.run(
        "ip",
        "netns",
        "exec",
        ns,
        "nft",
        "add table ip t; add chain ip t prerouting { type nat hook prerouting priority dstnat; };"
            + " add chain ip t postrouting { type nat hook postrouting priority srcnat; };"
            + " add chain ip t forward { type filter hook forward priority filter; }");
    List<NftRuleSpec> rules = new ArrayList<>();
    rules.add(
        new NftRuleSpec.PortForward("r-out", NftRuleSpec.Proto.UDP, 53, Ip.parse("10.0.0.2"), 0));
    rules.add(new NftRuleSpec.Snat(Cidr.parse("10.0.0.7/32"), "eth0", Ip.parse("1.2.3.4")));
    rules.add(
        new NftRuleSpec.Filter(
            NftRuleSpec.Chain.FORWARD,
            "accept",
            NftRuleSpec.Proto.TCP,
            Cidr.parse("10.0.0.1/32"),
            null,
            0,
            22,
            "a",
            "b",
            Set.of(NftRuleSpec.CtState.ESTABLISHED, NftRuleSpec.CtState.RELATED)));
    rules.add(
        new NftRuleSpec.Filter(
            NftRuleSpec.Chain.FORWARD,
            "reject",
            NftRuleSpec.Proto.ICMP,
            null,
            null,
            0,
            0,
            null,
            null,
            Set.of()));
    rules.add(
        new NftRuleSpec.Filter(
            NftRuleSpec.Chain.FORWARD,
            "drop",
            NftRuleSpec.Proto.UDP,
            null,
            null,
            53,
            0,
            null,
            null,
            Set.of(NftRuleSpec.CtState.NEW)));
    for (NftRuleSpec r : rules) {
      assertEquals(
          nftSends(r.chain().name, r.words() + " comment \"c\""), nsplaySends(r, "c"), r.words());
    }
  }
}

package nsplay.netlink.nft;

import java.util.HexFormat;
import java.util.function.Consumer;
import nsplay.netlink.MessageBuilder;

/**
 * One nf_tables expression of a rule. Encodes as
 *
 * <pre>
 * NFTA_LIST_ELEM{NFTA_EXPR_NAME "name", NFTA_EXPR_DATA{expression attributes}}
 * </pre>
 *
 * with every nest flagged NLA_F_NESTED and every integer big-endian, as libnftnl does. Immutable;
 * {@link #toString()} mimics {@code nft --debug=netlink}.
 */
public final class Expr {
  private final String name;
  private final String text;
  private final Consumer<MessageBuilder> data;

  private Expr(String name, String text, Consumer<MessageBuilder> data) {
    this.name = name;
    this.text = text;
    this.data = data;
  }

  /** The expression type name ("payload", "cmp"...). */
  public String name() {
    return name;
  }

  /** Loads {@code len} bytes at {@code base + offset} of the packet into {@code dreg}. */
  public static Expr payload(int base, int offset, int len, int dreg) {
    checkNonNeg("base", base);
    checkNonNeg("offset", offset);
    checkLen("len", len);
    checkReg("dreg", dreg);
    return new Expr(
        "payload",
        "payload load " + len + "b @ base " + base + " + " + offset + " => reg " + dreg,
        b ->
            b.putU32Be(Nft.NFTA_PAYLOAD_DREG, dreg)
                .putU32Be(Nft.NFTA_PAYLOAD_BASE, base)
                .putU32Be(Nft.NFTA_PAYLOAD_OFFSET, offset)
                .putU32Be(Nft.NFTA_PAYLOAD_LEN, len));
  }

  /** {@code dreg = (sreg & mask) ^ xor}; mask and xor must have the same length. */
  public static Expr bitwise(int sreg, int dreg, byte[] mask, byte[] xor) {
    checkReg("sreg", sreg);
    checkReg("dreg", dreg);
    if (mask == null || xor == null) {
      throw new IllegalArgumentException("mask and xor must not be null");
    }
    if (mask.length != xor.length) {
      throw new IllegalArgumentException(
          "mask and xor must have the same length, got " + mask.length + " and " + xor.length);
    }
    checkLen("mask length", mask.length);
    byte[] m = mask.clone();
    byte[] x = xor.clone();
    return new Expr(
        "bitwise",
        "bitwise reg " + dreg + " = (reg " + sreg + " & 0x" + hex(m) + ") ^ 0x" + hex(x),
        b -> {
          b.putU32Be(Nft.NFTA_BITWISE_SREG, sreg)
              .putU32Be(Nft.NFTA_BITWISE_DREG, dreg)
              .putU32Be(Nft.NFTA_BITWISE_LEN, m.length);
          putData(b, Nft.NFTA_BITWISE_MASK, m);
          putData(b, Nft.NFTA_BITWISE_XOR, x);
        });
  }

  /** Breaks the rule unless register {@code sreg} equals {@code data}. */
  public static Expr cmpEq(int sreg, byte[] data) {
    return cmp(Nft.NFT_CMP_EQ, sreg, data);
  }

  /** Breaks the rule unless register {@code sreg} differs from {@code data}. */
  public static Expr cmpNeq(int sreg, byte[] data) {
    return cmp(Nft.NFT_CMP_NEQ, sreg, data);
  }

  private static Expr cmp(int op, int sreg, byte[] data) {
    checkReg("sreg", sreg);
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    checkLen("data length", data.length);
    byte[] d = data.clone();
    return new Expr(
        "cmp",
        "cmp " + (op == Nft.NFT_CMP_EQ ? "eq" : "neq") + " reg " + sreg + " 0x" + hex(d),
        b -> {
          b.putU32Be(Nft.NFTA_CMP_SREG, sreg).putU32Be(Nft.NFTA_CMP_OP, op);
          putData(b, Nft.NFTA_CMP_DATA, d);
        });
  }

  /** Loads meta key {@code key} (e.g. NFT_META_OIFNAME) into {@code dreg}. */
  public static Expr meta(int key, int dreg) {
    checkNonNeg("key", key);
    checkReg("dreg", dreg);
    // libnftnl order: key, then register.
    return new Expr(
        "meta",
        "meta load " + key + " => reg " + dreg,
        b -> b.putU32Be(Nft.NFTA_META_KEY, key).putU32Be(Nft.NFTA_META_DREG, dreg));
  }

  /**
   * Source NAT to the output interface's address. No attributes, but libnftnl still sends an empty
   * NFTA_EXPR_DATA nest, and so do we so the bytes match nft's.
   */
  public static Expr masq() {
    return new Expr("masq", "masq", b -> {});
  }

  /** Loads conntrack key {@code key} (e.g. NFT_CT_STATE) into {@code dreg}. */
  public static Expr ct(int key, int dreg) {
    checkNonNeg("key", key);
    checkReg("dreg", dreg);
    // libnftnl order: key, then register.
    return new Expr(
        "ct",
        "ct load " + key + " => reg " + dreg,
        b -> b.putU32Be(Nft.NFTA_CT_KEY, key).putU32Be(Nft.NFTA_CT_DREG, dreg));
  }

  /** Puts {@code data} into data register {@code dreg}. */
  public static Expr immediate(int dreg, byte[] data) {
    checkReg("dreg", dreg);
    checkLen("data length", data.length);
    byte[] d = data.clone();
    return new Expr(
        "immediate",
        "immediate reg " + dreg + " 0x" + hex(d),
        b -> {
          b.putU32Be(Nft.NFTA_IMMEDIATE_DREG, dreg);
          putData(b, Nft.NFTA_IMMEDIATE_DATA, d);
        });
  }

  /** Ends the rule with verdict {@code code} ({@link Nft#NF_ACCEPT}, {@link Nft#NF_DROP}). */
  public static Expr verdict(int code) {
    if (code != Nft.NF_ACCEPT && code != Nft.NF_DROP) {
      throw new IllegalArgumentException("verdict must be NF_ACCEPT or NF_DROP, got " + code);
    }
    return new Expr(
        "immediate",
        "immediate reg 0 " + (code == Nft.NF_ACCEPT ? "accept" : "drop"),
        b -> {
          b.putU32Be(Nft.NFTA_IMMEDIATE_DREG, Nft.NFT_REG_VERDICT);
          int data = b.nestStartNested(Nft.NFTA_IMMEDIATE_DATA);
          int verdict = b.nestStartNested(Nft.NFTA_DATA_VERDICT);
          b.putU32Be(Nft.NFTA_VERDICT_CODE, code);
          b.nestEnd(verdict).nestEnd(data);
        });
  }

  /**
   * IPv4 source or destination NAT ({@link Nft#NFT_NAT_SNAT}, {@link Nft#NFT_NAT_DNAT}) to the
   * address in {@code addrReg} and, when {@code protoReg} is not 0, the port in it.
   */
  public static Expr nat(int type, int addrReg, int protoReg) {
    checkReg("addrReg", addrReg);
    if (protoReg != 0) {
      checkReg("protoReg", protoReg);
    }
    return new Expr(
        "nat",
        "nat "
            + (type == Nft.NFT_NAT_SNAT ? "snat" : "dnat")
            + " ip addr_min reg "
            + addrReg
            + (protoReg == 0 ? "" : " proto_min reg " + protoReg + " flags 0x3"),
        b -> {
          // libnftnl order: type, family, registers, flags.
          b.putU32Be(Nft.NFTA_NAT_TYPE, type)
              .putU32Be(Nft.NFTA_NAT_FAMILY, Nft.NFPROTO_IPV4)
              .putU32Be(Nft.NFTA_NAT_REG_ADDR_MIN, addrReg);
          if (protoReg != 0) {
            // nft sends flags 0x2 (proto specified); the kernel adds 0x1 (map ips) for a rule with
            // an address and dumps 0x3: sending 0x3 keeps what was sent and what is there alike.
            b.putU32Be(Nft.NFTA_NAT_REG_PROTO_MIN, protoReg)
                .putU32Be(
                    Nft.NFTA_NAT_FLAGS,
                    Nft.NF_NAT_RANGE_MAP_IPS | Nft.NF_NAT_RANGE_PROTO_SPECIFIED);
          }
        });
  }

  /** Rejects with an ICMP destination unreachable of {@code code} (3: port unreachable). */
  public static Expr rejectIcmp(int code) {
    return new Expr(
        "reject",
        "reject type 0 code " + code,
        b ->
            b.putU32Be(Nft.NFTA_REJECT_TYPE, Nft.NFT_REJECT_ICMP_UNREACH)
                .putU8(Nft.NFTA_REJECT_ICMP_CODE, code));
  }

  /**
   * The expression as comparable data: its name, then each leaf attribute of its data as {@code
   * PATH=HEX} ({@code 3.1=0a000001}: attribute 1 inside attribute 3; the nesting flag is not
   * compared). The same text comes from a rule the kernel dumps ({@link NftRule#exprs()}), so what
   * was sent and what is there compare.
   */
  public String canonical() {
    MessageBuilder b = new MessageBuilder(0, 0);
    encode(b);
    byte[] m = b.build(0);
    int hdr = 16; // nlmsghdr
    return canonical(nsplay.netlink.Attrs.parse(m, hdr, m.length - hdr).all().get(0).nested());
  }

  /** {@link #canonical()} of one NFTA_LIST_ELEM's content. */
  static String canonical(nsplay.netlink.Attrs elem) {
    StringBuilder out = new StringBuilder(elem.string(Nft.NFTA_EXPR_NAME));
    if (elem.has(Nft.NFTA_EXPR_DATA)) {
      leaves(elem.nested(Nft.NFTA_EXPR_DATA), "", out);
    }
    return out.toString();
  }

  private static void leaves(nsplay.netlink.Attrs a, String path, StringBuilder out) {
    for (nsplay.netlink.Attr x : a.all()) {
      String p = path + x.type();
      // The kernel dumps data nests (a cmp's value, an immediate's verdict) without NLA_F_NESTED:
      // what parses whole as attributes is taken as a nest, on both sides alike.
      nsplay.netlink.Attrs inner = x.length() >= 4 ? x.nested() : null;
      if (inner != null && !inner.truncated() && inner.size() > 0) {
        leaves(x.nested(), p + ".", out);
      } else {
        out.append(' ').append(p).append('=').append(hex(x.bytes()));
      }
    }
  }

  /**
   * Whether rule expressions {@code seen} (canonical, from the kernel) are {@code want} (canonical,
   * as sent): the same expressions in the same order, each with every attribute that was sent, at
   * its value. The kernel dumps some an expression did not send (a bitwise's op, a nat's upper
   * bounds); those are not compared.
   */
  public static boolean same(java.util.List<String> want, java.util.List<String> seen) {
    if (want.size() != seen.size()) {
      return false;
    }
    for (int i = 0; i < want.size(); i++) {
      java.util.List<String> w = java.util.List.of(want.get(i).split(" "));
      java.util.Set<String> s = new java.util.HashSet<>(java.util.List.of(seen.get(i).split(" ")));
      if (!w.get(0).equals(seen.get(i).split(" ")[0]) || !s.containsAll(w)) {
        return false;
      }
    }
    return true;
  }

  /** Appends NFTA_LIST_ELEM{...} for this expression to {@code b}. */
  void encode(MessageBuilder b) {
    int elem = b.nestStartNested(Nft.NFTA_LIST_ELEM);
    b.putString(Nft.NFTA_EXPR_NAME, name);
    int data = b.nestStartNested(Nft.NFTA_EXPR_DATA);
    this.data.accept(b);
    b.nestEnd(data).nestEnd(elem);
  }

  private static void putData(MessageBuilder b, int type, byte[] value) {
    int n = b.nestStartNested(type);
    b.putBytes(Nft.NFTA_DATA_VALUE, value);
    b.nestEnd(n);
  }

  private static void checkReg(String what, int reg) {
    // 16-byte registers 1..4 or 4-byte registers 8..23; 0 is the verdict register.
    if (!((reg >= 1 && reg <= 4) || (reg >= 8 && reg <= 23))) {
      throw new IllegalArgumentException(
          what + " must be a data register (1..4, 8..23), got " + reg);
    }
  }

  private static void checkNonNeg(String what, int v) {
    if (v < 0) {
      throw new IllegalArgumentException(what + " must be >= 0, got " + v);
    }
  }

  private static void checkLen(String what, int len) {
    // NFT_DATA_VALUE_MAXLEN
    if (len < 1 || len > 64) {
      throw new IllegalArgumentException(what + " must be 1..64, got " + len);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return "[ " + text + " ]";
  }
}

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
    checkReg("sreg", sreg);
    if (data == null) {
      throw new IllegalArgumentException("data must not be null");
    }
    checkLen("data length", data.length);
    byte[] d = data.clone();
    return new Expr(
        "cmp",
        "cmp eq reg " + sreg + " 0x" + hex(d),
        b -> {
          b.putU32Be(Nft.NFTA_CMP_SREG, sreg).putU32Be(Nft.NFTA_CMP_OP, Nft.NFT_CMP_EQ);
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

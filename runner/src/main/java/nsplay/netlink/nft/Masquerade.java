package nsplay.netlink.nft;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The expressions of {@code nft add rule ip T C ip saddr NET/LEN oifname "IF" masquerade}, in the
 * shape nft itself generates ({@code nft --debug=netlink}):
 *
 * <pre>
 * [ payload load 4b @ network header + 12 => reg 1 ]      ip saddr
 * [ bitwise reg 1 = (reg 1 &amp; 0xffffff00) ^ 0x00000000 ]  /24 (omitted for /32)
 * [ cmp eq reg 1 0xc0a80f00 ]                              192.168.15.0
 * [ meta load oifname => reg 1 ]
 * [ cmp eq reg 1 "eth0" NUL-padded to 16 bytes ]
 * [ masq ]
 * </pre>
 */
public final class Masquerade {
  private Masquerade() {}

  /** Offset of the source address in the IPv4 header. */
  static final int IPV4_SADDR_OFFSET = 12;

  /** Interface names compare as whole IFNAMSIZ (16-byte) buffers. */
  static final int IFNAMSIZ = 16;

  /**
   * @param network4 the IPv4 source network; host bits beyond {@code prefixLen} are cleared
   * @param prefixLen 1..32 (/0 would match everything: leave the match out instead)
   * @param oifname output interface (1..15 bytes), or null for any interface
   */
  public static List<Expr> rule(byte[] network4, int prefixLen, String oifname) {
    if (network4 == null || network4.length != 4) {
      throw new IllegalArgumentException(
          "network4 must be 4 bytes, got " + (network4 == null ? null : network4.length));
    }
    if (prefixLen < 1 || prefixLen > 32) {
      throw new IllegalArgumentException("prefixLen must be 1..32, got " + prefixLen);
    }
    byte[] mask = prefixMask(prefixLen);
    byte[] net = new byte[4];
    for (int i = 0; i < 4; i++) {
      net[i] = (byte) (network4[i] & mask[i]);
    }
    List<Expr> exprs = new ArrayList<>();
    exprs.add(Expr.payload(Nft.NFT_PAYLOAD_NETWORK_HEADER, IPV4_SADDR_OFFSET, 4, Nft.NFT_REG_1));
    if (prefixLen < 32) {
      exprs.add(Expr.bitwise(Nft.NFT_REG_1, Nft.NFT_REG_1, mask, new byte[4]));
    }
    exprs.add(Expr.cmpEq(Nft.NFT_REG_1, net));
    if (oifname != null) {
      byte[] name = oifname.getBytes(StandardCharsets.UTF_8);
      if (name.length == 0 || name.length >= IFNAMSIZ || oifname.indexOf('\0') >= 0) {
        throw new IllegalArgumentException(
            "oifname must be 1..15 bytes without NUL, got \"" + oifname + "\"");
      }
      exprs.add(Expr.meta(Nft.NFT_META_OIFNAME, Nft.NFT_REG_1));
      exprs.add(Expr.cmpEq(Nft.NFT_REG_1, Arrays.copyOf(name, IFNAMSIZ)));
    }
    exprs.add(Expr.masq());
    return List.copyOf(exprs);
  }

  static byte[] prefixMask(int prefixLen) {
    int m = prefixLen == 0 ? 0 : -1 << (32 - prefixLen);
    return new byte[] {(byte) (m >>> 24), (byte) (m >>> 16), (byte) (m >>> 8), (byte) m};
  }
}

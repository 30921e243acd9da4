package nsplay.net;

import java.math.BigInteger;

/**
 * Address arithmetic with Terraform's semantics, for address plans that depend on a number (a
 * student's instance): {@code cidrsubnet} and {@code cidrhost}, IPv4 and IPv6 alike. Pure; the
 * playbook templates call it (nsplay.template.Functions).
 *
 * <p>As Terraform (and the go-cidr library under it): the prefix's host bits are ignored, a
 * negative host number counts from the end of the prefix ({@code -1} is its last address), and a
 * subnet or host number that does not fit is an error, never a wrap-around.
 */
public final class CidrMath {
  private CidrMath() {}

  /**
   * {@code cidrsubnet(prefix, newbits, netnum)}: the {@code netnum}-th subnet of {@code prefix}
   * with a prefix {@code newbits} longer, e.g. ("10.1.2.0/24", 4, 15) is 10.1.2.240/28.
   *
   * @throws IllegalArgumentException with the reason in words
   */
  public static String cidrsubnet(String prefix, long newbits, BigInteger netnum) {
    Cidr base = parse(prefix);
    int bits = base.address().bits();
    int len = base.prefixLength();
    if (newbits < 0) {
      throw new IllegalArgumentException("newbits must not be negative, got " + newbits);
    }
    if (len + newbits > bits) {
      throw new IllegalArgumentException(
          "insufficient address space to extend prefix of "
              + len
              + " by "
              + newbits
              + " (an IPv"
              + (bits == 32 ? "4" : "6")
              + " prefix is at most "
              + bits
              + " bits)");
    }
    int newLen = len + (int) newbits;
    BigInteger max = BigInteger.ONE.shiftLeft((int) newbits).subtract(BigInteger.ONE);
    if (netnum.signum() < 0 || netnum.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          "prefix extension of "
              + newbits
              + " does not accommodate a subnet numbered "
              + netnum
              + " (0.."
              + max
              + ")");
    }
    BigInteger net = value(base.network()).or(netnum.shiftLeft(bits - newLen));
    return ip(net, bits) + "/" + newLen;
  }

  /**
   * {@code cidrhost(prefix, hostnum)}: the {@code hostnum}-th address of {@code prefix}, negative
   * numbers counting back from its last address, e.g. ("10.12.112.0/20", 268) is 10.12.113.12 and
   * ("10.0.0.0/24", -1) is 10.0.0.255.
   *
   * @throws IllegalArgumentException with the reason in words
   */
  public static String cidrhost(String prefix, BigInteger hostnum) {
    Cidr base = parse(prefix);
    int bits = base.address().bits();
    int hostBits = bits - base.prefixLength();
    BigInteger size = BigInteger.ONE.shiftLeft(hostBits);
    BigInteger n = hostnum;
    if (n.signum() < 0) {
      n = size.add(n);
    }
    if (n.signum() < 0 || n.compareTo(size) >= 0) {
      throw new IllegalArgumentException(
          "prefix of "
              + base.prefixLength()
              + " does not accommodate a host numbered "
              + hostnum
              + " (-"
              + size
              + ".."
              + size.subtract(BigInteger.ONE)
              + ")");
    }
    return ip(value(base.network()).or(n), bits).toString();
  }

  private static Cidr parse(String prefix) {
    try {
      return Cidr.parse(prefix.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid CIDR prefix \"" + prefix + "\": " + e.getMessage());
    }
  }

  private static BigInteger value(Cidr c) {
    return new BigInteger(1, c.address().bytes());
  }

  private static Ip ip(BigInteger v, int bits) {
    byte[] raw = v.toByteArray(); // big-endian, maybe with a leading sign byte
    byte[] out = new byte[bits / 8];
    int copy = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - copy, out, out.length - copy, copy);
    return Ip.of(out);
  }
}

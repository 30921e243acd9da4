package nsplay.net;

import java.util.Objects;

/**
 * An address with a prefix length, as written in a playbook ({@code 192.168.15.1/24}). The address
 * keeps its host bits: for {@code addr_assign} they are the interface's address; {@link #network()}
 * clears them where a network is meant (routes, NAT sources).
 */
public final class Cidr {
  private final Ip address;
  private final int prefixLength;

  private Cidr(Ip address, int prefixLength) {
    this.address = address;
    this.prefixLength = prefixLength;
  }

  public static Cidr of(Ip address, int prefixLength) {
    if (prefixLength < 0 || prefixLength > address.bits()) {
      throw new IllegalArgumentException(
          "prefix length " + prefixLength + " out of range 0.." + address.bits());
    }
    return new Cidr(address, prefixLength);
  }

  /** Parses {@code ADDRESS/LEN}; the prefix length is required. */
  public static Cidr parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "\"" + text + "\" has no prefix length (write it as ADDRESS/LENGTH, e.g. 10.0.0.1/24)");
    }
    Ip ip = Ip.parse(text.substring(0, slash));
    String len = text.substring(slash + 1);
    if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException("bad prefix length in \"" + text + "\"");
    }
    int n = Integer.parseInt(len);
    if (n > ip.bits()) {
      throw new IllegalArgumentException(
          "prefix length " + n + " is larger than " + ip.bits() + " in \"" + text + "\"");
    }
    return new Cidr(ip, n);
  }

  public Ip address() {
    return address;
  }

  public int prefixLength() {
    return prefixLength;
  }

  /** The same prefix with the host bits cleared. */
  public Cidr network() {
    byte[] b = address.bytes();
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
      b[i] &= (byte) (0xff << (8 - keep));
    }
    return new Cidr(Ip.of(b), prefixLength);
  }

  /** The netmask as bytes (e.g. 255.255.255.0 for /24). */
  public byte[] mask() {
    byte[] b = new byte[address.bits() / 8];
    for (int i = 0; i < b.length; i++) {
      int keep = Math.max(0, Math.min(8, prefixLength - 8 * i));
      b[i] = (byte) (0xff << (8 - keep));
    }
    return b;
  }

  /** Whether {@code ip} lies inside this prefix. */
  public boolean contains(Ip ip) {
    return ip.bits() == address.bits() && Cidr.of(ip, prefixLength).network().equals(network());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.address.equals(address) && c.prefixLength == prefixLength;
  }

  @Override
  public int hashCode() {
    return Objects.hash(address, prefixLength);
  }

  @Override
  public String toString() {
    return address + "/" + prefixLength;
  }
}

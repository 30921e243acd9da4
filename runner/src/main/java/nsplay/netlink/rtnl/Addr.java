package nsplay.netlink.rtnl;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import nsplay.netlink.Attrs;
import nsplay.netlink.Bytes;
import nsplay.netlink.Message;
import nsplay.netlink.Nl;

/**
 * An address as reported by RTM_NEWADDR. Arrays are copied in and out and compared by content.
 *
 * @param family AF_INET or AF_INET6
 * @param prefixLen ifa_prefixlen
 * @param index ifa_index
 * @param scope ifa_scope (RT_SCOPE_*)
 * @param address IFA_ADDRESS (the peer on point-to-point links, else equal to local), or null
 * @param local IFA_LOCAL (IPv4 only; IPv6 sends just IFA_ADDRESS), or null
 * @param label IFA_LABEL (IPv4 only), or null
 * @param proto IFA_PROTO (IFAPROT_*: who added it), 0 when absent (Linux before 5.18, or unspec)
 */
public record Addr(
    int family,
    int prefixLen,
    int index,
    int scope,
    byte[] address,
    byte[] local,
    String label,
    int proto) {

  /** An address without IFA_PROTO. */
  public Addr(
      int family, int prefixLen, int index, int scope, byte[] address, byte[] local, String label) {
    this(family, prefixLen, index, scope, address, local, label, 0);
  }

  public Addr {
    address = address == null ? null : address.clone();
    local = local == null ? null : local.clone();
  }

  @Override
  public byte[] address() {
    return address == null ? null : address.clone();
  }

  @Override
  public byte[] local() {
    return local == null ? null : local.clone();
  }

  /** The interface's own address: IFA_LOCAL when present, else IFA_ADDRESS (IPv6). */
  public byte[] own() {
    return local != null ? local() : address();
  }

  /** {@link #own()} in text form with the prefix, e.g. "192.168.15.1/24"; null if absent. */
  public String cidr() {
    byte[] a = own();
    return a == null ? null : text(a) + "/" + prefixLen;
  }

  /**
   * Decodes an RTM_NEWADDR message.
   *
   * @throws IllegalArgumentException if {@code m} is not RTM_NEWADDR or shorter than ifaddrmsg
   */
  public static Addr decode(Message m) {
    Link.check(m, Rtnl.RTM_NEWADDR, Rtnl.IFADDRMSG_LEN);
    byte[] b = m.buf();
    int p = m.payloadOffset();
    Attrs a = m.attrs(Rtnl.IFADDRMSG_LEN);
    return new Addr(
        b[p] & 0xff,
        b[p + 1] & 0xff,
        Bytes.u32(b, p + 4, Nl.ORDER),
        b[p + 3] & 0xff,
        a.bytes(Rtnl.IFA_ADDRESS),
        a.bytes(Rtnl.IFA_LOCAL),
        a.string(Rtnl.IFA_LABEL),
        a.u8(Rtnl.IFA_PROTO));
  }

  /** "192.168.15.1" / "fd00::1" for a 4- or 16-byte address, else hex. */
  static String text(byte[] a) {
    if (a.length == 4 || a.length == 16) {
      try {
        return InetAddress.getByAddress(a).getHostAddress();
      } catch (UnknownHostException e) {
        throw new AssertionError("4/16-byte addresses are always valid", e);
      }
    }
    return java.util.HexFormat.of().formatHex(a);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Addr x
        && family == x.family
        && prefixLen == x.prefixLen
        && index == x.index
        && scope == x.scope
        && Arrays.equals(address, x.address)
        && Arrays.equals(local, x.local)
        && Objects.equals(label, x.label)
        && proto == x.proto;
  }

  @Override
  public int hashCode() {
    return Objects.hash(family, prefixLen, index, scope, label, proto) * 31
        + Arrays.hashCode(address) * 17
        + Arrays.hashCode(local);
  }

  @Override
  public String toString() {
    return "Addr[family="
        + family
        + ", prefixLen="
        + prefixLen
        + ", index="
        + index
        + ", scope="
        + scope
        + ", address="
        + (address == null ? null : text(address))
        + ", local="
        + (local == null ? null : text(local))
        + ", label="
        + label
        + (proto == 0 ? "" : ", proto=" + proto)
        + "]";
  }
}

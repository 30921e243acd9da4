package nsplay.netlink.rtnl;

import nsplay.netlink.MessageBuilder;
import nsplay.netlink.Nl;

/**
 * RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR requests.
 *
 * <pre>
 * nlmsghdr | ifaddrmsg{family, prefixlen, flags (0, or IFA_F_NODAD), scope UNIVERSE, index}
 *          | IFA_LOCAL address | IFA_ADDRESS address
 * </pre>
 *
 * IFA_LOCAL and IFA_ADDRESS are both set, like {@code ip addr add} on a non-point-to-point link;
 * the kernel derives the broadcast address itself only when asked, so none is sent.
 */
public final class AddrRequest {
  private AddrRequest() {}

  /** Adds an address (REQUEST|ACK|CREATE|EXCL): EEXIST when already assigned. */
  public static byte[] add(int seq, int family, int ifindex, byte[] address, int prefixLen) {
    return request(
        Rtnl.RTM_NEWADDR,
        Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL,
        seq,
        family,
        ifindex,
        address,
        prefixLen,
        0,
        0);
  }

  /**
   * {@link #add} with IFA_PROTO {@code proto} (u8; Linux 5.18+), what {@code ip addr add ... proto
   * N} sends (iproute2 6.2+). Older kernels ignore the attribute.
   */
  public static byte[] add(
      int seq, int family, int ifindex, byte[] address, int prefixLen, int proto) {
    return add(seq, family, ifindex, address, prefixLen, proto, 0);
  }

  /**
   * {@link #add(int, int, int, byte[], int, int)} with ifa_flags {@code flags} (u8, e.g. {@link
   * Rtnl#IFA_F_NODAD}: {@code ip addr add ... nodad}).
   */
  public static byte[] add(
      int seq, int family, int ifindex, byte[] address, int prefixLen, int proto, int flags) {
    if (proto < 0 || proto > 0xff) {
      throw new IllegalArgumentException("proto must be 0-255, got " + proto);
    }
    if (flags < 0 || flags > 0xff) {
      throw new IllegalArgumentException("flags must be 0-255, got " + flags);
    }
    return request(
        Rtnl.RTM_NEWADDR,
        Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL,
        seq,
        family,
        ifindex,
        address,
        prefixLen,
        proto,
        flags);
  }

  /** Removes an address (REQUEST|ACK): EADDRNOTAVAIL when not assigned. */
  public static byte[] delete(int seq, int family, int ifindex, byte[] address, int prefixLen) {
    return request(
        Rtnl.RTM_DELADDR,
        Nl.NLM_F_REQUEST | Nl.NLM_F_ACK,
        seq,
        family,
        ifindex,
        address,
        prefixLen,
        0,
        0);
  }

  /** Dumps addresses of {@code family} (AF_UNSPEC for all) (RTM_GETADDR, REQUEST|DUMP). */
  public static byte[] dump(int seq, int family) {
    return new MessageBuilder(Rtnl.RTM_GETADDR, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP)
        .putStruct(Rtnl.ifaddrmsg(family, 0, 0, 0, 0))
        .build(seq);
  }

  private static byte[] request(
      int type,
      int flags,
      int seq,
      int family,
      int ifindex,
      byte[] address,
      int prefixLen,
      int proto,
      int ifaFlags) {
    Rtnl.checkAddress("address", family, address, prefixLen);
    if (ifindex <= 0) {
      throw new IllegalArgumentException("ifindex must be > 0, got " + ifindex);
    }
    MessageBuilder b =
        new MessageBuilder(type, flags)
            .putStruct(Rtnl.ifaddrmsg(family, prefixLen, ifaFlags, Rtnl.RT_SCOPE_UNIVERSE, ifindex))
            .putBytes(Rtnl.IFA_LOCAL, address)
            .putBytes(Rtnl.IFA_ADDRESS, address);
    if (proto != 0) {
      b.putU8(Rtnl.IFA_PROTO, proto);
    }
    return b.build(seq);
  }
}

package nsplay.netlink.rtnl;

import nsplay.netlink.MessageBuilder;
import nsplay.netlink.Nl;

/**
 * RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE requests for unicast routes in the main table.
 *
 * <pre>
 * nlmsghdr | rtmsg{family, dst_len, 0, 0, table MAIN, protocol, scope, type}
 *          | RTA_TABLE u32 254 | [RTA_DST] | [RTA_GATEWAY] | [RTA_OIF]
 * </pre>
 */
public final class RouteRequest {
  private RouteRequest() {}

  /**
   * Adds a route (REQUEST|ACK|CREATE|EXCL), protocol boot, type unicast; scope universe with a
   * gateway, link without (a directly connected destination).
   *
   * @param dst destination network, or null for the default route (then dstLen must be 0)
   * @param gateway next hop, or null for a link route (then oif is required)
   * @param oif output ifindex, or 0 to let the kernel pick it from the gateway
   */
  public static byte[] add(int seq, int family, byte[] dst, int dstLen, byte[] gateway, int oif) {
    return newRoute(Nl.NLM_F_EXCL, seq, family, dst, dstLen, gateway, oif, Rtnl.RTPROT_BOOT);
  }

  /** {@link #add} with rtm_protocol {@code protocol}, as {@code ip route add ... proto N}. */
  public static byte[] add(
      int seq, int family, byte[] dst, int dstLen, byte[] gateway, int oif, int protocol) {
    return newRoute(Nl.NLM_F_EXCL, seq, family, dst, dstLen, gateway, oif, protocol);
  }

  /**
   * Adds or replaces the route to {@code dst} (REQUEST|ACK|CREATE|REPLACE), as {@code ip route
   * replace}: one request repairs a route whose gateway or device drifted. Same shape as {@link
   * #add} otherwise.
   */
  public static byte[] replace(
      int seq, int family, byte[] dst, int dstLen, byte[] gateway, int oif) {
    return newRoute(Nl.NLM_F_REPLACE, seq, family, dst, dstLen, gateway, oif, Rtnl.RTPROT_BOOT);
  }

  /**
   * {@link #replace} with rtm_protocol {@code protocol}, as {@code ip route replace ... proto N}.
   */
  public static byte[] replace(
      int seq, int family, byte[] dst, int dstLen, byte[] gateway, int oif, int protocol) {
    return newRoute(Nl.NLM_F_REPLACE, seq, family, dst, dstLen, gateway, oif, protocol);
  }

  private static byte[] newRoute(
      int mode,
      int seq,
      int family,
      byte[] dst,
      int dstLen,
      byte[] gateway,
      int oif,
      int protocol) {
    if (protocol < 0 || protocol > 0xff) {
      throw new IllegalArgumentException("protocol must be 0-255, got " + protocol);
    }
    int scope = gateway != null ? Rtnl.RT_SCOPE_UNIVERSE : Rtnl.RT_SCOPE_LINK;
    return request(
        Rtnl.RTM_NEWROUTE,
        Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE | mode,
        seq,
        family,
        dst,
        dstLen,
        gateway,
        oif,
        protocol,
        scope,
        Rtnl.RTN_UNICAST);
  }

  /**
   * Deletes a route (REQUEST|ACK). Like {@code ip route del}, protocol, scope and type are left as
   * wildcards (0, NOWHERE, 0), so routes added by anyone match; gateway and oif narrow the match
   * when given.
   */
  public static byte[] delete(
      int seq, int family, byte[] dst, int dstLen, byte[] gateway, int oif) {
    return request(
        Rtnl.RTM_DELROUTE,
        Nl.NLM_F_REQUEST | Nl.NLM_F_ACK,
        seq,
        family,
        dst,
        dstLen,
        gateway,
        oif,
        Rtnl.RTPROT_UNSPEC,
        Rtnl.RT_SCOPE_NOWHERE,
        Rtnl.RTN_UNSPEC);
  }

  /**
   * Asks which route the kernel would take to {@code dst} (RTM_GETROUTE, REQUEST, no DUMP; rtmsg
   * with dst_len the full address length, rtm_flags RTM_F_LOOKUP_TABLE, and RTA_DST), byte for byte
   * what {@code ip route get DST} sends: the answer is one RTM_NEWROUTE with RTA_OIF and, through a
   * gateway, RTA_GATEWAY; an error (ENETUNREACH) when there is none.
   */
  public static byte[] get(int seq, int family, byte[] dst) {
    int alen = Rtnl.addressLength(family);
    if (dst == null || dst.length != alen) {
      throw new IllegalArgumentException("dst must be " + alen + " bytes for family " + family);
    }
    return new MessageBuilder(Rtnl.RTM_GETROUTE, Nl.NLM_F_REQUEST)
        .putStruct(Rtnl.rtmsg(family, alen * 8, 0, 0, 0, 0, Rtnl.RTM_F_LOOKUP_TABLE))
        .putBytes(Rtnl.RTA_DST, dst)
        .build(seq);
  }

  /** Dumps routes of {@code family} (RTM_GETROUTE, REQUEST|DUMP, all tables). */
  public static byte[] dump(int seq, int family) {
    return new MessageBuilder(Rtnl.RTM_GETROUTE, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP)
        .putStruct(Rtnl.rtmsg(family, 0, 0, 0, 0, 0))
        .build(seq);
  }

  private static byte[] request(
      int type,
      int flags,
      int seq,
      int family,
      byte[] dst,
      int dstLen,
      byte[] gateway,
      int oif,
      int protocol,
      int scope,
      int rtype) {
    int alen = Rtnl.addressLength(family);
    if (dst != null) {
      Rtnl.checkAddress("dst", family, dst, dstLen);
    } else if (dstLen != 0) {
      throw new IllegalArgumentException("dstLen must be 0 for a default route, got " + dstLen);
    }
    if (gateway != null && gateway.length != alen) {
      throw new IllegalArgumentException(
          "gateway must be " + alen + " bytes for family " + family + ", got " + gateway.length);
    }
    if (oif < 0) {
      throw new IllegalArgumentException("oif must be >= 0, got " + oif);
    }
    if (type == Rtnl.RTM_NEWROUTE && gateway == null && oif == 0) {
      throw new IllegalArgumentException("a route needs a gateway or an oif (both absent)");
    }
    MessageBuilder b =
        new MessageBuilder(type, flags)
            .putStruct(Rtnl.rtmsg(family, dstLen, Rtnl.RT_TABLE_MAIN, protocol, scope, rtype))
            .putU32(Rtnl.RTA_TABLE, Rtnl.RT_TABLE_MAIN);
    if (dst != null) {
      b.putBytes(Rtnl.RTA_DST, dst);
    }
    if (gateway != null) {
      b.putBytes(Rtnl.RTA_GATEWAY, gateway);
    }
    if (oif != 0) {
      b.putU32(Rtnl.RTA_OIF, oif);
    }
    return b.build(seq);
  }
}

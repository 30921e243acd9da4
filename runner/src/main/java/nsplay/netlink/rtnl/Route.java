package nsplay.netlink.rtnl;

import java.util.Arrays;
import java.util.Objects;
import nsplay.netlink.Attrs;
import nsplay.netlink.Message;

/**
 * A route as reported by RTM_NEWROUTE. Arrays are copied in and out and compared by content.
 *
 * @param family AF_INET or AF_INET6
 * @param dstLen rtm_dst_len (0 for a default route)
 * @param table RTA_TABLE when present (it holds ids above 255), else rtm_table
 * @param protocol rtm_protocol (RTPROT_*)
 * @param scope rtm_scope (RT_SCOPE_*)
 * @param type rtm_type (RTN_*)
 * @param dst RTA_DST, or null (default route)
 * @param gateway RTA_GATEWAY, or null
 * @param oif RTA_OIF, or 0
 * @param priority RTA_PRIORITY (metric), or 0
 */
public record Route(
    int family,
    int dstLen,
    int table,
    int protocol,
    int scope,
    int type,
    byte[] dst,
    byte[] gateway,
    int oif,
    int priority) {

  public Route {
    dst = dst == null ? null : dst.clone();
    gateway = gateway == null ? null : gateway.clone();
  }

  @Override
  public byte[] dst() {
    return dst == null ? null : dst.clone();
  }

  @Override
  public byte[] gateway() {
    return gateway == null ? null : gateway.clone();
  }

  /** True for a default route (dst_len 0). */
  public boolean isDefault() {
    return dstLen == 0;
  }

  /**
   * Decodes an RTM_NEWROUTE message.
   *
   * @throws IllegalArgumentException if {@code m} is not RTM_NEWROUTE or shorter than rtmsg
   */
  public static Route decode(Message m) {
    Link.check(m, Rtnl.RTM_NEWROUTE, Rtnl.RTMSG_LEN);
    byte[] b = m.buf();
    int p = m.payloadOffset();
    Attrs a = m.attrs(Rtnl.RTMSG_LEN);
    return new Route(
        b[p] & 0xff,
        b[p + 1] & 0xff,
        a.u32(Rtnl.RTA_TABLE, b[p + 4] & 0xff),
        b[p + 5] & 0xff,
        b[p + 6] & 0xff,
        b[p + 7] & 0xff,
        a.bytes(Rtnl.RTA_DST),
        a.bytes(Rtnl.RTA_GATEWAY),
        a.u32(Rtnl.RTA_OIF),
        a.u32(Rtnl.RTA_PRIORITY));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Route r
        && family == r.family
        && dstLen == r.dstLen
        && table == r.table
        && protocol == r.protocol
        && scope == r.scope
        && type == r.type
        && oif == r.oif
        && priority == r.priority
        && Arrays.equals(dst, r.dst)
        && Arrays.equals(gateway, r.gateway);
  }

  @Override
  public int hashCode() {
    return Objects.hash(family, dstLen, table, protocol, scope, type, oif, priority) * 31
        + Arrays.hashCode(dst) * 17
        + Arrays.hashCode(gateway);
  }

  @Override
  public String toString() {
    return "Route["
        + (dst == null ? "default" : Addr.text(dst) + "/" + dstLen)
        + (gateway == null ? "" : " via " + Addr.text(gateway))
        + (oif == 0 ? "" : " oif " + oif)
        + " table "
        + table
        + " proto "
        + protocol
        + " scope "
        + scope
        + " type "
        + type
        + (priority == 0 ? "" : " metric " + priority)
        + "]";
  }
}

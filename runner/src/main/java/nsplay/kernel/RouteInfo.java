package nsplay.kernel;

import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * A route of the main table ({@code ip route}).
 *
 * @param dst the destination prefix; null for the default route
 * @param gateway null when the route has no gateway
 * @param oif output interface index; 0 when none
 * @param protocol who added it (rtm_protocol, RTPROT_*): {@link #NSPLAY} for nsplay's routes
 */
public record RouteInfo(Cidr dst, Ip gateway, int oif, int protocol) {
  /** nsplay's rtm_protocol ({@code proto 217}); why this number: Rtnl.RTPROT_NSPLAY. */
  public static final int NSPLAY = nsplay.netlink.rtnl.Rtnl.RTPROT_NSPLAY;

  /** A route of no particular origin (RTPROT_UNSPEC): what a task asks for, before it is added. */
  public RouteInfo(Cidr dst, Ip gateway, int oif) {
    this(dst, gateway, oif, 0);
  }

  public boolean isDefault() {
    return dst == null;
  }
}

package nsplay.kernel;

import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * A route of the main table ({@code ip route}).
 *
 * @param dst the destination prefix; null for the default route
 * @param gateway null when the route has no gateway
 * @param oif output interface index; 0 when none
 */
public record RouteInfo(Cidr dst, Ip gateway, int oif) {
  public boolean isDefault() {
    return dst == null;
  }
}

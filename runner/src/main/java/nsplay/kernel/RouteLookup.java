package nsplay.kernel;

import nsplay.net.Ip;

/**
 * The route the kernel would take to one address ({@code ip route get TO}).
 *
 * @param errno 0 when there is a route; else why not (ENETUNREACH: no route, EHOSTUNREACH, EINVAL:
 *     an unreachable or prohibit route)
 * @param gateway the next hop, or null when the address is on a directly attached network
 * @param oif the output interface's index; 0 when none
 * @param local whether the address is the namespace's own (the kernel answers {@code local ... dev
 *     lo})
 */
public record RouteLookup(int errno, Ip gateway, int oif, boolean local) {
  public static RouteLookup none(int errno) {
    return new RouteLookup(errno, null, 0, false);
  }

  public boolean found() {
    return errno == 0;
  }
}

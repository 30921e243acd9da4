package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.decl;
import static nsplay.task.Decls.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.RouteInfo;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import org.junit.jupiter.api.Test;

class RouteAddTest {
  static final Ip GW = Ip.parse("192.168.15.5");

  final RouteAdd viaGw =
      new RouteAdd(decl("route_add: { to: default, via: 192.168.15.5, netns: red }"));
  final RouteAdd onDev = new RouteAdd(decl("route_add: { to: 10.0.0.0/8, dev: eth0 }"));

  static RouteAdd.Seen routes(RouteInfo... r) {
    return new RouteAdd.Seen(Optional.empty(), List.of(r));
  }

  static RouteAdd.Seen eth0(RouteInfo... r) {
    return new RouteAdd.Seen(Optional.of(link(4, "eth0", null, true)), List.of(r));
  }

  static RouteInfo route(String dst, String gw, int oif) {
    return new RouteInfo(
        dst == null ? null : Cidr.parse(dst), gw == null ? null : Ip.parse(gw), oif);
  }

  @Test
  void addsADefaultRoute() {
    RouteAdd.Change c = viaGw.plan(routes(route("192.168.15.0/24", null, 2)));
    assertEquals(List.of("-n red route add default via 192.168.15.5"), c.changes());
    assertEquals(new RouteAdd.Change(new RouteInfo(null, GW, 0), false, c.changes()), c);
  }

  @Test
  void nothingToDoWhenTheRouteIsThere() {
    // Without dev, any output link will do.
    assertTrue(viaGw.plan(routes(route(null, "192.168.15.5", 2))).isEmpty());
    assertTrue(onDev.plan(eth0(route("10.0.0.0/8", null, 4))).isEmpty());
  }

  @Test
  void driftAnotherGatewayIsReplaced() {
    RouteAdd.Change c = viaGw.plan(routes(route(null, "192.168.15.1", 2)));
    assertEquals(List.of("-n red route replace default via 192.168.15.5"), c.changes());
    assertTrue(c.replace());
  }

  @Test
  void driftAnotherDeviceIsReplaced() {
    RouteAdd.Change c = onDev.plan(eth0(route("10.0.0.0/8", null, 5)));
    assertEquals(List.of("route replace 10.0.0.0/8 dev eth0"), c.changes());
    assertEquals(new RouteInfo(Cidr.parse("10.0.0.0/8"), null, 4), c.route());
    c = onDev.plan(eth0(route("10.0.0.0/8", "10.9.9.9", 4)));
    assertEquals(List.of("route replace 10.0.0.0/8 dev eth0"), c.changes(), "gateway to none");
  }

  @Test
  void aRouteToAnotherPrefixDoesNotCount() {
    assertEquals(
        List.of("route add 10.0.0.0/8 dev eth0"),
        onDev.plan(eth0(route("10.0.0.0/16", null, 4), route(null, "10.0.0.1", 4))).changes());
  }

  @Test
  void viaAndDev() {
    RouteAdd both = new RouteAdd(decl("route_add: { to: 10.0.0.0/8, via: 10.0.0.1, dev: eth0 }"));
    assertEquals(
        List.of("route add 10.0.0.0/8 via 10.0.0.1 dev eth0"), both.plan(eth0()).changes());
    assertTrue(both.plan(eth0(route("10.0.0.0/8", "10.0.0.1", 4))).isEmpty());
  }

  @Test
  void ipv6() {
    RouteAdd v6 = new RouteAdd(decl("route_add: { to: default, via: \"fe80::1\", dev: eth0 }"));
    assertEquals(List.of("-6 route add default via fe80::1 dev eth0"), v6.plan(eth0()).changes());
  }

  @Test
  void default6IsTheIpv6DefaultRouteAndTheOnlyOneWithoutAGateway() {
    RouteAdd d6 = new RouteAdd(decl("route_add: { to: default6, dev: eth0, netns: red }"));
    RouteAdd.Change c = d6.plan(eth0(route("2001:db8::/64", null, 4)));
    assertEquals(List.of("-n red -6 route add default dev eth0"), c.changes());
    assertEquals(new RouteInfo(null, null, 4), c.route());
    assertTrue(d6.plan(eth0(route(null, null, 4))).isEmpty());
    // Without a gateway, default is IPv4's: never both.
    assertEquals(
        List.of("route add default dev eth0"),
        new RouteAdd(decl("route_add: { to: default, dev: eth0 }")).plan(eth0()).changes());
    // A /0 prefix is its version's default.
    assertEquals(
        List.of("-6 route add default via 2001:db8::5"),
        new RouteAdd(decl("route_add: { to: \"::/0\", via: \"2001:db8::5\" }"))
            .plan(routes())
            .changes());
  }

  @Test
  void ipv6PrefixViaAGateway() {
    RouteAdd r = new RouteAdd(decl("route_add: { to: \"2001:db8:2::/64\", via: \"2001:db8::2\" }"));
    assertEquals(
        List.of("-6 route add 2001:db8:2::/64 via 2001:db8::2"), r.plan(routes()).changes());
    assertTrue(r.plan(routes(route("2001:db8:2::/64", "2001:db8::2", 3))).isEmpty());
    assertEquals(
        List.of("-6 route replace 2001:db8:2::/64 via 2001:db8::2"),
        r.plan(routes(route("2001:db8:2::/64", "2001:db8::9", 3))).changes());
  }

  @Test
  void bindRejectsDefault6ViaIpv4AndALinkLocalGatewayWithoutDev() {
    assertEquals(
        "route_add: default6 is the IPv6 default route, and via is IPv4 (write to: default)",
        bindError("route_add: { to: default6, via: 10.0.0.1 }"));
    assertEquals(
        "route_add: a link-local gateway (fe80::/10) needs dev, the link it is on",
        bindError("route_add: { to: default6, via: \"fe80::1\" }"));
  }

  @Test
  void failsWhenTheDeviceIsMissing() {
    TaskFailure f = assertThrows(TaskFailure.class, () -> onDev.plan(routes()));
    assertEquals("no link eth0 on the host", f.getMessage());
  }

  @Test
  void bindRejectsARouteWithoutViaOrDev() {
    assertEquals(
        "route_add needs via (a gateway), dev (a link), or both",
        bindError("route_add: { to: default, netns: red }"));
  }

  @Test
  void bindRejectsMixedVersions() {
    assertEquals(
        "route_add: to and via are of different IP versions",
        bindError("route_add: { to: 10.0.0.0/8, via: \"fe80::1\" }"));
    assertEquals(
        "route_add: to and via are of different IP versions",
        bindError("route_add: { to: \"2001:db8::/32\", via: 10.0.0.1 }"));
  }
}

package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * IPv6 beside IPv4: addresses (without duplicate address detection on the lab's links), routes to
 * an IPv6 prefix and the IPv6 default route ({@code default6}), with {@code ip -6 -j addr} and
 * {@code ip -6 -j route} as the oracle; status sees drift, up repairs it, down removes it all.
 */
@Tag(StockKernel.TAG)
class Ipv6IT {
  static final String PLAYBOOK =
      """
      name: {lab}
      tasks:
        - netns_add: { name: {lab}-a }
        - bridge_create: { name: br0 }
        - addr_assign: { link: br0, address: 10.93.0.1/24 }
        - addr_assign: { link: br0, address: "2001:db8:93::1/64" }
        - veth_create: { name: va, netns: {lab}-a, peer: vh }
        - link_up: { link: lo, netns: {lab}-a }
        - bridge_attach: { link: vh, bridge: br0 }
        - addr_assign: { link: va, address: 10.93.0.2/24, netns: {lab}-a }
        - addr_assign: { link: va, address: "2001:db8:93::2/64", netns: {lab}-a }
        - route_add: { to: default, via: 10.93.0.1, netns: {lab}-a }
        - route_add: { to: default6, via: "2001:db8:93::1", netns: {lab}-a }
        - route_add: { to: "2001:db8:94::/64", dev: va, netns: {lab}-a }
        - name: a reaches its gateway over IPv6
          ping: { from: {lab}-a, to: "2001:db8:93::1", count: 2 }
        - name: the host reaches a over IPv6
          ping: { from: host, to: "2001:db8:93::2", count: 1 }
        - name: a reaches its gateway over IPv4
          ping: { from: {lab}-a, to: 10.93.0.1, count: 1 }
        - name: nothing answers at an unused IPv6 address
          ping: { from: {lab}-a, to: "2001:db8:93::77", count: 1, expect: unreachable }
      """;

  /** {@code ip -6 -j route} in {@code ns}, each as "DST via GW dev DEV proto P". */
  static List<String> routes6(String ns) {
    List<String> out = new ArrayList<>();
    for (JsonNode r : TestNet.ipJson(ns, "-6", "route", "show")) {
      out.add(
          r.path("dst").asText()
              + (r.has("gateway") ? " via " + r.path("gateway").asText() : "")
              + " dev "
              + r.path("dev").asText()
              + " proto "
              + r.path("protocol").asText());
    }
    return out;
  }

  /** The IPv6 global addresses of {@code dev} in {@code ns}, the oracle's JSON objects. */
  static List<JsonNode> globals6(String ns, String dev) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode l : TestNet.ipJson(ns, "-6", "addr", "show", "dev", dev)) {
      for (JsonNode a : l.path("addr_info")) {
        if (a.path("scope").asText().equals("global")) {
          out.add(a);
        }
      }
    }
    return out;
  }

  @Test
  void dualStackAddressesAndRoutesConvergeDriftAndGo() throws Exception {
    try (Lab lab = new Lab("v6").playbook(PLAYBOOK)) {
      String a = lab.name + "-a";
      Lab.Run first = lab.upTwice();
      assertTrue(first.out().contains("-> 2001:db8:93::1: 2/2 replies, rtt min "), first.out());
      assertTrue(first.out().contains("-> 2001:db8:93::2: 1/1 replies"), first.out());
      assertTrue(first.out().contains("-> 2001:db8:93::77: 0/1 replies"), first.out());

      List<JsonNode> va = globals6(a, "va");
      assertEquals(1, va.size(), va.toString());
      assertEquals("2001:db8:93::2", va.get(0).path("local").asText());
      assertEquals(64, va.get(0).path("prefixlen").asInt());
      assertTrue(va.get(0).path("nodad").asBoolean(), "a lab link's address skips DAD: " + va);
      assertFalse(va.get(0).path("tentative").asBoolean(), "usable at once: " + va);
      assertEquals(
          "2001:db8:93::1", globals6(lab.host, "br0").get(0).path("local").asText(), "gateway");
      List<String> routes = routes6(a);
      assertTrue(routes.contains("default via 2001:db8:93::1 dev va proto 217"), routes.toString());
      assertTrue(routes.contains("2001:db8:94::/64 dev va proto 217"), routes.toString());
      // IPv4's default route is there too, and default did not mean both.
      JsonNode v4 = TestNet.ipJson(a, "-4", "route", "show", "default");
      assertEquals("10.93.0.1", v4.get(0).path("gateway").asText());
      assertEquals(List.of(), Own.drift(Own.status(lab.name)));

      // check probes the IPv6 addresses (not the link-local ones) beside the IPv4 ones, and
      // judges the playbook's IPv6 pings; the report's model lists the IPv6 routes.
      Lab.Run check = Lab.cli("check", "--matrix", "--json", lab.file.toString()).expect(0);
      JsonNode doc = new ObjectMapper().readTree(check.out());
      List<String> targets = new ArrayList<>();
      doc.path("targets").forEach(t -> targets.add(t.path("address").asText()));
      assertEquals(List.of("10.93.0.1", "2001:db8:93::1", "10.93.0.2", "2001:db8:93::2"), targets);
      for (JsonNode c : doc.path("cells").get(0)) {
        assertTrue(c.path("reachable").asBoolean(), check.out());
      }
      assertEquals("reachable", doc.path("cells").get(0).get(1).path("expected").asText());
      Lab.Run text = Lab.cli("check", lab.file.toString()).expect(0);
      assertTrue(text.out().contains("2001:db8:93::2"), text.out());
      Lab.Run report =
          Lab.cli("report", "--lab", lab.name, "--format", "txt", "--no-probe").expect(0);
      assertTrue(
          report.out().matches("(?s).*\\n  default6 +2001:db8:93::1 +va\\n.*"), report.out());
      assertTrue(report.out().matches("(?s).*\\n  2001:db8:94::/64 +- +va\\n.*"), report.out());
      assertFalse(report.out().contains("fe80::/64"), report.out());

      // Drift: the IPv6 default route through another gateway, the link's IPv6 address gone.
      TestNet.run("ip", "-n", a, "-6", "route", "replace", "default", "via", "2001:db8:93::9");
      TestNet.run("ip", "-n", a, "-6", "addr", "del", "2001:db8:93::2/64", "dev", "va");
      List<String> drift = Own.drift(Own.status(lab.name));
      assertEquals(
          List.of(
              "addr|2001:db8:93::2/64 dev va|" + a + "|missing",
              "route|default6 via 2001:db8:93::1|" + a + "|changed: via 2001:db8:93::9"),
          drift);
      Lab.Run repair = lab.up().expect(0);
      assertTrue(repair.recap().contains(" changed=2 "), repair.out());
      assertTrue(routes6(a).contains("default via 2001:db8:93::1 dev va proto 217"));
      assertEquals(1, globals6(a, "va").size());
      lab.up().expect(0);
      assertEquals(List.of(), Own.drift(Own.status(lab.name)), "repaired");

      lab.down().expect(0);
      lab.assertGone();
    }
  }

  /** The addresses of {@code dev} in {@code ns}, IPv6 only. */
  static JsonNode addrs6(String ns, String dev) {
    JsonNode l = TestNet.ipJson(ns, "-6", "addr", "show", "dev", dev);
    return l.size() == 0 ? l : l.get(0).path("addr_info");
  }

  @Test
  void ipv6FalseLeavesLinksWithoutLinkLocalAddresses() {
    try (Lab lab =
        new Lab("v6n")
            .playbook(
                """
                name: {lab}
                tasks:
                  - netns_add: { name: {lab}-a }
                  - bridge_create: { name: br0, ipv6: false }
                  - veth_create: { name: va, netns: {lab}-a, peer: vh, ipv6: false }
                  - veth_create: { name: vb, netns: {lab}-a, peer: vk }
                  - bridge_attach: { link: vh, bridge: br0 }
                  - vxlan_create: { name: vx, vni: 7, dev: va, netns: {lab}-a, ipv6: false }
                  - addr_assign: { link: va, address: 10.98.0.2/24, netns: {lab}-a }
                  - addr_assign: { link: br0, address: 10.98.0.1/24 }
                  - ping: { from: {lab}-a, to: 10.98.0.1, count: 1 }
                """)) {
      String a = lab.name + "-a";
      lab.upTwice();
      for (String[] l :
          new String[][] {{lab.host, "br0"}, {lab.host, "vh"}, {a, "va"}, {a, "vx"}}) {
        JsonNode link = TestNet.link(l[0], l[1]);
        assertTrue(TestNet.isUp(link), l[1] + " is up");
        assertEquals("none", link.path("inet6_addr_gen_mode").asText(), l[1]);
        assertEquals(0, addrs6(l[0], l[1]).size(), l[1] + ": " + addrs6(l[0], l[1]));
      }
      // A link without ipv6: false makes its link-local address as usual.
      assertTrue(addrs6(lab.host, "vk").toString().contains("fe80::"), "vk has a link-local");
      lab.down().expect(0);
      lab.assertGone();
    }
  }

  @Test
  void downRemovesTheLabsIpv6OnAHostLinkItDidNotMake() {
    try (Lab lab = new Lab("v6h")) {
      lab.extraNetns.add(TestNet.newNetns("x"));
      String x = lab.extraNetns.get(0);
      TestNet.run("ip", "-n", lab.host, "link", "add", "hx", "type", "veth", "peer", "px");
      TestNet.run("ip", "-n", lab.host, "link", "set", "px", "netns", x);
      TestNet.run("ip", "-n", lab.host, "link", "set", "hx", "up");
      lab.playbook(
          """
          name: {lab}
          tasks:
            - addr_assign: { link: hx, address: "2001:db8:95::1/64", allow_host_interface: true }
            - route_add: { to: "2001:db8:96::/64", via: "2001:db8:95::2", dev: hx }
          """);
      lab.upTwice();
      List<JsonNode> hx = globals6(lab.host, "hx");
      assertEquals("2001:db8:95::1", hx.get(0).path("local").asText());
      assertFalse(hx.get(0).path("nodad").asBoolean(), "not the lab's link: DAD stays: " + hx);
      // Made by hand, to another place: down must leave it.
      TestNet.run(
          "ip", "-n", lab.host, "-6", "route", "add", "2001:db8:97::/64", "via", "2001:db8:95::2");
      assertTrue(
          routes6(lab.host).contains("2001:db8:96::/64 via 2001:db8:95::2 dev hx proto 217"));
      lab.down().expect(0);
      assertEquals(List.of(), globals6(lab.host, "hx"), "the lab's address is gone");
      List<String> left = routes6(lab.host);
      assertFalse(left.stream().anyMatch(r -> r.startsWith("2001:db8:96::/64")), left.toString());
      assertTrue(left.stream().anyMatch(r -> r.startsWith("2001:db8:97::/64")), left.toString());
      TestNet.run("ip", "-n", lab.host, "link", "del", "hx");
    }
  }
}

package nsplay.it;

import static nsplay.it.TestNet.ipJson;
import static nsplay.it.TestNet.isUp;
import static nsplay.it.TestNet.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every task type against the real kernel: applied (changed), applied again (ok, nothing changed),
 * checked with ip/nft as the oracle, then removed by down. Each test has its own lab and its own
 * throwaway host namespace.
 */
class TaskTypesIT {
  private final List<Lab> labs = new ArrayList<>();

  private Lab lab(String tag) {
    Lab l = new Lab(tag);
    labs.add(l);
    return l;
  }

  @AfterEach
  void cleanup() {
    labs.forEach(Lab::close);
  }

  @Test
  void netnsAdd() {
    Lab lab =
        lab("ns")
            .playbook(
                """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
        """);
    lab.upTwice();
    assertTrue(TestNet.netnsList().contains(lab.name + "-a"));
    // It works with iproute2: ip netns exec enters it and sees only lo.
    assertEquals(
        "lo\n", TestNet.run("ip", "netns", "exec", lab.name + "-a", "ls", "/sys/class/net"));
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void vethCreateEachEndInItsNamespace() {
    Lab lab =
        lab("veth")
            .playbook(
                """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - veth_create: { name: va, netns: {lab}-a, peer: vh }
        """);
    lab.upTwice();
    JsonNode a = link(lab.name + "-a", "va");
    JsonNode h = link(lab.host, "vh");
    assertNotNull(a);
    assertNotNull(h);
    assertEquals("veth", a.path("linkinfo").path("info_kind").asText());
    assertTrue(isUp(a) && isUp(h));
    assertEquals("nsplay:" + lab.name, h.path("ifalias").asText());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void vethDownIsRepaired() {
    Lab lab =
        lab("vdrift")
            .playbook(
                """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - name: pair
            veth_create: { name: va, netns: {lab}-a, peer: vh }
        """);
    lab.upTwice();
    TestNet.run("ip", "-n", lab.host, "link", "set", "vh", "down");
    Lab.Run r = lab.up().expect(0);
    assertTrue(r.out().contains("TASK [pair] ... changed"), r.out());
    assertTrue(r.recap().contains(" changed=1 "), r.out());
    assertTrue(isUp(link(lab.host, "vh")));
  }

  @Test
  void bridgeCreateAndAttach() {
    Lab lab =
        lab("br")
            .playbook(
                """
        name: {lab}
        tasks:
          - bridge_create: { name: br0 }
          - netns_add: { name: {lab}-a }
          - veth_create: { name: va, netns: {lab}-a, peer: vh }
          - bridge_attach: { link: vh, bridge: br0 }
        """);
    lab.upTwice();
    JsonNode br = link(lab.host, "br0");
    assertEquals("bridge", br.path("linkinfo").path("info_kind").asText());
    assertTrue(isUp(br));
    assertEquals("br0", link(lab.host, "vh").path("master").asText());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void linkUpOfAForeignLinkIsUndoneAndTheLinkKept() {
    Lab lab = lab("up");
    TestNet.run("ip", "-n", lab.host, "link", "add", "fa", "type", "veth", "peer", "fb");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - link_up: { link: fa }
          - netns_add: { name: {lab}-a }
          - link_up: { link: lo, netns: {lab}-a }
        """);
    lab.upTwice();
    assertTrue(isUp(link(lab.host, "fa")));
    assertTrue(isUp(link(lab.name + "-a", "lo")));
    lab.down().expect(0);
    JsonNode fa = link(lab.host, "fa");
    assertNotNull(fa, "a link the lab did not create must survive down");
    assertTrue(!isUp(fa), "down must set down again what the lab set up");
    TestNet.run("ip", "-n", lab.host, "link", "del", "fa");
    lab.assertGone();
  }

  @Test
  void linkMoveOfALabLink() {
    Lab lab =
        lab("mv")
            .playbook(
                """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - veth_create: { name: m1, peer: m2 }
          - link_move: { link: m1, netns: {lab}-a }
        """);
    lab.upTwice();
    assertNotNull(link(lab.name + "-a", "m1"));
    assertNull(link(lab.host, "m1"));
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void linkMoveRefusesAHostInterfaceUnlessAllowed() {
    Lab lab = lab("mvh");
    TestNet.run("ip", "-n", lab.host, "link", "add", "up0", "type", "ifb");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - name: move
            link_move: { link: up0, netns: {lab}-a }
        """);
    Lab.Run r = lab.up().expect(1);
    assertTrue(
        r.out()
            .contains(
                "TASK [move] ... failed: refusing to move up0: this lab did not " + "create it"),
        r.out());
    assertNotNull(link(lab.host, "up0"));

    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - link_move: { link: up0, netns: {lab}-a, allow_host_interface: true }
        """);
    lab.upTwice();
    assertNotNull(link(lab.name + "-a", "up0"));
    lab.down().expect(0);
    // Moved back, not destroyed with the namespace.
    assertNotNull(link(lab.host, "up0"), "a host interface must come back on down");
    TestNet.run("ip", "-n", lab.host, "link", "del", "up0");
    lab.assertGone();
  }

  @Test
  void addrAssign() {
    Lab lab =
        lab("addr")
            .playbook(
                """
        name: {lab}
        tasks:
          - bridge_create: { name: br0 }
          - addr_assign: { link: br0, address: 10.77.0.1/24 }
          - addr_assign: { link: br0, address: fd00:77::1/64 }
        """);
    lab.upTwice();
    List<String> addrs = new ArrayList<>();
    for (JsonNode a : ipJson(lab.host, "addr", "show", "dev", "br0").get(0).path("addr_info")) {
      addrs.add(a.path("local").asText() + "/" + a.path("prefixlen").asInt());
    }
    assertTrue(addrs.contains("10.77.0.1/24"), addrs::toString);
    assertTrue(addrs.contains("fd00:77::1/64"), addrs::toString);
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void addrOnAForeignLinkIsRemovedByDown() {
    Lab lab = lab("addrf");
    TestNet.run("ip", "-n", lab.host, "link", "add", "ext0", "type", "ifb");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - name: refused
            addr_assign: { link: ext0, address: 10.78.0.1/24 }
        """);
    Lab.Run refused = lab.up().expect(1);
    assertTrue(
        refused
            .out()
            .contains("TASK [refused] ... failed: refusing to add an address to" + " ext0"),
        refused.out());
    lab.playbook(
        """
        name: {lab}
        tasks:
          - addr_assign: { link: ext0, address: 10.78.0.1/24, allow_host_interface: true }
        """);
    lab.upTwice();
    lab.down().expect(0);
    JsonNode info = ipJson(lab.host, "addr", "show", "dev", "ext0").get(0).path("addr_info");
    assertEquals(0, info.size(), info::toString);
    TestNet.run("ip", "-n", lab.host, "link", "del", "ext0");
    lab.assertGone();
  }

  @Test
  void routeAddAndDriftRepair() {
    Lab lab =
        lab("rt")
            .playbook(
                """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - veth_create: { name: va, netns: {lab}-a, peer: vh }
          - addr_assign: { link: va, address: 10.79.0.2/24, netns: {lab}-a }
          - name: default route
            route_add: { to: default, via: 10.79.0.1, netns: {lab}-a }
          - route_add: { to: 10.80.0.0/16, dev: va, netns: {lab}-a }
        """);
    lab.upTwice();
    String ns = lab.name + "-a";
    JsonNode def = ipJson(ns, "route", "show", "default").get(0);
    assertEquals("10.79.0.1", def.path("gateway").asText());
    assertEquals("va", ipJson(ns, "route", "show", "10.80.0.0/16").get(0).path("dev").asText());

    TestNet.run("ip", "-n", ns, "route", "replace", "default", "via", "10.79.0.9");
    Lab.Run r = lab.up().expect(0);
    assertTrue(r.out().contains("TASK [default route] ... changed"), r.out());
    assertEquals(
        "10.79.0.1", ipJson(ns, "route", "show", "default").get(0).path("gateway").asText());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void natMasqueradeInTheLabsOwnTable() {
    Lab lab =
        lab("nat")
            .playbook(
                """
        name: {lab}
        tasks:
          - nat_masquerade: { source: 192.168.15.0/24, out: eth0 }
        """);
    assertEquals("0", TestNet.sysctl(lab.host, "net.ipv4.ip_forward"));
    lab.upTwice();
    assertEquals(List.of("nsplay-" + lab.name), TestNet.nftTables(lab.host));
    String ruleset = TestNet.run("ip", "netns", "exec", lab.host, "nft", "list", "ruleset");
    assertTrue(ruleset.contains("type nat hook postrouting priority srcnat"), ruleset);
    assertTrue(ruleset.contains("ip saddr 192.168.15.0/24 oifname \"eth0\" masquerade"), ruleset);
    assertEquals("1", TestNet.sysctl(lab.host, "net.ipv4.ip_forward"));
    lab.down().expect(0);
    assertEquals("0", TestNet.sysctl(lab.host, "net.ipv4.ip_forward"));
    lab.assertGone();
  }

  @Test
  void natLeavesOtherTablesAlone() {
    Lab lab = lab("natf");
    TestNet.run("ip", "netns", "exec", lab.host, "nft", "add", "table", "ip", "theirs");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - nat_masquerade: { source: 10.81.0.0/16, out: up0 }
        """);
    lab.upTwice();
    lab.down().expect(0);
    assertEquals(List.of("theirs"), TestNet.nftTables(lab.host));
    TestNet.run("ip", "netns", "exec", lab.host, "nft", "delete", "table", "ip", "theirs");
    lab.assertGone();
  }

  @Test
  void sysctlIsRestoredByDown() {
    Lab lab =
        lab("sys")
            .playbook(
                """
        name: {lab}
        tasks:
          - sysctl: { name: net.ipv4.ip_default_ttl, value: 42 }
          - netns_add: { name: {lab}-a }
          - sysctl: { name: net.ipv4.conf.all.forwarding, value: 1, netns: {lab}-a }
        """);
    String before = TestNet.sysctl(lab.host, "net.ipv4.ip_default_ttl");
    lab.upTwice();
    assertEquals("42", TestNet.sysctl(lab.host, "net.ipv4.ip_default_ttl"));
    assertEquals("1", TestNet.sysctl(lab.name + "-a", "net.ipv4.conf.all.forwarding"));
    lab.down().expect(0);
    assertEquals(before, TestNet.sysctl(lab.host, "net.ipv4.ip_default_ttl"));
    lab.assertGone();
  }

  @Test
  void pingChecksBothWays() {
    Lab lab =
        lab("ping")
            .playbook(
                """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - netns_add: { name: {lab}-b }
          - veth_create: { name: va, netns: {lab}-a, peer: vb, peer_netns: {lab}-b }
          - addr_assign: { link: va, address: 10.82.0.1/24, netns: {lab}-a }
          - addr_assign: { link: vb, address: 10.82.0.2/24, netns: {lab}-b }
          - ping: { from: {lab}-a, to: 10.82.0.2, count: 2 }
          - ping: { from: {lab}-a, to: 10.83.0.1, count: 1, expect: unreachable }
        """);
    lab.upTwice();
    lab.playbook(
        """
        name: {lab}
        tasks:
          - name: wrong expectation
            ping: { from: {lab}-a, to: 10.82.0.2, count: 1, expect: unreachable }
        """);
    Lab.Run r = lab.up().expect(1);
    assertTrue(
        r.out()
            .contains(
                "TASK [wrong expectation] ... failed: "
                    + lab.name
                    + "-a -> 10.82.0.2: 1/1 replies"),
        r.out());
    assertTrue(r.out().contains("(expected unreachable)"), r.out());
    assertTrue(r.recap().endsWith("failed=1 skipped=0"), r.out());
    lab.down().expect(0);
    lab.assertGone();
  }
}

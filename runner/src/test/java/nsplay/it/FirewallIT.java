package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * port_forward, snat, filter and filter_policy against the real kernel, with nft as the oracle
 * ({@code nft -j list table}), and traffic only between namespaces the test made: outside -- router
 * -- inside, a web server inside reached through the router's port forward.
 */
class FirewallIT {
  private final List<Lab> labs = new ArrayList<>();

  private static final String NETWORK =
      """
      name: {lab}
      tasks:
        - netns_add: { name: "{lab}-${item}" }
          loop: [o, r, i]
        - link_up: { link: lo, netns: "{lab}-${item}" }
          loop: [o, r, i]
        - veth_create: { name: eth0, netns: "{lab}-o", peer: r-out, peer_netns: "{lab}-r" }
        - veth_create: { name: eth0, netns: "{lab}-i", peer: r-in, peer_netns: "{lab}-r" }
        - addr_assign: { link: "${item.dev}", address: "${item.addr}", netns: "{lab}-${item.ns}" }
          loop:
            - { ns: o, dev: eth0, addr: 10.20.0.2/24 }
            - { ns: r, dev: r-out, addr: 10.20.0.1/24 }
            - { ns: r, dev: r-in, addr: 10.30.0.1/24 }
            - { ns: i, dev: eth0, addr: 10.30.0.2/24 }
        - route_add: { to: default, via: 10.30.0.1, netns: "{lab}-i" }
        - route_add: { to: 10.30.0.0/24, via: 10.20.0.1, netns: "{lab}-o" }
        - sysctl: { name: net.ipv4.ip_forward, value: 1, netns: "{lab}-r" }
      """;

  private static final String FIREWALL =
      """
        - name: web
          service:
            name: web
            netns: "{lab}-i"
            command: [/usr/bin/python3, -m, http.server, "8000", --bind, 10.30.0.2, --directory, /usr/share]
            ready: { tcp: 8000 }
            timeout: 20s
        - name: forward 8080
          port_forward: { netns: "{lab}-r", in: r-out, proto: tcp, port: 8080, to: "10.30.0.2:8000" }
        - name: replies pass
          filter: { netns: "{lab}-r", chain: forward, ct_state: [established, related], action: accept }
        - name: web passes
          filter: { netns: "{lab}-r", chain: forward, oif: r-in, proto: tcp, daddr: 10.30.0.2, dport: 8000, action: accept }
        - name: drop the rest
          filter_policy: { netns: "{lab}-r", chain: forward, policy: drop }
        - name: snat inside out
          snat: { netns: "{lab}-r", source: 10.30.0.0/24, out: r-out, to: 10.20.0.1 }
        - name: through the port forward
          http_get: { from: "{lab}-o", url: "http://10.20.0.1:8080/" }
        - name: no ping inside
          ping: { from: "{lab}-o", to: 10.30.0.2, count: 1, expect: unreachable }
      """;

  @AfterEach
  void tearDown() {
    for (Lab l : labs) {
      l.close();
    }
    labs.clear();
  }

  private Lab lab(String tag, String text) {
    Lab l = new Lab(tag).playbook(text);
    labs.add(l);
    return l;
  }

  /** {@code nft -j -a list table ip TABLE} in {@code netns}: its rules, in order. */
  static List<JsonNode> rules(String netns, String table) {
    try {
      JsonNode all =
          new ObjectMapper()
              .readTree(
                  TestNet.run(
                      "ip", "netns", "exec", netns, "nft", "-j", "-a", "list", "table", "ip",
                      table));
      List<JsonNode> out = new ArrayList<>();
      all.path("nftables")
          .forEach(
              n -> {
                if (n.has("rule")) {
                  out.add(n.path("rule"));
                }
              });
      return out;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static List<String> comments(List<JsonNode> rules) {
    return rules.stream()
        .map(r -> r.path("chain").asText() + ": " + r.path("comment").asText())
        .toList();
  }

  static boolean pings(String from, String to) {
    return TestNet.exec("ip", "netns", "exec", from, "ping", "-c", "1", "-W", "1", to).code() == 0;
  }

  @Test
  void rulesAreWhatNftSaysAndTheWebServerIsReachedThroughTheForward() {
    Lab l = lab("fwa", NETWORK + FIREWALL);
    l.upTwice(); // the http_get and ping checks pass, or up exits 1
    String r = l.name + "-r";
    String table = "nsplay-" + l.name;
    List<JsonNode> rules = rules(r, table);
    assertEquals(
        List.of(
            "prerouting: forward 8080",
            "forward: replies pass",
            "forward: web passes",
            "postrouting: snat inside out"),
        comments(rules));
    // nft reads them back as an administrator writes them.
    String listed = TestNet.run("ip", "netns", "exec", r, "nft", "list", "table", "ip", table);
    assertTrue(
        listed.contains(
            "iifname \"r-out\" tcp dport 8080 dnat to 10.30.0.2:8000 comment \"forward 8080\""),
        listed);
    assertTrue(
        listed.contains("ct state established,related accept comment \"replies pass\""), listed);
    assertTrue(
        listed.contains(
            "ip daddr 10.30.0.2 oifname \"r-in\" tcp dport 8000 accept comment \"web passes\""),
        listed);
    assertTrue(listed.contains("type filter hook forward priority filter; policy drop;"), listed);
    assertTrue(
        listed.contains("ip saddr 10.30.0.0/24 oifname \"r-out\" snat to 10.20.0.1"), listed);
    JsonNode dnat = rules.get(0).path("expr");
    assertEquals("10.30.0.2", dnat.get(dnat.size() - 1).path("dnat").path("addr").asText());
    assertEquals(8000, dnat.get(dnat.size() - 1).path("dnat").path("port").asInt());
    assertEquals("1", TestNet.sysctl(r, "net.ipv4.ip_forward"));
    // Only the forward reaches inside: the web server directly, and pings, are dropped.
    assertTrue(!pings(l.name + "-o", "10.30.0.2"));
    TestNet.Result direct =
        TestNet.exec(
            "ip",
            "netns",
            "exec",
            l.name + "-o",
            "/usr/bin/python3",
            "-c",
            "import socket; socket.create_connection(('10.30.0.2', 9), 1)");
    assertNotEquals(0, direct.code());
    l.down().expect(0);
    l.assertGone();
  }

  @Test
  void aDropRuleStopsPingsUntilItIsGone() {
    Lab net = lab("fwn", NETWORK);
    net.up().expect(0);
    String o = net.name + "-o";
    assertTrue(pings(o, "10.30.0.2"), "the way through the router is open");
    // A second lab holds only the rule, in the first one's router: its down takes the rule away.
    Lab wall =
        lab(
            "fwd",
            "name: {lab}\ntasks:\n"
                + "  - name: no pings through\n"
                + "    filter: { netns: "
                + net.name
                + "-r, chain: forward, iif: r-out, proto: icmp, action: drop }\n");
    wall.up().expect(0);
    assertTrue(!pings(o, "10.30.0.2"), "dropped by the rule");
    assertTrue(pings(o, "10.20.0.1"), "the router itself still answers (input)");
    wall.down().expect(0);
    assertEquals(List.of(), TestNet.nftTables(net.name + "-r"), "the rule went with its table");
    assertTrue(pings(o, "10.30.0.2"), "open again");
  }

  @Test
  void aRuleDeletedOrChangedByHandIsSeenAndPutBackInItsPlace() {
    Lab l = lab("fwr", NETWORK + FIREWALL);
    l.up().expect(0);
    String r = l.name + "-r";
    String table = "nsplay-" + l.name;
    List<JsonNode> before = rules(r, table);
    long replies = before.get(1).path("handle").asLong();
    TestNet.run(
        "ip",
        "netns",
        "exec",
        r,
        "nft",
        "delete",
        "rule",
        "ip",
        table,
        "forward",
        "handle",
        Long.toString(replies));
    TestNet.run(
        "ip",
        "netns",
        "exec",
        r,
        "nft",
        "replace",
        "rule",
        "ip",
        table,
        "prerouting",
        "handle",
        Long.toString(before.get(0).path("handle").asLong()),
        "iifname",
        "r-out",
        "tcp",
        "dport",
        "8081",
        "dnat",
        "to",
        "10.30.0.2:8000",
        "comment",
        "\"forward 8080\"");
    TestNet.run(
        "ip",
        "netns",
        "exec",
        r,
        "nft",
        "add",
        "chain",
        "ip",
        table,
        "forward",
        "{ policy accept; }");
    Lab.Run status = Lab.cli("status", "--lab", l.name, "-v");
    assertEquals(1, status.code(), status.out());
    assertTrue(
        status.out().contains("nft rule forward \"replies pass\" in " + r + ": missing"),
        status.out());
    assertTrue(
        status.out().contains("nft rule prerouting \"forward 8080\" in " + r + ": changed"),
        status.out());
    assertTrue(
        status.out().contains("policy drop in " + r + ": changed: policy accept"), status.out());
    Lab.Run up = l.up().expect(0);
    assertTrue(
        up.out().contains("TASK [replies pass] ... changed (drift repaired: the rule was missing)"),
        up.out());
    assertTrue(
        up.out().contains("TASK [forward 8080] ... changed (drift repaired: the rule was changed"),
        up.out());
    assertEquals(comments(before), comments(rules(r, table)), "the same rules, in the same order");
    assertEquals(0, Lab.cli("status", "--lab", l.name).code());
    assertTrue(l.up().expect(0).recap().contains(" changed=0 "));
  }

  @Test
  void twoRulesOfOneNameInOneChainFail() {
    Lab l =
        lab(
            "fws",
            "name: {lab}\ntasks:\n"
                + "  - netns_add: { name: {lab}-a }\n"
                + "  - name: same\n"
                + "    filter: { netns: {lab}-a, chain: input, proto: tcp, dport: 22, action: drop }\n"
                + "  - name: same\n"
                + "    filter: { netns: {lab}-a, chain: input, proto: tcp, dport: 23, action: drop }\n");
    Lab.Run up = l.up();
    assertNotEquals(0, up.code());
    assertTrue(up.out().contains("another task of this run has a rule named \"same\""), up.out());
    assertEquals(List.of("input: same"), comments(rules(l.name + "-a", "nsplay-" + l.name)));
  }
}

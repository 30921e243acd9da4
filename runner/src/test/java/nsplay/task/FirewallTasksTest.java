package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.bindProblems;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nsplay.kernel.Nftables;
import org.junit.jupiter.api.Test;

/** The firewall task types' parameter checks and plans, without a kernel. */
class FirewallTasksTest {
  @Test
  void badInputIsALocatedError() {
    assertEquals(
        "port_forward: port must be between 1 and 65535, got 70000",
        bindError("port_forward: { in: a, proto: tcp, port: 70000, to: 10.0.0.2 }"));
    assertEquals(
        "port_forward: to: port must be between 1 and 65535, got 0",
        bindError("port_forward: { in: a, proto: tcp, port: 80, to: \"10.0.0.2:0\" }"));
    assertTrue(
        bindError("port_forward: { in: a, proto: tcp, port: 80, to: 10.0.0.300 }")
            .startsWith("port_forward: to: "));
    assertTrue(
        bindError("port_forward: { in: a, proto: sctp, port: 80, to: 10.0.0.2 }").contains("sctp"));
    assertEquals(
        "filter: dport needs proto: tcp or udp",
        bindError("filter: { chain: input, action: drop, dport: 22 }"));
    assertEquals(
        "filter: sport needs proto: tcp or udp",
        bindError("filter: { chain: input, action: drop, proto: icmp, sport: 22 }"));
    assertTrue(bindError("filter: { chain: prerouting, action: drop }").contains("prerouting"));
    assertTrue(bindError("filter: { chain: input, action: allow }").contains("allow"));
    assertTrue(
        bindError("filter: { chain: input, action: drop, saddr: 10.0.0.256 }")
            .startsWith("filter: saddr: "));
    assertEquals(
        "filter: daddr must be an IPv4 address or prefix (the lab's table is ip)",
        bindError("filter: { chain: input, action: drop, daddr: \"2001:db8::1\" }"));
    assertTrue(
        bindError("filter: { chain: input, action: drop, ct_state: [new, bogus] }")
            .contains("unknown state \"bogus\""));
    assertTrue(bindError("filter_policy: { chain: forward, policy: reject }").contains("reject"));
    assertEquals(
        "snat: to must be an IPv4 address",
        bindError("snat: { source: 10.0.0.0/24, out: a, to: \"2001:db8::1\" }"));
    // Located: the file, line and column of the task.
    var p = bindProblems("filter: { chain: input, action: drop, dport: 22 }").get(0);
    assertEquals(3, p.location().line());
  }

  static NftRuleTask.Seen seen(Nftables.Rule found, boolean same, long after) {
    return new NftRuleTask.Seen("nsplay-lab", true, true, found, same, after, "1");
  }

  @Test
  void plansTheRuleWhereItBelongs() {
    var t =
        (Filter)
            TaskRegistry.bind(
                decl(
                    "{ name: web, filter: { chain: forward, proto: tcp, dport: 80, action:"
                        + " accept } }"));
    assertEquals("web", t.comment());
    assertEquals(
        List.of(
            "nft add rule ip nsplay-lab forward position 7 tcp dport 80 accept comment \"web\""),
        t.plan(seen(null, false, 7)).changes());
    assertEquals(
        List.of("nft insert rule ip nsplay-lab forward tcp dport 80 accept comment \"web\""),
        t.plan(seen(null, false, 0)).changes());
    Nftables.Rule there = new Nftables.Rule("forward", 9, "web", List.of());
    assertEquals(List.of(), t.plan(seen(there, true, 7)).changes());
    assertEquals(
        List.of(
            "nft replace rule ip nsplay-lab forward handle 9 tcp dport 80 accept comment \"web\""),
        t.plan(seen(there, false, 7)).changes());
    // A task without a name is named by its rule.
    var unnamed =
        (Filter) TaskRegistry.bind(decl("filter: { chain: input, action: drop, iif: eth9 }"));
    assertEquals("iifname eth9 drop", unnamed.comment());
  }

  @Test
  void portForwardTurnsForwardingOn() {
    var t =
        (PortForward)
            TaskRegistry.bind(
                decl("port_forward: { in: a, proto: udp, port: 53, to: \"10.0.0.2:5353\" }"));
    var s = new NftRuleTask.Seen("nsplay-lab", false, false, null, false, 0, "0");
    assertEquals(
        List.of(
            "nft add table ip nsplay-lab { comment \"nsplay:lab\" ; }",
            "nft add chain ip nsplay-lab prerouting { type nat hook prerouting priority dstnat; }",
            "nft insert rule ip nsplay-lab prerouting iifname \"a\" udp dport 53 dnat to"
                + " 10.0.0.2:5353 comment \"iifname a udp dport 53 dnat to 10.0.0.2:5353\"",
            "sysctl -w net.ipv4.ip_forward=1"),
        t.plan(s).changes());
  }
}

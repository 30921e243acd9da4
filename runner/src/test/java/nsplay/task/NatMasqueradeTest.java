package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NatMasqueradeTest {
  static final String TABLE = "nsplay-seed";
  static final String ADD_TABLE = "nft add table ip nsplay-seed { comment \"nsplay:seed\" ; }";
  static final String ADD_CHAIN =
      "nft add chain ip nsplay-seed postrouting { type nat hook postrouting priority srcnat; }";
  static final String ADD_RULE =
      "nft add rule ip nsplay-seed postrouting ip saddr 192.168.15.0/24 oifname \"eth0\""
          + " masquerade";

  final NatMasquerade task =
      new NatMasquerade(decl("nat_masquerade: { source: 192.168.15.0/24, out: eth0 }"));

  @Test
  void createsTableChainRuleAndForwarding() {
    NatMasquerade.Change c = task.plan(new NatMasquerade.Seen(TABLE, false, false, false, "0"));
    assertEquals(
        List.of(ADD_TABLE, ADD_CHAIN, ADD_RULE, "sysctl -w net.ipv4.ip_forward=1"), c.changes());
    assertEquals(new NatMasquerade.Change(true, true, "0", c.changes()), c);
  }

  @Test
  void nothingToDoWhenAllIsThere() {
    NatMasquerade.Change c = task.plan(new NatMasquerade.Seen(TABLE, true, true, true, "1"));
    assertTrue(c.isEmpty());
    assertEquals(new NatMasquerade.Change(false, false, null, List.of()), c);
  }

  @Test
  void driftOnlyWhatIsMissing() {
    assertEquals(
        List.of(ADD_CHAIN, ADD_RULE),
        task.plan(new NatMasquerade.Seen(TABLE, true, false, false, "1")).changes());
    NatMasquerade.Change rule = task.plan(new NatMasquerade.Seen(TABLE, true, true, false, "1"));
    assertEquals(new NatMasquerade.Change(false, true, null, List.of(ADD_RULE)), rule);
    NatMasquerade.Change fwd = task.plan(new NatMasquerade.Seen(TABLE, true, true, true, "0"));
    assertEquals(
        new NatMasquerade.Change(false, false, "0", List.of("sysctl -w net.ipv4.ip_forward=1")),
        fwd);
  }

  @Test
  void inANamespace() {
    NatMasquerade n =
        new NatMasquerade(
            decl("nat_masquerade: { source: 10.1.0.0/16, out: uplink0, netns: router }"));
    assertEquals("nsplay: masquerade 10.1.0.0/16 out uplink0", n.comment());
    assertEquals(
        List.of(
            // In the namespace, as the sysctl is: nft run on the host would change the host.
            "ip netns exec router nft add rule ip nsplay-x postrouting ip saddr 10.1.0.0/16"
                + " oifname \"uplink0\" masquerade",
            "ip netns exec router sysctl -w net.ipv4.ip_forward=1"),
        n.plan(new NatMasquerade.Seen("nsplay-x", true, true, false, "0")).changes());
  }

  @Test
  void bindRejectsIpv6() {
    assertEquals(
        "nat_masquerade: source must be an IPv4 subnet",
        bindError("nat_masquerade: { source: \"fd00::/64\", out: eth0 }"));
  }
}

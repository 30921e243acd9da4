package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * vlan_create against the real kernel, with {@code ip -d -j link show} as the oracle: on a kernel
 * with 8021q (the stock-kernel stage) the VLANs are made, carry traffic and go with down; on one
 * without (this machine's) the playbook fails before any change, located.
 */
class VlanIT {
  /** Whether the kernel makes vlans, asked of iproute2 (the oracle) in a throwaway namespace. */
  static boolean kernelHasVlan() {
    return StockKernel.hasLinkKind(true, "vlan", "id", "5");
  }

  static final String TRUNK =
      """
      name: {lab}
      vars: { id: 10 }
      tasks:
        - netns_add: { name: {lab}-a }
        - netns_add: { name: {lab}-b }
        - veth_create: { name: trunk, netns: {lab}-a, peer: trunk, peer_netns: {lab}-b }
        - vlan_create: { name: trunk.10, link: trunk, id: "${id}", netns: "{lab}-${item}" }
          loop: [a, b]
        - vlan_create: { name: qinq, link: trunk, id: 20, protocol: 802.1ad, netns: {lab}-a }
        - addr_assign: { link: trunk.10, address: "10.84.0.${item.n}/24", netns: "{lab}-${item.ns}" }
          loop: [{ ns: a, n: 1 }, { ns: b, n: 2 }]
        - ping: { from: {lab}-a, to: 10.84.0.2 }
      """;

  @Test
  @Tag(StockKernel.TAG)
  void vlansOnATrunkCarryTrafficConvergeAreRecreatedAndGo() {
    StockKernel.assumeFeature(kernelHasVlan(), "8021q (vlan)");
    try (Lab lab = new Lab("vl")) {
      lab.playbook(TRUNK);
      String a = lab.name + "-a";
      lab.upTwice();
      JsonNode v = TestNet.link(a, "trunk.10");
      assertNotNull(v);
      assertEquals("vlan", v.path("linkinfo").path("info_kind").asText());
      assertEquals(10, v.path("linkinfo").path("info_data").path("id").asInt());
      assertEquals("802.1Q", v.path("linkinfo").path("info_data").path("protocol").asText());
      assertEquals("trunk", v.path("link").asText());
      assertTrue(TestNet.isUp(v));
      assertEquals("nsplay:" + lab.name, v.path("ifalias").asText());
      JsonNode q = TestNet.link(a, "qinq").path("linkinfo").path("info_data");
      assertEquals(20, q.path("id").asInt());
      assertEquals("802.1ad", q.path("protocol").asText());

      // Another id on both ends: the kernel will not change it in place, so the lab's vlans are
      // made again (their addresses with them, by the later tasks), and still carry the ping.
      Lab.Run again =
          Lab.cli("up", "-v", "-e", "id=11", "--host-netns", lab.host, lab.file.toString())
              .expect(0);
      assertTrue(again.out().contains("-n " + a + " link del trunk.10\n"), again.out());
      assertTrue(again.recap().contains(" failed=0 "), again.out());
      assertEquals(
          11, TestNet.link(a, "trunk.10").path("linkinfo").path("info_data").path("id").asInt());

      lab.down().expect(0);
      lab.assertGone();
    }
  }

  /**
   * playbooks/vlan-trunk.yml as PlaybooksIT runs every example (which skips it on a kernel without
   * 8021q): valid, up with its reachable and unreachable pings, a second up that changes nothing,
   * down, nothing left.
   */
  @Test
  @Tag(StockKernel.TAG)
  void theTrunkPlaybook() throws Exception {
    StockKernel.assumeFeature(kernelHasVlan(), "8021q (vlan)");
    PlaybooksIT examples = new PlaybooksIT();
    try {
      examples.validUpIdempotentDownClean("vlan-trunk.yml");
    } finally {
      examples.cleanup();
    }
  }

  @Test
  void aKernelWithoutVlanFailsThePlaybookBeforeAnyChange() throws Exception {
    Assumptions.assumeFalse(
        kernelHasVlan(), "this kernel has vlan: the test above runs the playbook instead");
    try (Lab lab = new Lab("vn")) {
      lab.playbook(TRUNK);
      String before = Own.snapshot(lab.host);
      Lab.Run r = lab.up().expect(2);
      assertEquals(
          lab.file + ":7:5: error: this kernel has no vlan support (CONFIG_VLAN_8021Q)",
          r.err().lines().filter(l -> l.contains(": error: ")).findFirst().orElse(r.err()));
      assertFalse(r.out().contains("TASK ["), r.out());
      assertEquals(before, Own.snapshot(lab.host), "a refused up changed something");
      assertFalse(Files.exists(Own.journal(lab.name).getParent()), "a refused up left state");
      assertTrue(
          TestNet.netnsList().stream().noneMatch(n -> n.startsWith(lab.name)),
          () -> "namespaces made: " + TestNet.netnsList());
    }
  }
}

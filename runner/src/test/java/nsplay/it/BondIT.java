package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * bond_create and bond_attach against a kernel with bonding (the stock-kernel stage), with {@code
 * ip -d -j link show} as the oracle: an active-backup bond of two veth members keeps carrying the
 * ping when one member loses its link.
 */
@Tag(StockKernel.TAG)
class BondIT {
  static boolean kernelHasBonding() {
    return StockKernel.hasLinkKind(false, "bond");
  }

  @Test
  void activeBackupSurvivesAMemberGoingDown() throws Exception {
    StockKernel.assumeFeature(kernelHasBonding(), "bonding");
    try (Lab lab = new Lab("bd")) {
      lab.playbook(
          """
          name: {lab}
          tasks:
            - netns_add: { name: {lab}-a }
            - netns_add: { name: {lab}-b }
            - veth_create: { name: "m${item}", netns: {lab}-a, peer: "p${item}", peer_netns: {lab}-b }
              loop: [1, 2]
            - bond_create: { name: bond0, mode: active-backup, miimon: 100, netns: {lab}-a }
            - bond_attach: { link: "m${item}", bond: bond0, netns: {lab}-a }
              loop: [1, 2]
            - bridge_create: { name: br0, netns: {lab}-b }
            - bridge_attach: { link: "p${item}", bridge: br0, netns: {lab}-b }
              loop: [1, 2]
            - addr_assign: { link: bond0, address: 10.86.0.1/24, netns: {lab}-a }
            - addr_assign: { link: br0, address: 10.86.0.2/24, netns: {lab}-b }
            - ping: { from: {lab}-a, to: 10.86.0.2 }
          """);
      String a = lab.name + "-a";
      String b = lab.name + "-b";
      lab.upTwice();
      JsonNode bond = TestNet.link(a, "bond0");
      assertNotNull(bond);
      assertEquals("bond", bond.path("linkinfo").path("info_kind").asText());
      JsonNode d = bond.path("linkinfo").path("info_data");
      assertEquals("active-backup", d.path("mode").asText());
      assertEquals(100, d.path("miimon").asInt());
      assertTrue(TestNet.isUp(bond));
      assertEquals("nsplay:" + lab.name, bond.path("ifalias").asText());
      for (String m : new String[] {"m1", "m2"}) {
        JsonNode member = TestNet.link(a, m);
        assertEquals("bond0", member.path("master").asText(), m);
        assertTrue(TestNet.isUp(member), m + " is up: the bond brought it up");
      }

      // The active member loses its link (its peer goes down): the bond fails over.
      String active = d.path("active_slave").asText("m1");
      String peer = active.equals("m1") ? "p1" : "p2";
      TestNet.run("ip", "-n", b, "link", "set", peer, "down");
      boolean passed = false;
      for (int i = 0; i < 10 && !passed; i++) {
        passed =
            TestNet.exec("ip", "netns", "exec", a, "ping", "-c", "1", "-W", "1", "10.86.0.2").code()
                == 0;
      }
      assertTrue(passed, "no ping after " + active + " lost its link");
      String now =
          TestNet.link(a, "bond0").path("linkinfo").path("info_data").path("active_slave").asText();
      assertTrue(!now.equals(active), "still active: " + now);

      lab.down().expect(0);
      lab.assertGone();
    }
  }

  /**
   * playbooks/bond.yml as PlaybooksIT runs every example (which skips it on a kernel without
   * bonding): valid, up with its ping, a second up that changes nothing, down, nothing left.
   */
  @Test
  void theBondPlaybook() throws Exception {
    StockKernel.assumeFeature(kernelHasBonding(), "bonding");
    PlaybooksIT examples = new PlaybooksIT();
    try {
      examples.validUpIdempotentDownClean("bond.yml");
    } finally {
      examples.cleanup();
    }
  }
}

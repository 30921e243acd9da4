package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** vxlan_create against the real kernel, with {@code ip -d -j link show} as the oracle. */
class VxlanIT {
  @Test
  void createConvergeRecreateOnDriftAndDown() {
    try (Lab lab = new Lab("vx")) {
      lab.playbook(
          """
          name: {lab}
          vars: { vni: 42 }
          tasks:
            - netns_add: { name: {lab}-a }
            - veth_create: { name: ua, netns: {lab}-a, peer: uh }
            - addr_assign: { link: ua, address: 10.82.0.1/24, netns: {lab}-a }
            - vxlan_create:
                name: vx
                vni: ${vni}
                remote: 10.82.0.2
                local: 10.82.0.1
                dev: ua
                port: 4790
                learning: false
                netns: {lab}-a
          """);
      String a = lab.name + "-a";
      lab.upTwice();
      JsonNode vx = TestNet.link(a, "vx");
      assertNotNull(vx);
      JsonNode d = vx.path("linkinfo").path("info_data");
      assertEquals("vxlan", vx.path("linkinfo").path("info_kind").asText());
      assertEquals(42, d.path("id").asInt());
      assertEquals("10.82.0.2", d.path("remote").asText());
      assertEquals("10.82.0.1", d.path("local").asText());
      assertEquals("ua", d.path("link").asText());
      assertEquals(4790, d.path("port").asInt());
      assertFalse(d.path("learning").asBoolean(true));
      assertTrue(TestNet.isUp(vx));
      assertEquals("nsplay:" + lab.name, vx.path("ifalias").asText());

      // The kernel will not change a VNI in place: the lab's link is deleted and made again.
      Lab.Run again =
          Lab.cli("up", "-v", "-e", "vni=43", "--host-netns", lab.host, lab.file.toString())
              .expect(0);
      assertTrue(again.recap().contains(" changed=1 "), again.out());
      assertTrue(again.out().contains("-n " + a + " link del vx\n"), again.out());
      JsonNode now = TestNet.link(a, "vx");
      assertEquals(43, now.path("linkinfo").path("info_data").path("id").asInt());
      assertTrue(TestNet.isUp(now));
      assertEquals("nsplay:" + lab.name, now.path("ifalias").asText());

      lab.down().expect(0);
      lab.assertGone();
    }
  }

  /**
   * The all-zeros FDB entries with their destinations, as {@code bridge -j fdb show} lists them.
   */
  static java.util.List<String> floodRemotes(String netns, String dev) {
    JsonNode all =
        TestNet.parse(TestNet.run("bridge", "-n", netns, "-j", "fdb", "show", "dev", dev));
    java.util.List<String> out = new java.util.ArrayList<>();
    for (JsonNode e : all) {
      if (e.path("mac").asText().equals("00:00:00:00:00:00") && e.has("dst")) {
        out.add(e.path("dst").asText());
      }
    }
    return out;
  }

  /**
   * remotes: one all-zeros FDB entry per remote (head-end replication), as {@code bridge -j fdb
   * show} sees them; one deleted by hand is drift that status sees and up repairs; down removes
   * them with the link.
   */
  @Test
  void remotesAreFloodEntriesRepairedAndRemoved() {
    try (Lab lab = new Lab("vr")) {
      lab.playbook(
          """
          name: {lab}
          tasks:
            - netns_add: { name: {lab}-a }
            - veth_create: { name: ua, netns: {lab}-a, peer: uh }
            - addr_assign: { link: ua, address: 10.83.0.1/24, netns: {lab}-a }
            - vxlan_create:
                name: vx
                vni: 7
                local: 10.83.0.1
                dev: ua
                remotes: [10.83.0.2, 10.83.0.3]
                netns: {lab}-a
          """);
      String a = lab.name + "-a";
      lab.upTwice();
      assertEquals(java.util.List.of("10.83.0.2", "10.83.0.3"), floodRemotes(a, "vx"));

      TestNet.run(
          "bridge", "-n", a, "fdb", "del", "00:00:00:00:00:00", "dev", "vx", "dst", "10.83.0.3");
      Lab.Run status = Lab.cli("status", "-v", "--lab", lab.name).expect(1);
      assertTrue(
          status.out().contains("fdb 00:00:00:00:00:00 dev vx dst 10.83.0.3 in " + a + ": missing"),
          status.out());
      Lab.Run repair = lab.up().expect(0);
      assertTrue(repair.recap().contains(" changed=1 "), repair.out());
      assertEquals(java.util.List.of("10.83.0.2", "10.83.0.3"), floodRemotes(a, "vx"));
      Lab.cli("status", "--lab", lab.name).expect(0);

      lab.down().expect(0);
      lab.assertGone();
    }
  }
}

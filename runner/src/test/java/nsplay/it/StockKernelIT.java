package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The kernel features that this machine's minimal kernel lacks and a stock distribution kernel has:
 * proof that the stock-kernel stage really runs on one. Each feature is tried with iproute2 (the
 * oracle) in a throwaway namespace; on a kernel without it the test is skipped saying so, in the
 * stage it must work (see {@link StockKernel}).
 */
@Tag(StockKernel.TAG)
class StockKernelIT {
  private String ns;

  @BeforeEach
  void namespace() {
    ns = TestNet.newNetns("sk");
  }

  @AfterEach
  void cleanup() {
    TestNet.deleteNetns(ns);
  }

  /**
   * Runs an iproute2 command that needs {@code feature}; a refusal that names an unknown kind means
   * the kernel lacks it (skip or fail, see {@link StockKernel#assumeFeature}), any other failure
   * fails.
   */
  private static void needs(String feature, String... cmd) {
    TestNet.Result r = TestNet.exec(cmd);
    boolean unknown =
        r.code() != 0
            && (r.err().contains("Unknown device type")
                || r.err().contains("Specified qdisc kind is unknown")
                || r.err().contains("Specified qdisc not found")
                || r.err().contains("Error: Unknown"));
    StockKernel.assumeFeature(!unknown, feature + " (" + r.err().strip() + ")");
    assertEquals(0, r.code(), () -> String.join(" ", cmd) + " failed: " + r.err());
  }

  private JsonNode kindOf(String link) {
    JsonNode l = TestNet.link(ns, link);
    assertNotNull(l, () -> link + " not found in " + TestNet.linkNames(ns));
    return l.path("linkinfo");
  }

  private void veth(String a, String b) {
    TestNet.run("ip", "-n", ns, "link", "add", a, "type", "veth", "peer", "name", b);
  }

  @Test
  void dummyLink() {
    needs("dummy links (dummy)", "ip", "-n", ns, "link", "add", "d0", "type", "dummy");
    assertEquals("dummy", kindOf("d0").path("info_kind").asText());
  }

  @Test
  void vlanOnAVeth() {
    veth("v0", "v1");
    needs(
        "VLAN links (8021q)",
        "ip",
        "-n",
        ns,
        "link",
        "add",
        "link",
        "v0",
        "name",
        "v0.10",
        "type",
        "vlan",
        "id",
        "10");
    JsonNode info = kindOf("v0.10");
    assertEquals("vlan", info.path("info_kind").asText());
    assertEquals(10, info.path("info_data").path("id").asInt());
  }

  @Test
  void bondWithAPort() {
    needs("bonding", "ip", "-n", ns, "link", "add", "b0", "type", "bond", "mode", "active-backup");
    veth("v0", "v1");
    TestNet.run("ip", "-n", ns, "link", "set", "v0", "master", "b0");
    assertEquals("bond", kindOf("b0").path("info_kind").asText());
    assertEquals("b0", TestNet.link(ns, "v0").path("master").asText());
  }

  @Test
  void netemDelayQdisc() {
    veth("v0", "v1");
    needs(
        "the netem qdisc (sch_netem)",
        "tc",
        "-n",
        ns,
        "qdisc",
        "add",
        "dev",
        "v0",
        "root",
        "netem",
        "delay",
        "10ms");
    String qdiscs = TestNet.run("tc", "-n", ns, "qdisc", "show", "dev", "v0");
    assertTrue(qdiscs.contains("qdisc netem") && qdiscs.contains("delay 10ms"), qdiscs);
  }

  @Test
  void vrfWithAPort() {
    needs("VRF devices (vrf)", "ip", "-n", ns, "link", "add", "vrf0", "type", "vrf", "table", "10");
    veth("v0", "v1");
    TestNet.run("ip", "-n", ns, "link", "set", "v0", "master", "vrf0");
    assertEquals("vrf", kindOf("vrf0").path("info_kind").asText());
  }

  @Test
  void wireguardAndGreTunnels() {
    needs("WireGuard (wireguard)", "ip", "-n", ns, "link", "add", "wg0", "type", "wireguard");
    needs(
        "GRE tunnels (ip_gre)",
        "ip",
        "-n",
        ns,
        "link",
        "add",
        "gre1",
        "type",
        "gre",
        "local",
        "10.9.0.1",
        "remote",
        "10.9.0.2");
    assertEquals("wireguard", kindOf("wg0").path("info_kind").asText());
    assertEquals("gre", kindOf("gre1").path("info_kind").asText());
  }

  /** The stage runs on the kernel it downloaded, not on the machine's own. */
  @Test
  void stageRunsOnTheStockKernel() throws IOException {
    Assumptions.assumeTrue(
        StockKernel.isStage(), "checks the stock-kernel stage's guest; this is not it");
    String release = Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
    assertEquals(System.getProperty("nsplay.stockKernel.release"), release);
    List<String> foreign = new ArrayList<>();
    for (String dir : List.of("/run/netns", "/run/nsplay")) {
      if (Files.isDirectory(Path.of(dir))) {
        try (var s = Files.list(Path.of(dir))) {
          s.map(Path::toString).filter(p -> !p.contains(TestNet.PREFIX)).forEach(foreign::add);
        }
      }
    }
    assertEquals(List.of(), foreign, "the guest's /run must start empty, not be the host's");
  }
}

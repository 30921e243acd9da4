package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The seed tutorial's lab, end to end through the built jar in its own JVM, as a user runs it: up,
 * reachable (checked with the ping binary as an oracle), a second up that changes nothing, down,
 * nothing left. The playbook is the repository's own, with its namespaces and lab renamed to carry
 * the run's prefix and the host played by a throwaway namespace.
 */
@Tag(StockKernel.TAG)
class SeedLabIT {
  private Lab lab;

  /** playbooks/seed-lab.yml with red, blue and the lab name prefixed. */
  static String seedPlaybook(String labName) throws IOException {
    String text = Files.readString(playbooks().resolve("seed-lab.yml"));
    return text.replace("name: seed", "name: " + labName)
        .replaceAll("(?<=(name|netns|from): )(red|blue)(?=\\s*[,}\\n])", labName + "-$2");
  }

  static Path playbooks() {
    return Path.of(System.getProperty("nsplay.playbooks", "../playbooks"));
  }

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void upReachableIdempotentDownClean() throws IOException {
    lab = new Lab("seed");
    lab.playbook(seedPlaybook(lab.name));
    String red = lab.name + "-red";
    String blue = lab.name + "-blue";
    String forwardBefore = TestNet.sysctl(lab.host, "net.ipv4.ip_forward");

    Lab.Run up = Lab.jar(Map.of(), "up", "--host-netns", lab.host, lab.file.toString()).expect(0);
    assertTrue(up.out().contains("TASK [red reaches blue] ... ok"), up.out());
    assertEquals("RECAP " + lab.name + ": ok=3 changed=15 failed=0 skipped=0", up.recap());

    // The oracle: iproute2 and the ping binary see what the tutorial would have built.
    assertEquals("v-net-0", TestNet.link(lab.host, "veth-red-br").path("master").asText());
    assertEquals("v-net-0", TestNet.link(lab.host, "veth-blue-br").path("master").asText());
    assertEquals(
        "192.168.15.5",
        TestNet.ipJson(red, "route", "show", "default").get(0).path("gateway").asText());
    TestNet.run("ip", "netns", "exec", red, "ping", "-c", "1", "-W", "2", "192.168.15.2");
    TestNet.run("ip", "netns", "exec", blue, "ping", "-c", "1", "-W", "2", "192.168.15.1");
    assertEquals(List.of("nsplay-" + lab.name), TestNet.nftTables(lab.host));
    assertEquals("1", TestNet.sysctl(lab.host, "net.ipv4.ip_forward"));

    Lab.Run again =
        Lab.jar(Map.of(), "up", "--host-netns", lab.host, lab.file.toString()).expect(0);
    assertEquals("RECAP " + lab.name + ": ok=18 changed=0 failed=0 skipped=0", again.recap());

    // down from the journal alone: no playbook given, and it is the only lab of this run.
    Lab.jar(Map.of(), "down", "--lab", lab.name).expect(0);
    lab.assertGone();
    assertEquals(forwardBefore, TestNet.sysctl(lab.host, "net.ipv4.ip_forward"));
    Lab.Run second = Lab.jar(Map.of(), "down", "--lab", lab.name).expect(0);
    assertEquals("lab " + lab.name + " is not up; nothing to remove\n", second.out());
  }

  @Test
  void vethPairPlaybook() throws IOException {
    lab = new Lab("pair");
    String text =
        Files.readString(playbooks().resolve("veth-pair.yml"))
            .replace("name: veth-pair", "name: " + lab.name)
            .replaceAll(
                "(?<=(name|netns|from|peer_netns): )(red|blue)(?=\\s*[,}\\n])", lab.name + "-$2");
    lab.playbook(text);
    lab.upTwice();
    TestNet.run(
        "ip", "netns", "exec", lab.name + "-red", "ping", "-c", "1", "-W", "2", "192.168.15.2");
    lab.down().expect(0);
    lab.assertGone();
  }
}

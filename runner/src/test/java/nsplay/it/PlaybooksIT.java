package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every example in playbooks/ as a user runs it: valid, up, a second up that changes nothing, down,
 * nothing left. Each runs in its own throwaway host namespace, with its lab and namespaces renamed
 * to carry the run's prefix: seed-lab and veth-pair by renaming red and blue (as {@link
 * SeedLabIT#seedPlaybook} does), many and router through their prefix variables.
 */
class PlaybooksIT {
  private final List<Lab> labs = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();

  @AfterEach
  void cleanup() throws IOException {
    // Also VlanIT's, which runs vlan-trunk.yml through this class in the stock-kernel stage.
    labs.forEach(Lab::close);
    for (Path f : files) {
      Files.deleteIfExists(f);
      try (Stream<Path> left = Files.list(f.getParent())) {
        for (Path p : left.toList()) {
          Files.delete(p); // what a playbook wrote beside itself (capture.yml's pcap files)
        }
      }
      Files.deleteIfExists(f.getParent());
    }
  }

  static Stream<String> playbooks() throws IOException {
    try (Stream<Path> s = Files.list(SeedLabIT.playbooks())) {
      return s
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .sorted()
          .toList()
          .stream();
    }
  }

  /** The playbook with its lab renamed to the lab's, and red/blue prefixed; written as is. */
  Lab lab(String file) throws IOException {
    Lab lab = new Lab(file.substring(0, Math.min(4, file.indexOf('.'))));
    labs.add(lab);
    String text = Files.readString(SeedLabIT.playbooks().resolve(file));
    text =
        text.replaceFirst("(?m)^name: \\S+$", "name: " + lab.name)
            .replaceAll(
                "(?<=(name|netns|from|peer_netns): )(red|blue)(?=\\s*[,}\\n])", lab.name + "-$2");
    // Not through Lab.playbook: its {p} expansion would rewrite the playbooks' own ${p}.
    lab.file = Files.createTempDirectory("nsplay-pb").resolve(file);
    files.add(lab.file);
    Files.writeString(lab.file, text);
    return lab;
  }

  /** The options that keep a playbook's namespaces under the lab's name. */
  static List<String> vars(String file, Lab lab, int n) {
    return switch (file) {
      case "many.yml" -> List.of("-e", "n=" + n, "-e", "prefix=" + lab.name + "-m");
      case "router.yml", "vxlan.yml", "vlan-trunk.yml", "classroom.yml", "bond.yml" ->
          List.of("-e", "p=" + lab.name + "-");
      case "firewall.yml" -> List.of("-e", "p=" + lab.name + "-");
      case "capture.yml" -> List.of("-e", "dir=" + lab.file.getParent());
      default -> List.of();
    };
  }

  static Lab.Run run(Lab lab, String command, List<String> options) {
    List<String> args = new ArrayList<>(List.of(command));
    if (command.equals("up")) {
      args.addAll(List.of("--host-netns", lab.host));
    }
    args.addAll(options);
    args.add(lab.file.toString());
    return Lab.cli(args.toArray(new String[0]));
  }

  private static List<String> labNetns(Lab lab) {
    return TestNet.netnsList().stream().filter(n -> n.startsWith(lab.name)).sorted().toList();
  }

  @ParameterizedTest
  @MethodSource("playbooks")
  void validUpIdempotentDownClean(String file) throws IOException {
    if (file.equals("vlan-trunk.yml")) {
      // Skipped on a kernel without 8021q; VlanIT runs it in the stock-kernel stage.
      StockKernel.assumeFeature(VlanIT.kernelHasVlan(), "8021q (vlan)");
    }
    if (file.equals("bond.yml")) {
      // Skipped on a kernel without bonding; BondIT runs it in the stock-kernel stage.
      StockKernel.assumeFeature(BondIT.kernelHasBonding(), "bonding");
    }
    Lab lab = lab(file);
    List<String> vars = vars(file, lab, 3);
    Lab.Run valid = run(lab, "validate", vars).expect(0);
    assertTrue(valid.out().endsWith(" tasks, valid\n"), valid.out());
    if (file.equals("impaired.yml")) {
      StockKernel.assumeFeature(NetemIT.hasNetem(lab.host), "netem (CONFIG_NET_SCH_NETEM)");
    }
    Lab.Run first = run(lab, "up", vars).expect(0);
    assertTrue(!first.recap().contains(" changed=0 "), first.out());
    assertTrue(first.recap().contains(" failed=0 "), first.out());
    assertTrue(!first.out().contains("... failed"), first.out());
    assertTrue(!labNetns(lab).isEmpty(), "no namespace of the lab");
    Lab.Run second = run(lab, "up", vars).expect(0);
    assertTrue(second.recap().contains(" changed=0 failed=0 "), second.out());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void thePlaybooksAreTheKnownOnes() throws IOException {
    assertEquals(
        List.of(
            "bond.yml",
            "capture.yml",
            "classroom.yml",
            "dual-stack.yml",
            "firewall.yml",
            "impaired.yml",
            "many.yml",
            "router.yml",
            "seed-lab.yml",
            "veth-pair.yml",
            "vlan-trunk.yml",
            "vxlan.yml",
            "web.yml"),
        playbooks().toList());
  }

  @Test
  void webServesBlueFromRedAndDownStopsIt() throws IOException {
    Lab lab = lab("web.yml");
    Lab.Run first = run(lab, "up", List.of()).expect(0);
    assertTrue(first.out().contains("TASK [the web server in red] ... changed"), first.out());
    // The check from the other namespace that the port answers (iproute2 and python as oracles).
    String body =
        TestNet.run(
            "ip",
            "netns",
            "exec",
            lab.name + "-blue",
            "python3",
            "-c",
            "import urllib.request as u; print(u.urlopen('http://192.168.16.1:8080/').status)");
    assertEquals("200", body.strip());
    Lab.Run status = Lab.cli("status", "-v", "--lab", lab.name).expect(0);
    assertTrue(status.out().contains("service web in " + lab.name + "-red: running"), status.out());
    Lab.Run logs = Lab.cli("logs", "--lab", lab.name, "web").expect(0);
    assertTrue(logs.out().contains("\"GET / HTTP/1.1\" 200"), logs.out());
    // Its checks, alone, as a grader: every check type but command, all passing.
    Lab.Run check = run(lab, "check", List.of()).expect(0);
    assertTrue(check.out().endsWith("\n7 passed, 0 failed\n"), check.out());
    assertTrue(
        check
            .out()
            .contains(
                "PASS  blue gets the page: "
                    + lab.name
                    + "-blue -> GET http://192.168.16.1:8080/: status 200, body contains it\n"),
        check.out());
    Lab.Run down = lab.down().expect(0);
    assertTrue(down.out().contains("REMOVE [service web (pid "), down.out());
    lab.assertGone();
  }

  @Test
  void manyWithFifty() throws IOException {
    Lab lab = lab("many.yml");
    List<String> vars = vars("many.yml", lab, 50);
    Lab.Run first = run(lab, "up", vars).expect(0);
    assertTrue(
        first.out().contains("TASK [the first namespace reaches the gateway] ... ok ("),
        first.out());
    assertTrue(
        first.out().contains("TASK [the last namespace reaches the first] ... ok ("), first.out());
    assertEquals("RECAP " + lab.name + ": ok=2 changed=8 failed=0 skipped=0", first.recap());
    assertEquals(50, labNetns(lab).size());
    assertEquals(
        "10.10.0.51/16",
        TestNet.ipJson(lab.name + "-m49", "addr", "show", "eth0")
                .get(0)
                .path("addr_info")
                .get(0)
                .path("local")
                .asText()
            + "/16");
    assertEquals(
        50, TestNet.linkNames(lab.host).stream().filter(n -> n.startsWith("many")).count());
    Lab.Run second = run(lab, "up", vars).expect(0);
    assertEquals("RECAP " + lab.name + ": ok=10 changed=0 failed=0 skipped=0", second.recap());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void routerChecksTheMissingRouteOnlyOnTheRunThatBuildsIt() throws IOException {
    Lab lab = lab("router.yml");
    List<String> vars = vars("router.yml", lab, 0);
    Lab.Run first = run(lab, "up", vars).expect(0);
    assertTrue(
        first.out().contains("TASK [without a route, left cannot reach right] ... ok ("),
        first.out());
    assertTrue(
        first.out().contains("TASK [left reaches right through the router] ... ok ("), first.out());
    assertTrue(
        first.out().contains("TASK [right reaches left through the router] ... ok ("), first.out());
    assertEquals(
        List.of(lab.name + "-left", lab.name + "-right", lab.name + "-router"), labNetns(lab));
    assertEquals("1", TestNet.sysctl(lab.name + "-router", "net.ipv4.ip_forward"));
    // hosts: true: each namespace has the lab's names, and left finds right by its name.
    assertTrue(first.out().contains("TASK [left finds right by name] ... ok ("), first.out());
    assertTrue(
        Files.readString(Path.of("/etc/netns", lab.name + "-left", "hosts"))
            .contains("10.2.0.10\t" + lab.name + "-right.eth0 " + lab.name + "-right\n"));
    Lab.Run second = run(lab, "up", vars).expect(0);
    assertTrue(
        second.out().contains("TASK [without a route, left cannot reach right] ... skipped\n"),
        second.out());
    assertEquals("RECAP " + lab.name + ": ok=15 changed=0 failed=0 skipped=1", second.recap());
    lab.down().expect(0);
    lab.assertGone();
    assertTrue(!Files.exists(Path.of("/etc/netns", lab.name + "-left")), "left's /etc/netns");
  }
}

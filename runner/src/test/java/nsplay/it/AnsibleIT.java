package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The real {@code ansible-playbook} runs {@code examples/multihost/site.yml} against three
 * simulated hosts: three namespaces joined by an underlay bridge inside a fourth (no traffic leaves
 * them), each playing one host through {@code host_netns} (inventory hosts with a local
 * connection). Every client pings every other host's clients across the overlay; a second run and a
 * check-mode run change nothing (ansible's recap); {@code state: absent} leaves nothing behind. The
 * module runs the worktree's {@code ./nsplay} launcher.
 */
class AnsibleIT {
  static final int HOSTS = 3;
  static final int CLIENTS = 2;

  static Path root() {
    return SeedLabIT.playbooks().toAbsolutePath().normalize().getParent();
  }

  /** ansible's PLAY RECAP: host to {ok, changed, unreachable, failed}. */
  static Map<String, int[]> recap(String out) {
    Map<String, int[]> m = new LinkedHashMap<>();
    Matcher r =
        Pattern.compile(
                "(?m)^(\\S+)\\s*: ok=(\\d+)\\s+changed=(\\d+)\\s+unreachable=(\\d+)\\s+failed=(\\d+)")
            .matcher(out);
    while (r.find()) {
      m.put(
          r.group(1),
          new int[] {
            Integer.parseInt(r.group(2)),
            Integer.parseInt(r.group(3)),
            Integer.parseInt(r.group(4)),
            Integer.parseInt(r.group(5))
          });
    }
    return m;
  }

  static TestNet.Result ansible(Path dir, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("ansible-playbook", "-i", "inventory.yml"));
    cmd.add(root().resolve("examples/multihost/site.yml").toString());
    cmd.addAll(List.of(extra));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.put("ANSIBLE_COLLECTIONS_PATH", root().resolve("ansible").toString());
    env.put("ANSIBLE_NOCOLOR", "1");
    env.put("ANSIBLE_LOCAL_TEMP", dir.resolve("tmp").toString());
    env.put("ANSIBLE_REMOTE_TEMP", dir.resolve("tmp").toString());
    return TestNet.exec(pb, 300);
  }

  static void assertRecap(TestNet.Result r, List<String> hosts, int changed, String what) {
    Map<String, int[]> recap = recap(r.out());
    assertEquals(0, r.code(), () -> what + ": ansible-playbook failed\n" + r.out() + r.err());
    assertEquals(hosts, List.copyOf(recap.keySet()), () -> what + ": recap\n" + r.out());
    for (String h : hosts) {
      int[] c = recap.get(h);
      assertEquals(0, c[3], () -> what + ": failed on " + h + "\n" + r.out());
      assertEquals(0, c[2], () -> what + ": unreachable " + h + "\n" + r.out());
      assertEquals(changed, c[1], () -> what + ": changed on " + h + "\n" + r.out());
    }
  }

  @Test
  void threeHostsOneOverlayIdempotentCheckModeAndAbsent() throws Exception {
    Assumptions.assumeTrue(
        TestNet.exec("sh", "-c", "command -v ansible-playbook").code() == 0,
        "ansible-playbook is not installed (./run-tests installs ansible-core)");
    Path dir = Files.createTempDirectory("nsplay-ansible-it");
    String underlay = TestNet.newNetns("u");
    String bridge = TestNet.name("ub");
    List<String> hosts = new ArrayList<>();
    try {
      TestNet.run("ip", "-n", underlay, "link", "add", bridge, "type", "bridge");
      TestNet.run("ip", "-n", underlay, "link", "set", bridge, "up");
      StringBuilder inv = new StringBuilder();
      inv.append(
          """
          labhosts:
            vars:
              ansible_connection: local
              ansible_python_interpreter: /usr/bin/python3
              vni: 4242
              clients: %d
              underlay_dev: ul0
              nsplay_bin: %s
            hosts:
          """
              .formatted(CLIENTS, root().resolve("nsplay")));
      for (int i = 1; i <= HOSTS; i++) {
        String h = TestNet.newNetns("h");
        hosts.add(h);
        String port = TestNet.name("up");
        TestNet.run(
            "ip", "-n", h, "link", "add", "ul0", "type", "veth", "peer", port, "netns", underlay);
        TestNet.run("ip", "-n", underlay, "link", "set", port, "master", bridge, "up");
        TestNet.run("ip", "-n", h, "addr", "add", "10.201.0." + i + "/24", "dev", "ul0");
        TestNet.run("ip", "-n", h, "link", "set", "ul0", "up");
        inv.append(
            "    %s: { site: %s, underlay_ip: 10.201.0.%d, slice: %d, nsplay_host_netns: %s }\n"
                .formatted(h, h, i, i, h));
      }
      Files.writeString(dir.resolve("inventory.yml"), inv.toString());
      Files.createDirectories(dir.resolve("tmp"));

      // ansible-doc renders the module's DOCUMENTATION, EXAMPLES and RETURN.
      ProcessBuilder doc = new ProcessBuilder("ansible-doc", "nsplay.lab.lab");
      doc.environment().put("ANSIBLE_COLLECTIONS_PATH", root().resolve("ansible").toString());
      TestNet.Result d = TestNet.exec(doc);
      assertEquals(0, d.code(), d.err());
      for (String s : List.of("OPTIONS", "host_netns", "EXAMPLES", "RETURN VALUES", "recap")) {
        assertTrue(d.out().contains(s), () -> "ansible-doc lacks " + s + ":\n" + d.out());
      }

      // Up: every host's lab changes; the check play's pings pass.
      TestNet.Result first = ansible(dir, "-v");
      assertRecap(first, hosts, 1, "first run");
      assertEquals(
          HOSTS * (HOSTS - 1) * CLIENTS * CLIENTS,
          Pattern.compile("\"message\": \"[^\"]*: 2/2 replies")
              .matcher(first.out())
              .results()
              .count(),
          first.out());
      // And ping itself agrees, from every client to every other host's clients.
      for (int i = 1; i <= HOSTS; i++) {
        for (int c = 1; c <= CLIENTS; c++) {
          for (int j = 1; j <= HOSTS; j++) {
            for (int k = 1; k <= CLIENTS && j != i; k++) {
              TestNet.run(
                  "ip",
                  "netns",
                  "exec",
                  hosts.get(i - 1) + "-c" + c,
                  "ping",
                  "-c",
                  "1",
                  "-W",
                  "2",
                  "10.200." + j + "." + k);
            }
          }
        }
      }
      String fdb =
          TestNet.run("bridge", "-n", hosts.get(0), "fdb", "show", "dev", "vx-" + hosts.get(0));
      assertTrue(
          fdb.contains("00:00:00:00:00:00 dst 10.201.0.2 ")
              && fdb.contains("00:00:00:00:00:00 dst 10.201.0.3 "),
          fdb);

      assertRecap(ansible(dir), hosts, 0, "second run");
      assertRecap(ansible(dir, "--check", "--diff"), hosts, 0, "check mode");

      // Drift on one host: an FDB entry deleted by hand is put back, and only there.
      TestNet.run(
          "bridge",
          "-n",
          hosts.get(1),
          "fdb",
          "del",
          "00:00:00:00:00:00",
          "dev",
          "vx-" + hosts.get(1),
          "dst",
          "10.201.0.3");
      Map<String, int[]> repaired = recap(ansible(dir).out());
      assertEquals(1, repaired.get(hosts.get(1))[1]);
      assertEquals(0, repaired.get(hosts.get(0))[1]);

      assertRecap(ansible(dir, "-e", "lab_state=absent"), hosts, 1, "absent");
      for (String h : hosts) {
        assertTrue(
            TestNet.netnsList().stream().noneMatch(n -> n.startsWith(h + "-")),
            () -> "namespaces left: " + TestNet.netnsList());
        assertEquals(List.of("lo", "ul0"), TestNet.linkNames(h), "links left in " + h);
        assertEquals(
            "",
            TestNet.run("bridge", "-n", h, "fdb", "show", "dev", "ul0")
                .lines()
                .filter(l -> l.contains(" dst "))
                .reduce("", String::concat),
            "fdb entries left in " + h);
        assertEquals(List.of(), TestNet.nftTables(h), "nft tables left in " + h);
        assertTrue(
            !Files.exists(Path.of("/run/nsplay", "multihost-" + h)),
            "state left in /run/nsplay/multihost-" + h);
      }
      assertRecap(ansible(dir, "-e", "lab_state=absent"), hosts, 0, "absent again");
    } finally {
      for (String h : hosts) {
        Lab.cli("down", "--lab", "multihost-" + h);
        TestNet.deleteNetns(h);
      }
      TestNet.deleteNetns(underlay);
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /**
   * The role nsplay.lab.install on this machine, into a temporary prefix, with the release tarball
   * the build made (TarballIT checks its layout): unpacked into its own release folder, the command
   * linked to its bin/nsplay, which then runs; a second run changes nothing. The Java package is
   * left out (nsplay_java_package: null): the test machine has Java, and apt is not exercised.
   */
  @Test
  void installRoleUnpacksLinksAndConverges() throws Exception {
    Assumptions.assumeTrue(
        TestNet.exec("sh", "-c", "command -v ansible-playbook").code() == 0,
        "ansible-playbook is not installed (./run-tests installs ansible-core)");
    Path tarball = Packages.artifact("nsplay-*-linux-*.tar.gz");
    String release = "nsplay-" + Packages.version();
    Path dir = Files.createTempDirectory("nsplay-ansible-role");
    try {
      Files.writeString(
          dir.resolve("play.yml"),
          """
          - hosts: localhost
            gather_facts: false
            roles:
              - role: nsplay.lab.install
                vars:
                  nsplay_tarball: %s
                  nsplay_prefix: %s
                  nsplay_link: %s
                  nsplay_java_package: null
          """
              .formatted(tarball, dir.resolve("opt"), dir.resolve("nsplay")));
      List<String> cmd =
          List.of(
              "ansible-playbook",
              "-i",
              "localhost,",
              "-c",
              "local",
              "-e",
              "ansible_python_interpreter=/usr/bin/python3",
              "play.yml");
      for (int run = 0; run < 2; run++) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
        pb.environment().put("ANSIBLE_COLLECTIONS_PATH", root().resolve("ansible").toString());
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        TestNet.Result r = TestNet.exec(pb, 120);
        assertEquals(0, r.code(), r.out() + r.err());
        int[] recap = recap(r.out()).get("localhost");
        assertEquals(0, recap[3], r.out());
        assertEquals(run == 0 ? 3 : 0, recap[1], r.out());
      }
      assertEquals(
          dir.resolve("opt/" + release + "/bin/nsplay"),
          Files.readSymbolicLink(dir.resolve("nsplay")));
      // The installed command runs through the link, its class-data archive in a cache of the
      // test's own.
      Packages.assertVersion(
          Packages.run(
              dir,
              Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()),
              180,
              dir.resolve("nsplay").toString(),
              "--version"));
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

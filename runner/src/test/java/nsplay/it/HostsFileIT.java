package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * hosts: true and resolv_conf against the real /etc/netns: names resolve inside `nsplay exec`,
 * drift is seen and repaired, --check --diff shows the file and changes nothing, and down removes
 * only what nsplay wrote (a file of someone else's in a namespace's folder survives, and so does
 * the folder; a file edited since is kept), even after an up killed midway. Every folder here is
 * named by a namespace carrying the run's prefix, and removed afterwards whatever happened.
 */
class HostsFileIT {
  private static final int SIGKILLED = 128 + 9;
  private Lab lab;
  private final List<Path> made = new ArrayList<>();
  private boolean hadRoot = Files.isDirectory(Path.of("/etc/netns"));

  @AfterEach
  void cleanUp() throws IOException {
    try {
      if (lab != null) {
        lab.close();
      }
    } finally {
      for (Path dir : made) {
        if (Files.isDirectory(dir)) {
          try (Stream<Path> s = Files.list(dir)) {
            for (Path f : s.toList()) {
              Files.deleteIfExists(f);
            }
          }
          Files.deleteIfExists(dir);
        }
      }
      if (!hadRoot) {
        try {
          Files.deleteIfExists(Path.of("/etc/netns")); // only when empty: others may use it
        } catch (java.nio.file.DirectoryNotEmptyException e) {
          // another test's, still in use
        }
      }
    }
  }

  private Path etc(String ns) {
    Path dir = Path.of("/etc/netns", ns);
    made.add(dir);
    return dir;
  }

  static final String PLAYBOOK =
      """
      name: {lab}
      hosts: true
      tasks:
        - netns_add: { name: "{lab}-red" }
        - netns_add: { name: "{lab}-blue" }
        - veth_create: { name: vr, netns: "{lab}-red", peer: vb, peer_netns: "{lab}-blue" }
        - addr_assign: { link: vr, netns: "{lab}-red", address: 10.77.0.1/24 }
        - addr_assign: { link: vb, netns: "{lab}-blue", address: 10.77.0.2/24 }
        - addr_assign: { link: vb, netns: "{lab}-blue", address: "2001:db8:77::2/64" }
        - resolv_conf: { netns: "{lab}-red", nameservers: [10.77.0.2], search: [lab.test] }
      """;

  @Test
  void namesResolveInsideExecDriftIsRepairedAndDownRemovesOnlyWhatNsplayWrote() throws IOException {
    lab = new Lab("hosts");
    String red = lab.name + "-red";
    String blue = lab.name + "-blue";
    Path redEtc = etc(red);
    Path blueEtc = etc(blue);
    // Someone's file in red's folder, there before the lab: it and the folder stay.
    Files.createDirectories(redEtc);
    Files.writeString(redEtc.resolve("foreign.conf"), "not nsplay's\n");
    lab.playbook(PLAYBOOK);
    Lab.Run first = lab.upTwice();
    assertTrue(
        first.out().contains("TASK [hosts files of the lab's namespaces] ... changed"),
        first.out());

    String hosts = Files.readString(blueEtc.resolve("hosts"));
    assertTrue(hosts.contains("127.0.0.1\tlocalhost\n"), hosts);
    assertTrue(hosts.contains("10.77.0.1\t" + red + ".vr " + red + "\n"), hosts);
    assertTrue(hosts.contains("10.77.0.2\t" + blue + ".vb " + blue + "\n"), hosts);
    assertTrue(hosts.contains("2001:db8:77::2\t" + blue + ".vb " + blue + "\n"), hosts);
    assertEquals(hosts, Files.readString(redEtc.resolve("hosts")), "the same names everywhere");
    assertTrue(
        Files.readString(redEtc.resolve("resolv.conf"))
            .endsWith("search lab.test\nnameserver 10.77.0.2\n"));

    // Inside the namespace, its /etc/hosts is the lab's: blue's name resolves, and answers.
    // (exec's program writes to nsplay's own stdout, not to the test's: exit codes say it.)
    Lab.Run resolves =
        Lab.cli(
            "exec",
            red,
            "--",
            "python3",
            "-c",
            "import socket, sys; a = socket.gethostbyname(sys.argv[1]);"
                + " sys.exit(0 if a == '10.77.0.2' else 3)",
            blue);
    assertEquals(0, resolves.code(), "blue's name resolves in red: " + resolves.err());
    Lab.Run ping = Lab.cli("exec", red, "--", "ping", "-c1", "-W5", blue);
    assertEquals(0, ping.code(), "ping " + blue + " in red: " + ping.err());
    Lab.Run resolv =
        Lab.cli(
            "exec",
            red,
            "--",
            "python3",
            "-c",
            "import sys; sys.exit(0 if 'nameserver 10.77.0.2' in open('/etc/resolv.conf').read()"
                + " else 3)");
    assertEquals(0, resolv.code(), "red's /etc/resolv.conf is the lab's: " + resolv.err());

    // Drift: blue's hosts edited, red's removed. status says so; --check --diff shows the file
    // and changes nothing; up writes both back.
    Files.writeString(blueEtc.resolve("hosts"), "10.0.0.9 " + red + "\n");
    Files.delete(redEtc.resolve("hosts"));
    Lab.Run status = Lab.cli("status", "--lab", lab.name, "-v");
    assertEquals(1, status.code(), status.out());
    assertTrue(status.out().contains("file /etc/netns/" + blue + "/hosts: changed"), status.out());
    assertTrue(status.out().contains("file /etc/netns/" + red + "/hosts: missing"), status.out());
    Lab.Run check =
        Lab.cli("up", "--check", "--diff", "--host-netns", lab.host, lab.file.toString());
    assertEquals(0, check.code(), check.out() + check.err());
    assertTrue(check.out().contains("    --- before"), check.out());
    assertTrue(check.out().contains("    10.0.0.9 " + red), check.out());
    assertTrue(check.out().contains("    # /etc/netns/" + red + "/hosts: none"), check.out());
    assertEquals("10.0.0.9 " + red + "\n", Files.readString(blueEtc.resolve("hosts")));
    assertFalse(Files.exists(redEtc.resolve("hosts")), "--check wrote nothing");
    Lab.Run repair = lab.up().expect(0);
    assertTrue(repair.out().contains("... changed"), repair.out());
    assertEquals(hosts, Files.readString(blueEtc.resolve("hosts")));
    assertEquals(hosts, Files.readString(redEtc.resolve("hosts")));
    Lab.cli("status", "--lab", lab.name).expect(0);

    Lab.Run down = lab.down().expect(0);
    assertTrue(
        down.out().contains("REMOVE [file /etc/netns/" + red + "/hosts] ... removed\n"),
        down.out());
    assertTrue(
        down.out()
            .contains(
                "REMOVE [file /etc/netns/"
                    + blue
                    + "/hosts] ... removed (and the folder /etc/netns/"
                    + blue),
        down.out());
    assertFalse(Files.exists(blueEtc), "blue's folder was nsplay's");
    try (Stream<Path> s = Files.list(redEtc)) {
      assertEquals(
          List.of("foreign.conf"), s.map(p -> p.getFileName().toString()).toList(), "red's");
    }
    lab.assertGone();
  }

  @Test
  void aFileEditedSinceNsplayWroteItIsKeptByDown() throws IOException {
    lab = new Lab("resolv");
    String ns = lab.name + "-a";
    Path dir = etc(ns);
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: "{lab}-a" }
          - resolv_conf: { netns: "{lab}-a", nameservers: [192.0.2.53] }
        """);
    lab.upTwice();
    Files.writeString(dir.resolve("resolv.conf"), "nameserver 192.0.2.1\n");
    Lab.Run down = lab.down().expect(0);
    assertTrue(
        down.out()
            .contains(
                "REMOVE [file /etc/netns/"
                    + ns
                    + "/resolv.conf] ... kept: its content is not what nsplay wrote"),
        down.out());
    assertEquals("nameserver 192.0.2.1\n", Files.readString(dir.resolve("resolv.conf")));
  }

  /** An up killed after each of its changes leaves down all it needs: no folder is left. */
  @Test
  void downCleansUpAfterUpIsKilledAtEveryStep() {
    lab = new Lab("hcrash");
    Path dir = etc(lab.name + "-a");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: "{lab}-a" }
          - resolv_conf: { netns: "{lab}-a", nameservers: [192.0.2.53] }
          - hosts_file: { netns: "{lab}-a", extra: { dns: 192.0.2.53 } }
        """);
    for (int k = 1; ; k++) {
      assertTrue(k < 20, "up should finish within 20 changes");
      Lab.Run r =
          Lab.jar(
              Map.of("NSPLAY_CRASH_AFTER_CHANGES", Integer.toString(k)),
              "up",
              "--host-netns",
              lab.host,
              lab.file.toString());
      boolean finished = r.code() == 0;
      if (!finished) {
        assertEquals(SIGKILLED, r.code(), r.out() + r.err());
      }
      lab.down().expect(0);
      assertFalse(Files.exists(dir), "after a kill at change " + k + ": " + dir + " is left");
      lab.assertGone();
      if (finished) {
        return;
      }
    }
  }
}

package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a user meets at the command line around a lab: down's checks, diffs, processes. */
class CliUxIT {
  /** One namespace joined to the host by a veth pair on a bridge, with an address and a route. */
  static final String SMALL =
      """
      name: {lab}
      tasks:
        - netns_add: { name: "{lab}-a" }
        - bridge_create: { name: br0 }
        - veth_create: { name: va-br, peer: va, peer_netns: "{lab}-a" }
        - bridge_attach: { link: va-br, bridge: br0 }
        - addr_assign: { link: br0, address: 10.9.0.1/24 }
        - addr_assign: { link: va, address: 10.9.0.2/24, netns: "{lab}-a" }
        - route_add: { to: default, via: 10.9.0.1, dev: va, netns: "{lab}-a" }
      """;

  private Lab lab;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void downWithHostNetnsIsCheckedAgainstTheJournal() {
    lab = new Lab("dhost");
    lab.playbook(SMALL);
    lab.up().expect(0);
    String other = TestNet.newNetns("oh");
    lab.extraNetns.add(other);
    Lab.Run wrong = Lab.cli("down", "--lab", lab.name, "--host-netns", other).expect(2);
    assertEquals(
        "nsplay: lab "
            + lab.name
            + " is up with --host-netns "
            + lab.host
            + ", not --host-netns "
            + other
            + "; nothing removed (run 'nsplay down --lab "
            + lab.name
            + " --host-netns "
            + lab.host
            + "')\n",
        wrong.err());
    assertTrue(Files.exists(Path.of("/run/nsplay", lab.name, "journal")), "journal kept");
    assertTrue(TestNet.netnsList().contains(lab.name + "-a"), "lab kept");
    Lab.Run right = Lab.cli("down", "--lab", lab.name, "--host-netns", lab.host).expect(0);
    assertTrue(right.out().contains("RECAP " + lab.name + ": removed="), right.out());
    lab.assertGone();
  }

  /** --diff names the links it shows ("master br0", "dev va"), not their ifindex ("#6"). */
  @Test
  void diffNamesInterfaces() {
    lab = new Lab("dnames");
    lab.playbook(SMALL);
    String out =
        Lab.cli("up", "--diff", "--host-netns", lab.host, lab.file.toString()).expect(0).out();
    assertTrue(out.contains("    +++ after\n    va-br: master br0\n"), out);
    assertTrue(out.contains("    +++ after\n    default via 10.9.0.1 dev va\n"), out);
    assertTrue(!out.contains("#"), out);
    // A veth end whose state drifted: its master is named too.
    TestNet.run("ip", "-n", lab.host, "link", "set", "va-br", "down");
    String again =
        Lab.cli("up", "--diff", "--host-netns", lab.host, lab.file.toString()).expect(0).out();
    assertTrue(again.contains("va-br (host): veth, down, master br0\n"), again);
    assertTrue(!again.contains("#"), again);
  }

  /** The pids whose parent is {@code parent}, from /proc/PID/stat. */
  static java.util.List<Long> children(long parent) throws java.io.IOException {
    java.util.List<Long> out = new java.util.ArrayList<>();
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path d : dirs) {
        try {
          String stat = Files.readString(d.resolve("stat"));
          // pid (comm) state ppid ...: comm may hold spaces, so split after its ')'.
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          if (Long.parseLong(f[1]) == parent) {
            out.add(Long.parseLong(d.getFileName().toString()));
          }
        } catch (java.io.IOException e) {
          // the process ended meanwhile
        }
      }
    }
    return out;
  }

  /** SIGTERM to `nsplay exec` ends its program too, found and checked by its pid. */
  @Test
  void execForwardsSigtermToItsProgram() throws Exception {
    String ns = TestNet.newNetns("ex");
    Process p = null;
    try {
      p =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-XX:TieredStopAtLevel=1",
                  "-XX:+UseSerialGC",
                  "-jar",
                  Lab.jarPath(),
                  "exec",
                  ns,
                  "sleep",
                  "30")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long deadline = System.nanoTime() + 30_000_000_000L;
      java.util.List<Long> kids = children(p.pid());
      while (kids.isEmpty()) {
        assertTrue(p.isAlive() && System.nanoTime() < deadline, "exec started no program");
        Thread.sleep(10);
        kids = children(p.pid());
      }
      long sleep = kids.get(0);
      Thread.sleep(300); // the program runs; nsplay only waits
      String rss =
          Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
              .filter(l -> l.startsWith("VmRSS:"))
              .findFirst()
              .orElse("?");
      System.out.println("nsplay exec waiting for sleep: " + rss.replaceAll("\\s+", " "));
      assertTrue(
          Files.readString(Path.of("/proc/" + sleep + "/cmdline")).startsWith("sleep"),
          "the child is the sleep");
      TestNet.run("kill", "-TERM", Long.toString(p.pid()));
      assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "nsplay did not end");
      assertEquals(143, p.exitValue());
      assertTrue(
          !Files.exists(Path.of("/proc/" + sleep)), "the sleep " + sleep + " is still there");
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
      TestNet.deleteNetns(ns);
    }
  }

  /** A sleep in a lab namespace, started the usual way; its pid is the sleep's (ip execs it). */
  private static Process sleepIn(String ns) throws java.io.IOException {
    return new ProcessBuilder("ip", "netns", "exec", ns, "sleep", "60")
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** Waits until the process runs sleep (ip has exec'd it). */
  private static void awaitSleep(Process p) throws Exception {
    Path comm = Path.of("/proc/" + p.pid() + "/comm");
    for (int i = 0; i < 500 && !Files.readString(comm).strip().equals("sleep"); i++) {
      Thread.sleep(10);
    }
    assertEquals("sleep", Files.readString(comm).strip());
  }

  /** down stops the processes in the lab's namespaces, each said; --keep-processes refuses. */
  @Test
  void downStopsProcessesInTheLabsNamespaces() throws Exception {
    lab = new Lab("dproc");
    lab.playbook(SMALL);
    lab.up().expect(0);
    String ns = lab.name + "-a";
    Process sleep = sleepIn(ns);
    try {
      awaitSleep(sleep);
      Lab.Run kept = Lab.cli("down", "--lab", lab.name, "--keep-processes").expect(1);
      assertTrue(
          kept.err()
              .contains(
                  "nsplay: lab "
                      + lab.name
                      + ": process "
                      + sleep.pid()
                      + " (sleep) in "
                      + ns
                      + " is running\n"),
          kept.err());
      assertTrue(sleep.isAlive(), "--keep-processes kept the process");
      assertTrue(TestNet.netnsList().contains(ns), "--keep-processes kept the namespace");

      Lab.Run down = lab.down().expect(0);
      assertTrue(
          down.out()
              .startsWith(
                  "REMOVE [process " + sleep.pid() + " (sleep) in " + ns + "] ... stopped\n"),
          down.out());
      assertTrue(sleep.waitFor(5, java.util.concurrent.TimeUnit.SECONDS), "the sleep still runs");
      assertEquals(143, sleep.exitValue());
      lab.assertGone();
    } finally {
      sleep.destroyForcibly();
    }
  }
}

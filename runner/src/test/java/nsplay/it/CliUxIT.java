package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

  /** `nsplay exec NS PROGRAM...` started as the launcher does, without its class-data archive. */
  private static Process exec(String ns, String... program) throws java.io.IOException {
    java.util.List<String> cmd =
        new java.util.ArrayList<>(
            java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:CICompilerCount=1",
                "-XX:+UseSerialGC",
                "-XX:-UsePerfData",
                "-Xmx256m",
                "-jar",
                Lab.jarPath(),
                "exec",
                ns));
    cmd.addAll(java.util.List.of(program));
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
  }

  /** The one child of {@code p}, once it runs {@code comm}. */
  private static long childRunning(Process p, String comm) throws Exception {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      assertTrue(p.isAlive() && System.nanoTime() < deadline, "exec started no " + comm);
      java.util.List<Long> kids = children(p.pid());
      if (kids.size() == 1) {
        try {
          if (Files.readString(Path.of("/proc/" + kids.get(0) + "/comm")).strip().equals(comm)) {
            return kids.get(0);
          }
        } catch (java.io.IOException e) {
          // it ended meanwhile: the assertion above says so
        }
      }
      Thread.sleep(10);
    }
  }

  /** Whether a process is gone: no longer there, or a zombie no one has reaped yet. */
  private static boolean gone(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
          .anyMatch(l -> l.startsWith("State:") && l.contains("Z"));
    } catch (java.io.IOException e) {
      return true;
    }
  }

  /**
   * SIGINT, SIGTERM and SIGHUP to `nsplay exec` reach its program each as itself (a shell that
   * traps all three writes down which one came), and nsplay passes on the exit code the program
   * then chose. Also prints what the waiting nsplay holds in memory.
   */
  @ParameterizedTest
  @ValueSource(strings = {"INT", "TERM", "HUP"})
  void execForwardsEachSignalAsItself(String signal) throws Exception {
    String ns = TestNet.newNetns("ex");
    Path got = Files.createTempFile("nsplay-exec-signal", ".txt");
    Process p = null;
    try {
      String script =
          "for s in INT TERM HUP; do trap \"echo $s > "
              + got
              + "; exit 7\" $s; done; while :; do sleep 0.05; done";
      p = exec(ns, "sh", "-c", script);
      childRunning(p, "sh");
      Thread.sleep(300); // the program runs (its traps set); nsplay only waits
      String rss =
          Files.readAllLines(Path.of("/proc/" + p.pid() + "/status")).stream()
              .filter(l -> l.startsWith("VmRSS:"))
              .findFirst()
              .orElse("?");
      System.out.println("nsplay exec waiting: " + rss.replaceAll("\\s+", " "));
      TestNet.run("kill", "-" + signal, Long.toString(p.pid()));
      assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "nsplay did not end");
      assertEquals(signal, Files.readString(got).strip(), "the signal the program got");
      assertEquals(7, p.exitValue(), "the program's own exit code");
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
      Files.deleteIfExists(got);
      TestNet.deleteNetns(ns);
    }
  }

  /** SIGKILL to `nsplay exec`, which it cannot forward, still ends its program: not orphaned. */
  @Test
  void execKilledTakesItsProgramAlong() throws Exception {
    String ns = TestNet.newNetns("ek");
    Process p = null;
    long sleep = 0;
    try {
      p = exec(ns, "sleep", "60");
      sleep = childRunning(p, "sleep");
      TestNet.run("kill", "-KILL", Long.toString(p.pid()));
      assertTrue(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS), "nsplay did not end");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!gone(sleep) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertTrue(gone(sleep), "the sleep " + sleep + " outlived nsplay");
    } finally {
      if (p != null) {
        p.destroyForcibly();
      }
      if (sleep != 0 && !gone(sleep)) {
        TestNet.run("kill", "-KILL", Long.toString(sleep));
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

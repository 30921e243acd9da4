package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code service} task against real processes: started in its namespace, journalled, left alone
 * by a second up, restarted when it died, said running or dead by status, and stopped by down, also
 * after an up killed while it waited for the service to be ready. Each service carries the lab's
 * name among its arguments, which is how the test (and LeakCheckIT, by the run's prefix) finds what
 * is left.
 */
class ServiceIT {
  private Lab lab;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
      assertEquals(List.of(), processesOf(lab.name), "processes left after down");
    }
  }

  /** A python program that sleeps, with {@code tag} among its arguments. */
  /**
   * The interpreter itself where Debian puts it: a {@code python3} found on PATH may be a shim
   * (pyenv's is a bash script that forks a subshell before it execs), which shows as a second
   * process with the same command line for a moment and would be counted as a second sleeper.
   */
  private static final String PYTHON =
      java.nio.file.Files.isExecutable(java.nio.file.Path.of("/usr/bin/python3"))
          ? "/usr/bin/python3"
          : "python3";

  private static String sleeper(String tag) {
    return "[" + PYTHON + ", -c, 'import time; time.sleep(600)', " + tag + "]";
  }

  private static String playbook(String services) {
    return "name: {lab}\n"
        + "tasks:\n"
        + "  - netns_add: { name: {lab}-a }\n"
        + "  - link_up: { link: lo, netns: {lab}-a }\n"
        + services;
  }

  @Test
  void runsUntilDownAndIsRestartedWhenItDied() throws Exception {
    lab = new Lab("svc");
    int port = 20000 + (int) (ProcessHandle.current().pid() % 20000);
    lab.playbook(
        playbook(
            "  - service:\n"
                + "      name: web\n"
                + "      netns: {lab}-a\n"
                + "      command: [python3, -m, http.server, '"
                + port
                + "', --bind, 127.0.0.1, --directory, /run/nsplay/{lab}/logs]\n"
                + "      ready: { tcp: "
                + port
                + " }\n"
                + "  - service:\n"
                + "      name: sleeper\n"
                + "      netns: {lab}-a\n"
                + "      command: "
                + sleeper("{lab}-sleeper")
                + "\n"));
    lab.upTwice();
    List<Long> sleepers = processesOf(lab.name + "-sleeper");
    assertEquals(1, sleepers.size(), () -> "one sleeper: " + cmdlines(sleepers));
    // The web server answers inside the namespace.
    TestNet.run(
        "ip",
        "netns",
        "exec",
        lab.name + "-a",
        "python3",
        "-c",
        "import urllib.request; urllib.request.urlopen('http://127.0.0.1:" + port + "/').read()");
    // It runs in the lab's namespace, in a session of its own (not tied to nsplay).
    long pid = sleepers.get(0);
    assertEquals(
        "net:[" + Files.getAttribute(Path.of("/run/netns/" + lab.name + "-a"), "unix:ino") + "]",
        Files.readSymbolicLink(Path.of("/proc/" + pid + "/ns/net")).toString(),
        "in the lab's namespace");
    assertEquals(
        Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ")[3],
        Long.toString(pid),
        "its own session");
    String status = Lab.cli("status", "-v", "--lab", lab.name).out();
    assertTrue(status.contains("service sleeper in " + lab.name + "-a: running"), status);

    // Killed behind nsplay's back: status says dead, up starts it again and says changed.
    TestNet.run("kill", "-9", Long.toString(pid));
    waitGone(pid);
    Lab.Run st = Lab.cli("status", "-v", "--lab", lab.name);
    assertTrue(st.out().contains("service sleeper in " + lab.name + "-a: dead"), st.out());
    Lab.Run again = lab.up().expect(0);
    assertTrue(again.recap().contains(" changed=1 "), again.out());
    List<Long> now = processesOf(lab.name + "-sleeper");
    assertEquals(
        1,
        now.size(),
        () ->
            again.out()
                + Lab.cli("status", "-v", "--lab", lab.name).out()
                + Lab.cli("logs", "--lab", lab.name, "sleeper").out());
    assertFalse(now.contains(pid));

    Lab.Run down = lab.down().expect(0);
    assertTrue(down.out().contains("REMOVE [service web"), down.out());
    assertEquals(List.of(), processesOf(lab.name), "processes left after down");
    lab.assertGone();
  }

  /** A playbook that changes a running service's command restarts it: old process gone. */
  @Test
  void aChangedCommandRestartsARunningService() throws Exception {
    lab = new Lab("svcre");
    String first =
        "  - service: { name: s, netns: {lab}-a, command: " + sleeper("{lab}-one") + " }\n";
    lab.playbook(playbook(first));
    lab.upTwice();
    List<Long> one = processesOf(lab.name + "-one");
    assertEquals(1, one.size(), () -> cmdlines(one).toString());
    lab.playbook(
        playbook(
            "  - service: { name: s, netns: {lab}-a, command: " + sleeper("{lab}-two") + " }\n"));
    Lab.Run again = lab.up().expect(0);
    assertTrue(again.recap().contains(" changed=1 "), again.out());
    waitGone(one.get(0));
    assertEquals(List.of(), processesOf(lab.name + "-one"), "the old command is stopped");
    assertEquals(1, processesOf(lab.name + "-two").size(), "the new command runs");
    Lab.Run third = lab.up().expect(0);
    assertTrue(third.recap().contains(" changed=0 "), third.out());
    lab.down().expect(0);
    assertEquals(List.of(), processesOf(lab.name), "processes left after down");
    lab.assertGone();
  }

  @Test
  void downStopsAServiceWhoseUpWasKilledWhileWaitingForIt() throws Exception {
    lab = new Lab("svck");
    lab.playbook(
        playbook(
            "  - service:\n"
                + "      name: never\n"
                + "      netns: {lab}-a\n"
                + "      command: "
                + sleeper("{lab}-never")
                + "\n"
                + "      ready: { file: /nonexistent/{lab} }\n"
                + "      timeout: 2m\n"));
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                Lab.jarPath(),
                "up",
                "--host-netns",
                lab.host,
                lab.file.toString()));
    Process up =
        new ProcessBuilder(cmd)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      Path journal = Path.of("/run/nsplay", lab.name, "journal");
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!(Files.exists(journal)
          && Files.readString(journal, StandardCharsets.UTF_8).contains(" service never "))) {
        assertTrue(System.nanoTime() < until, "up never journalled the service");
        Thread.sleep(50);
      }
      assertTrue(up.isAlive(), "up still waits for the service");
    } finally {
      up.destroyForcibly(); // SIGKILL
      up.waitFor();
    }
    List<Long> never = processesOf(lab.name + "-never");
    assertEquals(1, never.size(), () -> "the service outlives up: " + cmdlines(never));
    lab.down().expect(0);
    assertEquals(List.of(), processesOf(lab.name), "processes left after down");
    lab.assertGone();
  }

  @Test
  void aServiceThatExitsFailsTheTaskWithItsLastLogLines() {
    lab = new Lab("svcf");
    lab.playbook(
        playbook(
            "  - service:\n"
                + "      name: dies\n"
                + "      netns: {lab}-a\n"
                + "      command: [python3, -c, 'import sys; print(\"no luck here\"); sys.exit(3)']\n"
                + "      ready: { tcp: 9 }\n"));
    Lab.Run r = lab.up();
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("exited"), r.out());
    assertTrue(r.out().contains("no luck here"), r.out());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void badInputIsRefusedBeforeAnyChange() {
    lab = new Lab("svcb");
    for (String bad :
        List.of(
            "command: [no-such-program-{lab}]",
            "command: [sleep, '1']\n      ready: { tcp: 70000 }",
            "command: [sleep, '1']\n      user: no-such-user-{lab}",
            "command: sleep 1")) {
      lab.playbook(
          playbook("  - service:\n      name: x\n      netns: {lab}-a\n      " + bad + "\n"));
      Lab.Run r = lab.up();
      assertEquals(2, r.code(), bad + ": " + r.out() + r.err());
      assertTrue(r.err().contains(lab.file + ":"), "located: " + r.err());
      assertFalse(TestNet.netnsList().contains(lab.name + "-a"), "nothing changed");
    }
  }

  @Test
  void logsPrintsTheServicesOutput() throws InterruptedException {
    lab = new Lab("svcl");
    lab.playbook(
        playbook(
            "  - service:\n"
                + "      name: talk\n"
                + "      netns: {lab}-a\n"
                + "      command: [python3, -u, -c, 'import time; print(\"hello from the service\");"
                + " time.sleep(600)', {lab}]\n"
                + "      ready: { delay: 500ms }\n"));
    lab.up().expect(0);
    // Ready after a delay says nothing of when the program writes: under load an interpreter
    // takes seconds to start, so the log is read until it has the line (or 20 s have passed).
    Lab.Run r = Lab.cli("logs", "--lab", lab.name, "talk").expect(0);
    for (long end = System.nanoTime() + 20_000_000_000L;
        !r.out().contains("hello from the service") && System.nanoTime() < end; ) {
      Thread.sleep(200);
      r = Lab.cli("logs", "--lab", lab.name, "talk").expect(0);
    }
    assertTrue(r.out().contains("hello from the service"), r.out() + r.err());
    Lab.Run missing = Lab.cli("logs", "--lab", lab.name, "nope");
    assertTrue(missing.code() != 0, missing.out());
    lab.down().expect(0);
  }

  @Test
  void seesTheNamespacesEtcFilesAndSysAsIpNetnsExecDoesAndRunsAsItsUser() throws Exception {
    lab = new Lab("svce");
    String ns = lab.name + "-a";
    Path etc = Path.of("/etc/netns", ns);
    String hostHosts = Files.readString(Path.of("/etc/hosts"));
    boolean hadEtcNetns = Files.isDirectory(etc.getParent());
    try {
      Files.createDirectories(etc);
      Files.writeString(etc.resolve("hosts"), "10.9.9.9 only-in-" + ns + "\n");
      lab.playbook(
          playbook(
              "  - service:\n"
                  + "      name: etc\n"
                  + "      netns: {lab}-a\n"
                  + "      user: nobody\n"
                  + "      cwd: /\n"
                  + "      env: { GREETING: hi-{lab} }\n"
                  + "      command: [python3, -u, -c, 'import os, time; print(open(\"/etc/hosts\").read(),"
                  + " sorted(os.listdir(\"/sys/class/net\")), os.getuid(), os.getcwd(),"
                  + " os.environ.get(\"GREETING\")); time.sleep(600)', {lab}]\n"
                  + "      ready: { delay: 1s }\n"));
      lab.up().expect(0);
      String log = Lab.cli("logs", "--lab", lab.name, "etc").expect(0).out();
      assertTrue(log.contains("only-in-" + ns), log);
      assertTrue(log.contains("['lo']"), "its /sys is the namespace's: " + log);
      assertTrue(log.contains(" 65534 / hi-" + lab.name), "nobody, in /, with its env: " + log);
      // exec sees them too, and nothing of it shows on the host.
      Lab.Run exec =
          Lab.cli(
              "exec",
              ns,
              "--",
              "python3",
              "-c",
              "import sys; sys.exit(0 if 'only-in-"
                  + ns
                  + "' in open('/etc/hosts').read() else 3)");
      assertEquals(0, exec.code(), "exec sees /etc/netns/NS/hosts: " + exec.err());
      assertEquals(hostHosts, Files.readString(Path.of("/etc/hosts")), "the host's /etc/hosts");
      lab.down().expect(0);
    } finally {
      Files.deleteIfExists(etc.resolve("hosts"));
      Files.deleteIfExists(etc);
      if (!hadEtcNetns) {
        Files.deleteIfExists(etc.getParent());
      }
    }
  }

  /** Waits until process {@code pid} is gone or a zombie. */
  private static void waitGone(long pid) throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (alive(pid)) {
      assertTrue(System.nanoTime() < until, "process " + pid + " still runs");
      Thread.sleep(20);
    }
  }

  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  private static List<String> cmdlines(List<Long> pids) {
    List<String> out = new ArrayList<>();
    for (long pid : pids) {
      try {
        out.add(
            pid + ": " + Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' '));
      } catch (IOException e) {
        out.add(pid + ": gone");
      }
    }
    return out;
  }

  /** The live processes whose arguments contain {@code text}. */
  static List<Long> processesOf(String text) {
    List<Long> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(Path.of("/proc"))) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
        try {
          String cmdline =
              new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
          if (cmdline.contains(text)) {
            out.add(Long.parseLong(p.getFileName().toString()));
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    out.remove(ProcessHandle.current().pid());
    return out;
  }
}

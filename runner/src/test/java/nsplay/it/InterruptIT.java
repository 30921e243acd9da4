package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ctrl-C during `up`: the run stops between two changes, says how far it got, exits 130, leaves no
 * lock held and the lab marked incomplete for status and the report; down then removes it all.
 */
class InterruptIT {
  private Lab lab;
  private Path dir;

  @AfterEach
  void cleanup() throws IOException {
    if (lab != null) {
      lab.close();
    }
    if (dir != null) {
      TestNet.run("rm", "-rf", dir.toString());
    }
  }

  @Test
  void sigintDuringUpStopsBetweenChanges() throws Exception {
    lab = new Lab("intr");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - bridge_create: { name: br0 }
          - netns_add: { name: "{lab}-n${item}" }
            loop: ${1..300}
          - veth_create: { name: eth0, netns: "{lab}-n${item}", peer: "v${item}-br" }
            loop: ${1..300}
        """);
    dir = Files.createTempDirectory("nsplay-intr");
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                Lab.jarPath(),
                "up",
                "--host-netns",
                lab.host,
                lab.file.toString())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      Path journal = Path.of("/run/nsplay", lab.name, "journal");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      // After the first changes: the journal has the lab's record and a few namespaces.
      while (!(Files.exists(journal) && Files.size(journal) > 300)) {
        assertTrue(
            p.isAlive(), "up ended before it could be interrupted: " + Files.readString(err));
        assertTrue(System.nanoTime() < deadline, "up made no change in 60 s");
        Thread.sleep(2);
      }
      TestNet.run("kill", "-INT", Long.toString(p.pid()));
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "up did not stop after SIGINT");
    } finally {
      p.destroyForcibly();
    }
    String stderr = Files.readString(err);
    assertEquals(130, p.exitValue(), stderr);
    assertTrue(
        stderr.matches(
            "(?s)nsplay: interrupted after \\d+ changes?; run 'nsplay up' again to finish or"
                + " 'nsplay down' to remove\\n"),
        stderr);
    assertFalse(stderr.contains("Exception"), stderr);

    Lab.Run status = Lab.cli("status", "--lab", lab.name).expect(1);
    assertTrue(status.out().contains("incomplete: the last up was interrupted"), status.out());
    Lab.Run report = Lab.cli("report", "--lab", lab.name, "--format", "txt", "--no-probe");
    assertTrue(report.out().contains("the last run was interrupted"), report.out());

    // No lock is held: down takes the lab at once, and leaves neither lab nor lock file.
    Lab.Run down = Lab.cli("down", "--lab", lab.name, "--lock-timeout", "1").expect(0);
    assertTrue(down.out().contains("RECAP " + lab.name + ": removed="), down.out());
    assertFalse(Files.exists(Path.of("/run/nsplay", lab.name + ".lock")), "lock file left");
    assertTrue(
        TestNet.netnsList().stream().noneMatch(n -> n.startsWith(lab.name)),
        () -> "namespaces left: " + List.copyOf(TestNet.netnsList()));
  }
}

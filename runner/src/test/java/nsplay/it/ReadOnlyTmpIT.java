package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * With a read-only /tmp, the native library is extracted elsewhere; where no directory takes it,
 * the commands that need it say so in one line (exit 1) and the others work. The read-only
 * directories are tmpfs mounts inside a private mount namespace of the test's own ({@code unshare
 * -m}, private propagation): nothing outside sees them, and they vanish with the process.
 */
class ReadOnlyTmpIT {
  /**
   * Runs the jar with read-only tmpfs mounts over {@code readOnly} and over its java.io.tmpdir, in
   * a mount namespace. The temp directory is one of the test's own, not /tmp itself: the jar may
   * live under /tmp (a checkout there), and must stay visible.
   */
  private static Lab.Run run(List<String> readOnly, String... args) {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "unshare is not installed");
    Path tmp;
    try {
      tmp = Files.createTempDirectory("nsplay-rotmp");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    try {
      return run(tmp, readOnly, args);
    } finally {
      TestNet.run("rmdir", tmp.toString());
    }
  }

  private static Lab.Run run(Path tmp, List<String> readOnly, String... args) {
    StringBuilder script = new StringBuilder("set -e; ");
    List<String> dirs = new ArrayList<>(readOnly);
    dirs.add(tmp.toString());
    for (String dir : dirs) {
      script.append("mount -t tmpfs -o ro,size=1m nsplay-test ").append(dir).append("; ");
    }
    script.append("exec \"$@\"");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                script.toString(),
                "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Djava.io.tmpdir=" + tmp,
                "-jar",
                Lab.jarPath()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("XDG_RUNTIME_DIR");
    try {
      TestNet.Result r = TestNet.exec(pb, 120);
      return new Lab.Run(r.code(), r.out(), r.err());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void rootUsesRunNsplayWhenTmpIsReadOnly() {
    String ns = TestNet.newNetns("rotmp");
    try {
      // exec needs the library for its first step (spawning inside the namespace).
      Lab.Run r = run(List.of("/dev/shm"), "exec", ns, "true");
      assertEquals("", r.err());
      r.expect(0);
    } finally {
      TestNet.deleteNetns(ns);
    }
  }

  @Test
  void nowhereToExtractIsOneLineForKernelCommands() {
    String ns = TestNet.newNetns("rotmp");
    Lab.Run r;
    try {
      r = run(List.of("/dev/shm", "/run/nsplay"), "exec", ns, "true").expect(1);
    } finally {
      TestNet.deleteNetns(ns);
    }
    assertEquals(1, r.err().lines().count(), r.err());
    assertTrue(
        r.err().startsWith("nsplay: cannot extract the native library libnsplay.so to any"),
        r.err());
    assertTrue(r.err().contains("/run/nsplay: Read-only file system"), r.err());
    assertTrue(r.err().contains("nsplay-rotmp"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
  }

  @Test
  void validateSchemaAndHelpNeedNoLibrary() throws IOException {
    Path playbook = SeedLabIT.playbooks().resolve("seed-lab.yml");
    List<String> ro = List.of("/dev/shm", "/run/nsplay");
    run(ro, "validate", playbook.toString()).expect(0);
    assertTrue(run(ro, "schema").expect(0).out().startsWith("{"));
    assertTrue(run(ro, "up", "--help").expect(0).out().startsWith("Usage: nsplay up"));
  }
}

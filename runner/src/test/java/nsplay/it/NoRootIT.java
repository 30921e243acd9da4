package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Without root: up, down and status say in one line that they need root and exit 2; validate,
 * schema and --help work. The built jar runs as nobody through setpriv.
 */
class NoRootIT {
  private static Path dir;
  private static Path jar;
  private static Path playbook;

  @BeforeAll
  static void setUp() throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "setpriv is not installed");
    // Everything nobody needs, readable by nobody.
    dir = Files.createTempDirectory("nsplay-noroot");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    jar = Files.copy(Path.of(Lab.jarPath()), dir.resolve("nsplay.jar"));
    playbook = Files.copy(SeedLabIT.playbooks().resolve("seed-lab.yml"), dir.resolve("seed.yml"));
    for (Path p : List.of(jar, playbook)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
    }
    // So that listing the labs is what a real machine with a lab up would ask of nobody.
    Path state = Path.of("/run/nsplay");
    if (!Files.isDirectory(state)) {
      Files.createDirectories(state);
      Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @AfterAll
  static void tearDown() {
    if (dir != null) {
      TestNet.run("rm", "-rf", dir.toString());
    }
  }

  private static Lab.Run nobody(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "setpriv",
                "--reuid=65534",
                "--regid=65534",
                "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Duser.home=/tmp",
                "-jar",
                jar.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    try {
      TestNet.Result r = TestNet.exec(pb);
      return new Lab.Run(r.code(), r.out(), r.err());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void needsRoot(String command, String... args) {
    Lab.Run r = nobody(args).expect(2);
    assertEquals(
        "nsplay " + command + " needs root: CAP_NET_ADMIN and CAP_SYS_ADMIN\n",
        r.err(),
        () -> "stdout: " + r.out());
    assertEquals("", r.out());
  }

  @Test
  void upNeedsRoot() {
    needsRoot("up", "up", playbook.toString());
    needsRoot("up --check", "up", "--check", playbook.toString());
  }

  @Test
  void downOfANamedLabNeedsRoot() {
    needsRoot("down", "down", "--lab", TestNet.name("none"));
    needsRoot("down", "down", playbook.toString());
  }

  @Test
  void statusOfANamedLabNeedsRoot() {
    needsRoot("status", "status", "--lab", TestNet.name("none"));
  }

  @Test
  void downAndStatusOfEveryLabNeedRoot() {
    needsRoot("down", "down");
    needsRoot("down", "down", "--all");
    needsRoot("status", "status");
    needsRoot("status", "status", "--json");
  }

  @Test
  void validateSchemaAndHelpWorkWithoutRoot() {
    Lab.Run v = nobody("validate", playbook.toString()).expect(0);
    assertTrue(v.err().isEmpty(), v.err());
    nobody("schema").expect(0);
    Lab.Run h = nobody("--help").expect(0);
    assertTrue(h.out().contains("up"), h.out());
    nobody("up", "--help").expect(0);
  }
}

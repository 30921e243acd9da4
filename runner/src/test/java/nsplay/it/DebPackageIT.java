package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The Debian package the build made (runner/target/dist/nsplay_VERSION_ARCH.deb), installed on this
 * machine as a user installs it (apt-get install ./FILE), used, and purged: the installed launcher
 * runs the seed lab, the man page and completion are where man and bash-completion look, the
 * postinst made the class-data archive in /var/cache/nsplay, and the purge leaves nothing. The
 * package is on the machine only inside {@link #installUsePurge}, which purges it in finally; no
 * other test runs nsplay from PATH.
 */
class DebPackageIT {
  private static final Map<String, String> APT =
      Map.of("DEBIAN_FRONTEND", "noninteractive", "LC_ALL", "C");

  static boolean installed() {
    TestNet.Result r = TestNet.exec("dpkg-query", "-W", "-f=${Status}", "nsplay");
    return r.code() == 0 && r.out().contains(" installed");
  }

  private static Lab.Run apt(String... args) {
    List<String> cmd =
        new ArrayList<>(List.of("apt-get", "-y", "-q", "-o", "DPkg::Lock::Timeout=300"));
    cmd.addAll(List.of(args));
    return Packages.run(Path.of("/"), APT, 600, cmd.toArray(String[]::new));
  }

  @Test
  void installUsePurge() throws IOException {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/apt-get")), "not a Debian system: no apt-get");
    Path deb = Packages.artifact("nsplay_*.deb");
    if (installed() || Files.exists(Path.of("/usr/bin/nsplay"))) {
      fail(
          "nsplay is installed on this machine already; this test would replace and purge it."
              + " Purge it first: apt-get purge nsplay");
    }
    List<Path> files = new ArrayList<>();
    try {
      apt("install", deb.toString()).expect(0);
      assertTrue(installed());
      for (String f : TestNet.run("dpkg", "-L", "nsplay").split("\n")) {
        if (Files.isRegularFile(Path.of(f))) {
          files.add(Path.of(f));
        }
      }
      assertTrue(
          files.containsAll(
              List.of(
                  Path.of("/usr/bin/nsplay"),
                  Path.of("/usr/share/nsplay/nsplay.jar"),
                  Path.of("/usr/lib/nsplay/libnsplay.so"),
                  Path.of("/usr/share/man/man1/nsplay.1.gz"),
                  Path.of("/usr/share/bash-completion/completions/nsplay"),
                  Path.of("/usr/share/doc/nsplay/examples/seed-lab.yml"),
                  Path.of("/usr/share/doc/nsplay/copyright"),
                  Path.of("/usr/share/doc/nsplay/changelog.gz"))),
          files::toString);
      // The postinst ran nsplay once as root, which made the archive outside /usr.
      Path jsa = Path.of("/var/cache/nsplay/nsplay.jsa");
      assertTrue(Files.isRegularFile(jsa), "CDS archive");
      // A Java runtime upgraded under /usr/lib/jvm (here: its file trigger, activated by hand)
      // makes the postinst make the archive again, for the new JVM.
      var made = Files.getLastModifiedTime(jsa);
      TestNet.run("dpkg-trigger", "--no-await", "/usr/lib/jvm");
      TestNet.run("dpkg", "--triggers-only", "--pending");
      assertTrue(Files.isRegularFile(jsa), "CDS archive after the trigger");
      assertTrue(Files.getLastModifiedTime(jsa).compareTo(made) > 0, "archive made again");

      Path cwd = Files.createTempDirectory("nsplay-deb-cwd");
      try {
        Packages.assertVersion(Packages.run(cwd, Map.of(), 120, "/usr/bin/nsplay", "--version"));
        Packages.seedLabUpDown(cwd, Map.of(), "/usr/bin/nsplay");
      } finally {
        Files.deleteIfExists(cwd);
      }
      assertEquals(
          "/usr/share/man/man1/nsplay.1.gz\n", TestNet.run("man", "-w", "nsplay"), "man -w");
      String page = TestNet.exec("env", "MANWIDTH=80", "man", "-P", "cat", "nsplay").out();
      assertTrue(page.contains("nsplay - build Linux network-namespace labs"), page);
      Packages.assertCompletion(Path.of("/usr/share/bash-completion/completions/nsplay"));
    } finally {
      if (installed()) {
        apt("purge", "nsplay").expect(0);
      }
    }
    assertFalse(installed(), "still installed after purge");
    assertEquals(
        List.of(), files.stream().filter(Files::exists).toList(), "files left after purge");
    for (String dir : List.of("/var/cache/nsplay", "/usr/share/nsplay", "/usr/lib/nsplay")) {
      assertFalse(Files.exists(Path.of(dir)), dir + " left after purge");
    }
  }

  /** Debian's own checker finds no error in the package (its warnings are printed). */
  @Test
  void lintianFindsNoErrors() {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/lintian")),
        "lintian is not installed (./run-tests installs it)");
    Path deb = Packages.artifact("nsplay_*.deb");
    TestNet.Result r = TestNet.exec("lintian", "--tag-display-limit", "0", deb.toString());
    System.out.println("lintian " + deb.getFileName() + ":\n" + r.out() + r.err());
    List<String> errors = r.out().lines().filter(l -> l.startsWith("E:")).toList();
    assertEquals(List.of(), errors, r.out() + r.err());
  }
}

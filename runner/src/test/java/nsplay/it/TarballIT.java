package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tarball the build made (runner/target/dist/nsplay-VERSION-linux-ARCH.tar.gz), unpacked into a
 * temporary folder and run from another working directory, as a machine without Debian's packages
 * uses it: one folder nsplay-VERSION with the packages' layout, a launcher that finds its jar and
 * library beside it, its class-data archive in the user's cache ($XDG_CACHE_HOME/nsplay), the seed
 * lab up and down, the man page and completion in place.
 */
class TarballIT {
  @Test
  void unpackAnywhereAndRun() throws IOException {
    Path tarball = Packages.artifact("nsplay-*-linux-*.tar.gz");
    String top = "nsplay-" + Packages.version();
    Path dir = Files.createTempDirectory("nsplay-tarball");
    try {
      Path unpacked = dir.resolve("unpacked");
      Path cwd = Files.createDirectories(dir.resolve("elsewhere"));
      Path cache = dir.resolve("cache");
      Files.createDirectories(unpacked);
      // One folder, nothing outside it.
      List<String> entries =
          TestNet.run("tar", "-tzf", tarball.toString()).lines().filter(e -> !e.isEmpty()).toList();
      assertEquals(
          List.of(), entries.stream().filter(e -> !e.startsWith(top + "/")).toList(), "outside");
      TestNet.run("tar", "-xzf", tarball.toString(), "-C", unpacked.toString());
      Path root = unpacked.resolve(top);
      for (String f :
          List.of(
              "bin/nsplay",
              "lib/nsplay/libnsplay.so",
              "share/nsplay/nsplay.jar",
              "share/nsplay/templates/report.html.ftl",
              "share/man/man1/nsplay.1",
              "share/bash-completion/completions/nsplay",
              "share/doc/nsplay/examples/seed-lab.yml",
              "share/doc/nsplay/copyright")) {
        assertTrue(Files.isRegularFile(root.resolve(f)), f);
      }
      assertTrue(Files.isExecutable(root.resolve("bin/nsplay")), "bin/nsplay is executable");

      String launcher = root.resolve("bin/nsplay").toString();
      Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());
      Packages.assertVersion(Packages.run(cwd, env, 180, launcher, "--version"));
      // The first run made the archive in the user's cache, none inside the unpacked folder.
      try (Stream<Path> s = Files.list(cache.resolve("nsplay"))) {
        assertEquals(1, s.filter(p -> p.toString().endsWith(".jsa")).count(), "CDS archive");
      }
      try (Stream<Path> s = Files.walk(root)) {
        assertEquals(List.of(), s.filter(p -> p.toString().endsWith(".jsa")).toList());
      }
      Packages.seedLabUpDown(cwd, env, launcher);

      assertEquals(
          root.resolve("share/man/man1/nsplay.1") + "\n",
          TestNet.run("man", "-M", root.resolve("share/man").toString(), "-w", "nsplay"));
      String page =
          TestNet.exec(
                  "env", "MANWIDTH=80", "man", "-P", "cat", "-l", root + "/share/man/man1/nsplay.1")
              .out();
      assertTrue(page.contains("nsplay - build Linux network-namespace labs"), page);
      Packages.assertCompletion(root.resolve("share/bash-completion/completions/nsplay"));
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

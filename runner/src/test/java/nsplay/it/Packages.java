package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the install tests share: the packages the build made (runner/target/dist), running an
 * installed launcher, and the checks both installs pass (version line, the seed lab up and down).
 */
final class Packages {
  private Packages() {}

  static String version() {
    return System.getProperty("nsplay.version", "unknown");
  }

  /** The one file in the build's dist folder whose name matches. */
  static Path artifact(String glob) {
    Path dir = Path.of(System.getProperty("nsplay.dist", "target/dist"));
    try (Stream<Path> s = Files.list(dir)) {
      var matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
      List<Path> found = s.filter(p -> matcher.matches(p.getFileName())).toList();
      assertEquals(1, found.size(), () -> glob + " in " + dir + ": " + found);
      return found.get(0).toAbsolutePath();
    } catch (IOException e) {
      throw new UncheckedIOException("the packages are not built (mvn package): " + dir, e);
    }
  }

  /** Runs a program in {@code cwd} with extra environment variables. */
  static Lab.Run run(Path cwd, Map<String, String> env, int seconds, String... cmd) {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
    pb.environment().putAll(env);
    try {
      TestNet.Result r = TestNet.exec(pb, seconds);
      return new Lab.Run(r.code(), r.out(), r.err());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code nsplay 0.2.0 (abc1234) java 17.0.15 linux 6.18.4}, and nothing on stderr. */
  static void assertVersion(Lab.Run r) {
    r.expect(0);
    assertTrue(
        Pattern.matches(
            "nsplay "
                + Pattern.quote(version())
                + " \\(([0-9a-f]{7,}|unknown)\\) java \\S+ linux \\S+\n",
            r.out()),
        r.out());
    assertEquals("", r.err());
  }

  /**
   * The seed lab, with the run's prefix on its names, up and down by the given launcher inside a
   * throwaway namespace that plays the host; nothing of it is left.
   */
  static void seedLabUpDown(Path cwd, Map<String, String> env, String launcher) throws IOException {
    try (Lab lab = new Lab("pkg")) {
      lab.playbook(SeedLabIT.seedPlaybook(lab.name));
      Lab.Run up =
          run(cwd, env, 180, launcher, "up", "--host-netns", lab.host, lab.file.toString())
              .expect(0);
      assertEquals("RECAP " + lab.name + ": ok=3 changed=15 failed=0 skipped=0", up.recap());
      TestNet.run("ip", "netns", "exec", lab.name + "-red", "ping", "-c1", "-W2", "192.168.15.2");
      run(cwd, env, 120, launcher, "down", "--lab", lab.name).expect(0);
      lab.assertGone();
    }
  }

  /** The completion file, sourced by bash, registers nsplay's completion function. */
  static void assertCompletion(Path file) {
    String out =
        TestNet.run("bash", "-c", "source \"$1\" && complete -p nsplay", "bash", file.toString());
    assertEquals("complete -o default -F _nsplay nsplay\n", out);
  }
}

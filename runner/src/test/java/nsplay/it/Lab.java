package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nsplay.cli.CliRun;

/**
 * One lab under test: a throwaway namespace that plays the host (--host-netns), the playbook
 * written with every {@code {p}} replaced by the run's prefix, and ways to run nsplay on it, in
 * process (the real CLI's {@link Main#run}) or as a separate JVM from the built jar (to kill it).
 * {@link #close} brings the lab down and removes the host namespace, whatever the test did.
 */
final class Lab implements AutoCloseable {
  final String host;
  final String name;
  final List<String> extraNetns = new ArrayList<>();
  private final Path dir;
  Path file;

  Lab(String tag) {
    try {
      this.dir = Files.createTempDirectory("nsplay-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.name = TestNet.name(tag);
    this.host = TestNet.newNetns("h");
  }

  /** Replaces {p} with the run's prefix and {lab} with this lab's name. */
  String expand(String text) {
    return text.replace("{lab}", name).replace("{p}", TestNet.PREFIX);
  }

  /** Writes the playbook; its first line must be `name: {lab}`. */
  Lab playbook(String text) {
    try {
      file = dir.resolve(name + ".yml");
      Files.writeString(file, expand(text));
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  record Run(int code, String out, String err) {
    String recap() {
      return out.lines().filter(l -> l.startsWith("RECAP ")).reduce((a, b) -> b).orElse("");
    }

    Run expect(int want) {
      assertEquals(want, code, () -> "exit code; stdout:\n" + out + "stderr:\n" + err);
      return this;
    }
  }

  /** Runs the real command line in this JVM. */
  static Run cli(String... args) {
    CliRun r = CliRun.of(args);
    return new Run(r.code(), r.out(), r.err());
  }

  Run up() {
    return cli("up", "--host-netns", host, file.toString());
  }

  Run down() {
    return cli("down", "--lab", name);
  }

  /** up must change something, then a second up must change nothing. */
  Run upTwice() {
    Run first = up().expect(0);
    assertTrue(
        !first.recap().contains(" changed=0 "), () -> "first up changed nothing:\n" + first.out());
    Run second = up().expect(0);
    assertTrue(
        second.recap().contains(" changed=0 "),
        () -> "second up changed something:\n" + second.out());
    return first;
  }

  /** Runs the built jar in a new JVM, with extra environment variables. */
  static Run jar(Map<String, String> env, String... args) {
    return jar(120, env, args);
  }

  /** Like {@link #jar(Map, String...)}, failing when the process runs longer than seconds. */
  static Run jar(int seconds, Map<String, String> env, String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                jarPath()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    try {
      TestNet.Result r = TestNet.exec(pb, seconds);
      return new Run(r.code(), r.out(), r.err());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String jarPath() {
    String jar = System.getProperty("nsplay.jar");
    if (jar == null || !Files.exists(Path.of(jar))) {
      throw new IllegalStateException("the nsplay jar is not built: " + jar);
    }
    return jar;
  }

  /** Nothing of the lab is left: no lab namespace, only lo in the host, no nft table, no state. */
  void assertGone() {
    assertEquals(List.of("lo"), TestNet.linkNames(host), "links left in the host namespace");
    assertEquals(List.of(), TestNet.nftTables(host), "nft tables left in the host namespace");
    assertTrue(
        TestNet.netnsList().stream().noneMatch(n -> n.startsWith(name)),
        () -> "namespaces left: " + TestNet.netnsList());
    assertTrue(!Files.exists(Path.of("/run/nsplay", name)), "state left in /run/nsplay/" + name);
  }

  @Override
  public void close() {
    try {
      cli("down", "--lab", name);
    } finally {
      for (String ns : extraNetns) {
        TestNet.deleteNetns(ns);
      }
      TestNet.deleteNetns(host);
      try (var s = Files.walk(dir)) {
        s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // temp files only
      }
    }
  }
}

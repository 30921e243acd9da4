package nsplay.jni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Test helpers: the {@code ip} binary as an independent oracle (never used by product code), a
 * per-run name prefix, and inode numbers of namespace files.
 */
final class Oracle {
  private Oracle() {}

  static final Path RUN_NETNS = Path.of("/run/netns");
  static final Path THREAD_NETNS = Path.of("/proc/thread-self/ns/net");

  /** "tj" + 4 random [a-z0-9]: everything a test run creates carries it. */
  static String newPrefix() {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder("tj");
    for (int i = 0; i < 4; i++) {
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }

  /** Runs a command, asserts exit 0, returns its stdout. */
  static String run(String... cmd) {
    return new String(runBytes(cmd), StandardCharsets.UTF_8);
  }

  /** Runs a command, asserts exit 0, returns its stdout as it wrote it. */
  static byte[] runBytes(String... cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      int code = p.waitFor();
      assertEquals(
          0,
          code,
          () ->
              "exit code of "
                  + Arrays.toString(cmd)
                  + ", stdout: "
                  + new String(out, StandardCharsets.UTF_8));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Names from {@code ip netns list} (first word of each line). */
  static List<String> ipNetnsList() {
    List<String> names = new ArrayList<>();
    for (String line : run("ip", "netns", "list").split("\n")) {
      if (!line.isBlank()) {
        names.add(line.trim().split("\\s+")[0]);
      }
    }
    return names;
  }

  /** {@code ip netns exec NAME cmd...}, stdout. */
  static String ipNetnsExec(String name, String... cmd) {
    String[] full = new String[cmd.length + 4];
    full[0] = "ip";
    full[1] = "netns";
    full[2] = "exec";
    full[3] = name;
    System.arraycopy(cmd, 0, full, 4, cmd.length);
    return run(full);
  }

  /** Inode number of the file (following symlinks): the identity of a namespace file. */
  static long ino(Path path) {
    try {
      return ((Number) Files.getAttribute(path, "unix:ino")).longValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

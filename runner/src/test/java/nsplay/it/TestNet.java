package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The integration tests' one helper for the real kernel, in the spirit of vishvananda/netlink's
 * test helper: a unique per-run prefix for every name a test makes, throwaway namespaces that play
 * the host (so no test touches the machine's own links, routes, nft tables or sysctls), and
 * iproute2/nft run as an independent oracle.
 */
final class TestNet {
  /** Every namespace, lab and nft table a test makes starts with this. */
  static final String PREFIX = "nq" + randomSuffix();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static int counter;

  private TestNet() {}

  private static String randomSuffix() {
    String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      sb.append(chars.charAt(ThreadLocalRandom.current().nextInt(chars.length())));
    }
    return sb.toString();
  }

  /** A fresh unique name: PREFIX + tag + counter. */
  static synchronized String name(String tag) {
    return PREFIX + tag + (++counter);
  }

  /** Creates a throwaway namespace with iproute2 (the oracle's way, not the product's). */
  static String newNetns(String tag) {
    String ns = name(tag);
    run("ip", "netns", "add", ns);
    return ns;
  }

  static void deleteNetns(String ns) {
    if (netnsList().contains(ns)) {
      run("ip", "netns", "del", ns);
    }
  }

  static List<String> netnsList() {
    List<String> out = new ArrayList<>();
    for (String line : run("ip", "netns", "list").split("\n")) {
      if (!line.isBlank()) {
        out.add(line.split(" ")[0]);
      }
    }
    return out;
  }

  /** {@code ip -j -d [-n NS] ARGS...} parsed; an empty array when ip prints nothing. */
  static JsonNode ipJson(String netns, String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "-j", "-d"));
    if (netns != null) {
      cmd.add("-n");
      cmd.add(netns);
    }
    cmd.addAll(List.of(args));
    return parse(run(cmd.toArray(new String[0])));
  }

  /** One link of {@code ip -j -d link show}, or null. */
  static JsonNode link(String netns, String name) {
    for (JsonNode l : ipJson(netns, "link", "show")) {
      if (name.equals(l.path("ifname").asText())) {
        return l;
      }
    }
    return null;
  }

  /**
   * The fallback devices that a tunnel module, once loaded, puts into every namespace (gre0, ...
   * after ip_gre; kernel Documentation/networking/ip-sysctl.rst, fb_tunnels_only_for_init_net). A
   * stock kernel loads them on demand; nobody creates them, so they are not a test's or a lab's.
   */
  static final List<String> FALLBACK_TUNNELS =
      List.of(
          "gre0",
          "gretap0",
          "erspan0",
          "ip6gre0",
          "ip6erspan0",
          "tunl0",
          "sit0",
          "ip6tnl0",
          "ip_vti0",
          "ip6_vti0");

  /** The names of the links in a namespace, without the kernel's {@link #FALLBACK_TUNNELS}. */
  static List<String> linkNames(String netns) {
    List<String> out = new ArrayList<>();
    ipJson(netns, "link", "show").forEach(l -> out.add(l.path("ifname").asText()));
    out.removeAll(FALLBACK_TUNNELS);
    return out;
  }

  static boolean isUp(JsonNode link) {
    for (JsonNode f : link.path("flags")) {
      if (f.asText().equals("UP")) {
        return true;
      }
    }
    return false;
  }

  /** {@code nft -j list ruleset} inside a namespace. */
  static JsonNode nftJson(String netns) {
    return parse(run("ip", "netns", "exec", netns, "nft", "-j", "list", "ruleset"));
  }

  /** Names of the nft tables in a namespace. */
  static List<String> nftTables(String netns) {
    List<String> out = new ArrayList<>();
    for (JsonNode n : nftJson(netns).path("nftables")) {
      if (n.has("table")) {
        out.add(n.path("table").path("name").asText());
      }
    }
    return out;
  }

  static String sysctl(String netns, String key) {
    return run("ip", "netns", "exec", netns, "sysctl", "-n", key).trim();
  }

  /**
   * What the kernel has in the namespaces, as ip and nft print it: links (with details), addresses,
   * IPv4 and IPv6 routes of every table, rules and the nft ruleset. Two equal snapshots mean
   * nothing of that changed in between; the oracle of "check tasks never change the kernel".
   */
  static String kernelSnapshot(List<String> namespaces) {
    StringBuilder sb = new StringBuilder();
    for (String ns : namespaces) {
      sb.append("# ").append(ns).append('\n');
      sb.append(run("ip", "-n", ns, "-j", "-d", "link", "show")).append('\n');
      sb.append(run("ip", "-n", ns, "-j", "addr", "show")).append('\n');
      sb.append(run("ip", "-n", ns, "-j", "route", "show", "table", "all")).append('\n');
      sb.append(run("ip", "-n", ns, "-j", "-6", "route", "show", "table", "all")).append('\n');
      sb.append(run("ip", "-n", ns, "-j", "rule", "show")).append('\n');
      sb.append(run("ip", "netns", "exec", ns, "nft", "-j", "list", "ruleset")).append('\n');
    }
    return sb.toString();
  }

  /**
   * Waits (at most 10 s) until no address in the namespaces is still tentative (duplicate address
   * detection) and every veth is up: the kernel finishes both on its own, asynchronously, and a
   * snapshot taken before it does would differ from one taken after, whatever a test did.
   */
  static void settle(List<String> namespaces) throws InterruptedException {
    long until = System.nanoTime() + 10_000_000_000L;
    for (String ns : namespaces) {
      while (run("ip", "-n", ns, "-j", "addr", "show").contains("\"tentative\"")
          || run("ip", "-n", ns, "-j", "link", "show", "type", "veth")
              .contains("\"operstate\":\"LOWERLAYERDOWN\"")) {
        if (System.nanoTime() > until) {
          fail("namespace " + ns + " did not settle: " + run("ip", "-n", ns, "addr", "show"));
        }
        Thread.sleep(50);
      }
    }
  }

  static JsonNode parse(String text) {
    try {
      return text.isBlank() ? JSON.createArrayNode() : JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("cannot parse JSON: " + text, e);
    }
  }

  /** Runs a command, fails the test unless it exits 0, returns its stdout. */
  static String run(String... cmd) {
    Result r = exec(cmd);
    assertEquals(0, r.code(), () -> String.join(" ", cmd) + " failed: " + r.err());
    return r.out();
  }

  record Result(int code, String out, String err) {}

  static Result exec(String... cmd) {
    try {
      return exec(new ProcessBuilder(cmd));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + String.join(" ", cmd), e);
    }
  }

  /** Runs a prepared process, which must finish within two minutes. */
  static Result exec(ProcessBuilder pb) throws IOException {
    return exec(pb, 120);
  }

  /**
   * Runs a prepared process; both outputs go through files, so that neither pipe can fill and
   * block, and a process that hangs fails the test after {@code seconds} instead of hanging it.
   */
  static Result exec(ProcessBuilder pb, int seconds) throws IOException {
    java.nio.file.Path outFile = java.nio.file.Files.createTempFile("nsplay-it", ".out");
    java.nio.file.Path errFile = java.nio.file.Files.createTempFile("nsplay-it", ".err");
    try {
      Process p =
          pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(outFile.toFile())
              .redirectError(errFile.toFile())
              .start();
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        fail(String.join(" ", pb.command()) + " did not finish in " + seconds + " s");
      }
      return new Result(
          p.exitValue(),
          java.nio.file.Files.readString(outFile, StandardCharsets.UTF_8),
          java.nio.file.Files.readString(errFile));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    } finally {
      java.nio.file.Files.deleteIfExists(outFile);
      java.nio.file.Files.deleteIfExists(errFile);
    }
  }
}

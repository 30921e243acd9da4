package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Helpers for the ownership, isolation and crash-safety tests: the task lines of a run, a lab's
 * `status --json`, and a snapshot of everything a refused run must leave as it was.
 */
final class Own {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern TASK =
      Pattern.compile(
          "^TASK \\[(.*?)\\](?: \\(item=.*?\\))? \\.\\.\\. (ok|changed|failed|skipped)");

  private Own() {}

  /** Task name to its status word, from a run's TASK lines (the last line of a name wins). */
  static Map<String, String> tasks(Lab.Run r) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : r.out().split("\n")) {
      Matcher m = TASK.matcher(line);
      if (m.find()) {
        out.put(m.group(1), m.group(2));
      }
    }
    return out;
  }

  /** The names of the tasks a run reports changed. */
  static List<String> changed(Lab.Run r) {
    List<String> out = new ArrayList<>();
    tasks(r)
        .forEach(
            (k, v) -> {
              if (v.equals("changed")) {
                out.add(k);
              }
            });
    return out;
  }

  /** The lab's entry of `nsplay status --lab NAME --json`, after checking its exit code. */
  static JsonNode status(String lab) {
    Lab.Run r = Lab.cli("status", "--lab", lab, "--json");
    try {
      JsonNode doc = JSON.readTree(r.out());
      assertEquals(1, doc.path("labs").size(), r.out());
      // Exit 1 exactly when something drifted: what a grader tests.
      r.expect(drift(doc.path("labs").get(0)).isEmpty() ? 0 : 1);
      return doc.path("labs").get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects of a status entry that are not present, as "kind|name|netns|state". */
  static List<String> drift(JsonNode labStatus) {
    List<String> out = new ArrayList<>();
    for (JsonNode o : labStatus.path("objects")) {
      if (!o.path("state").asText().equals("present")) {
        out.add(describe(o));
      }
    }
    return out;
  }

  static String describe(JsonNode o) {
    return o.path("kind").asText()
        + "|"
        + o.path("name").asText()
        + "|"
        + (o.path("netns").isNull() ? "" : o.path("netns").asText())
        + "|"
        + o.path("state").asText();
  }

  /**
   * Everything of a host namespace a refused run must not change: links, addresses, routes, nft
   * ruleset, the forwarding setting, and this run's namespaces on the machine.
   */
  static String snapshot(String host) {
    return "links "
        + TestNet.run("ip", "-j", "-n", host, "link", "show")
        + "\naddrs "
        + TestNet.run("ip", "-j", "-n", host, "addr", "show")
        + "\nroutes "
        + TestNet.run("ip", "-j", "-n", host, "route", "show", "table", "all")
        + "\nnft "
        + TestNet.run("ip", "netns", "exec", host, "nft", "list", "ruleset")
        + "\nforward "
        + TestNet.sysctl(host, "net.ipv4.ip_forward")
        + "\nnetns "
        + TestNet.netnsList().stream().filter(n -> n.startsWith(TestNet.PREFIX)).sorted().toList();
  }

  static Path journal(String lab) {
    return Path.of("/run/nsplay", lab, "journal");
  }

  static Path lockFile(String lab) {
    return Path.of("/run/nsplay", lab + ".lock");
  }
}

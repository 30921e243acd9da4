package nsplay.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.playbook.InvalidPlaybookException;
import nsplay.playbook.PlaybookLoader;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;

/**
 * The schema's patterns accept what the validator accepts, and nothing else: an editor that marks a
 * value `nsplay validate` takes (or misses one it rejects) is worse than none. JSON Schema patterns
 * are unanchored searches, so they are tried with find(), as a validator would.
 */
class PatternsTest {
  static boolean matches(String regex, String text) {
    return Pattern.compile(regex).matcher(text).find();
  }

  static boolean ok(Runnable r) {
    try {
      r.run();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** Whether the loader takes {@code value} for {@code type.param} (other params valid). */
  static boolean loads(String type, String param, String rest, String value) {
    try {
      String v = quote(value);
      String yaml = "name: t\ntasks:\n  - " + type + ": {" + param + ": " + v + rest + "}\n";
      new PlaybookLoader(TaskRegistry.specs()).parse("t.yml", yaml);
      return true;
    } catch (InvalidPlaybookException e) {
      return false;
    }
  }

  /**
   * A YAML double-quoted scalar with every control character escaped: the rule under test, not the
   * YAML reader (which refuses raw control characters), must decide.
   */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }

  static void agree(String regex, Predicate<String> validator, List<String> samples) {
    int accepted = 0;
    for (String s : samples) {
      boolean v = validator.test(s);
      assertEquals(v, matches(regex, s), () -> "\"" + s + "\": validator says " + v);
      accepted += v ? 1 : 0;
    }
    // Both answers were exercised.
    assertTrue(accepted > 0 && accepted < samples.size(), accepted + "/" + samples.size());
  }

  /** Addresses, mostly almost right: the edges are where a pattern goes wrong. */
  static List<String> addresses(int n) {
    Random r = new Random(42);
    List<String> out = new ArrayList<>();
    String[] octets = {
      "0", "00", "000", "001", "09", "099", "1", "10", "199", "200", "249", "250", "255", "256",
      "260", "300", "1000", "", "a"
    };
    String[] groups = {"0", "1", "ff", "FFFF", "abcd", "12345", "g", "", "0db8", "fe80"};
    String[] lengths = {
      "0", "00", "000", "0000", "8", "24", "024", "32", "032", "33", "64", "099", "100", "119",
      "120", "128", "129", "200", "", "x", "-1"
    };
    for (int i = 0; i < n; i++) {
      StringBuilder sb = new StringBuilder();
      if (r.nextBoolean()) {
        int k = r.nextInt(10) == 0 ? 3 + r.nextInt(3) : 4;
        for (int j = 0; j < k; j++) {
          sb.append(j > 0 ? "." : "").append(octets[r.nextInt(octets.length)]);
        }
      } else {
        int k = 1 + r.nextInt(9);
        int gap = r.nextInt(3) == 0 ? -1 : r.nextInt(k + 1);
        for (int j = 0; j < k; j++) {
          if (j == gap) {
            sb.append("::");
          } else if (j > 0 && j - 1 != gap) {
            sb.append(':');
          }
          sb.append(groups[r.nextInt(groups.length)]);
        }
        if (gap == k) {
          sb.append("::");
        }
        if (r.nextInt(8) == 0) {
          sb.append("::");
        }
      }
      if (r.nextInt(4) != 0) {
        sb.append('/').append(lengths[r.nextInt(lengths.length)]);
      }
      out.add(sb.toString());
    }
    out.addAll(List.of("::", "::/0", "::1", "1::", "::/128", ":::", "1:::2", "default", ""));
    return out;
  }

  @Test
  void ip() {
    agree(PlaybookSchema.IP, s -> ok(() -> Ip.parse(s)), addresses(20000));
  }

  @Test
  void cidr() {
    agree(PlaybookSchema.CIDR, s -> ok(() -> Cidr.parse(s)), addresses(20000));
  }

  @Test
  void routeDestination() {
    agree(
        PlaybookSchema.ROUTE_DST,
        s -> s.equals("default") || ok(() -> Cidr.parse(s)),
        addresses(20000));
  }

  static final List<String> NAMES =
      List.of(
          "",
          ".",
          "..",
          "...",
          ".a",
          "a.",
          "a",
          "host",
          "lo",
          "eth0",
          "v-net-0",
          "veth-red-br",
          "-x",
          "x-",
          "a/b",
          "/",
          "a:b",
          "a b",
          " a",
          "a\t",
          "a\nb",
          "a\u007fb",
          "a\u0001b",
          "123456789012345",
          "1234567890123456",
          "br_0",
          "@x",
          "a%b",
          "x".repeat(200),
          "x".repeat(201),
          "x".repeat(255),
          "x".repeat(256));

  @Test
  void interfaceName() {
    agree(
        PlaybookSchema.IFNAME,
        s -> loads("link_up", "link", "", s),
        NAMES.stream().filter(s -> s.length() <= 15).toList());
    // Longer names are the maxLength's to reject, as the validator does.
    assertTrue(!loads("link_up", "link", "", "1234567890123456"));
    assertTrue(matches(PlaybookSchema.IFNAME, "1234567890123456"));
  }

  @Test
  void namespaceName() {
    agree(PlaybookSchema.NETNS, s -> loads("netns_add", "name", "", s), NAMES);
    // 65 emoji are 65 characters but 260 bytes: the validator's to reject, as it counts bytes.
    String emoji = "\uD83D\uDE00".repeat(65);
    assertTrue(!loads("netns_add", "name", "", emoji));
    assertTrue(matches(PlaybookSchema.NETNS, emoji));
  }

  @Test
  void sysctlKey() {
    agree(
        PlaybookSchema.SYSCTL_KEY,
        s -> loads("sysctl", "name", ", value: \"1\"", s),
        List.of(
            "net.ipv4.ip_forward",
            "net.ipv4/ip_forward",
            "net.ipv4.conf.veth-red.forwarding",
            "net.ipv4.conf.eth0/1.forwarding",
            "net.x",
            "net.",
            "net",
            "net..x",
            "net.x.",
            "net./x",
            "net.x//y",
            "kernel.pid_max",
            "netx.y",
            "NET.x",
            ".net.x",
            "net.a b"));
  }

  @Test
  void labName() {
    agree(
        PlaybookSchema.LAB_NAME,
        s -> {
          try {
            String v = quote(s);
            new PlaybookLoader(TaskRegistry.specs())
                .parse("t.yml", "name: " + v + "\ntasks: [{netns_add: {name: a}}]\n");
            return true;
          } catch (InvalidPlaybookException e) {
            return false;
          }
        },
        List.of(
            "seed",
            "veth-pair",
            "a",
            "0",
            "_a",
            "-a",
            "a_b-c",
            "a.b",
            "a b",
            "x".repeat(40),
            "x".repeat(41),
            ""));
  }

  @Test
  void templates() {
    for (String s : List.of("${x}", "veth-${name}", "${a}-${b}", "pre ${ x } post")) {
      assertTrue(matches(PlaybookSchema.TEMPLATE, s), s);
    }
    for (String s : List.of("x", "$x", "{x}", "$ {x}", "${x")) {
      assertTrue(!matches(PlaybookSchema.TEMPLATE, s), s);
    }
  }
}

package nsplay.playbook;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * The kinds of task parameter values. Each one checks and converts a YAML scalar's text, so that
 * every task gets typed values and bad ones are reported at load time with their place.
 */
public enum ParamType {
  STRING("a string") {
    @Override
    Object convert(String text) {
      return text;
    }
  },
  BOOL("true or false") {
    @Override
    Object convert(String text) {
      throw new IllegalArgumentException("expected true or false");
    }
  },
  INT("an integer") {
    @Override
    Object convert(String text) {
      throw new IllegalArgumentException("expected an integer");
    }
  },
  /** A network interface name as the kernel accepts it (dev_valid_name in net/core/dev.c). */
  IFNAME("an interface name") {
    @Override
    Object convert(String text) {
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes == 0) {
        throw new IllegalArgumentException("interface name is empty");
      }
      if (bytes > 15) {
        throw new IllegalArgumentException(
            "interface name \""
                + text
                + "\" is "
                + bytes
                + " bytes; Linux allows at most 15 (IFNAMSIZ 16 with the NUL)");
      }
      if (text.equals(".") || text.equals("..")) {
        throw new IllegalArgumentException("interface name cannot be \"" + text + "\"");
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '/' || c == ':' || Character.isWhitespace(c)) {
          throw new IllegalArgumentException(
              "interface name \"" + text + "\" contains '" + c + "', which Linux does not allow");
        }
      }
      return text;
    }
  },
  /** A named network namespace: a file name under /run/netns. */
  NETNS("a namespace name") {
    @Override
    Object convert(String text) {
      if (text.equals(HOST)) {
        // A check's `from: host` is the lab's host namespace; a namespace of that name could
        // not be told apart from it.
        throw new IllegalArgumentException(
            "namespace name \"host\" is reserved: a check's `from: host` means the lab's host"
                + " (the real host, or the --host-netns namespace)");
      }
      if (text.isEmpty()) {
        throw new IllegalArgumentException("namespace name is empty");
      }
      if (text.equals(".") || text.equals("..") || text.contains("/") || text.startsWith("-")) {
        throw new IllegalArgumentException(
            "namespace name \""
                + text
                + "\" is not a plain file name (no '/', not . or .., "
                + "no leading '-')");
      }
      // A file under /run/netns: the kernel counts a name's bytes (NAME_MAX 255), not its
      // characters, so a 200-character name of emoji fails there, halfway through a run.
      int bytes = text.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > NAME_MAX) {
        throw new IllegalArgumentException(
            "namespace name \""
                + abbreviate(text)
                + "\" is "
                + bytes
                + " bytes long; at most "
                + NAME_MAX
                + " (a file name under /run/netns)");
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c < 0x21 || c == 0x7f) {
          throw new IllegalArgumentException(
              "namespace name \"" + text + "\" must be printable, without spaces");
        }
      }
      return text;
    }
  },
  /** Where a check starts: a namespace, or {@code host} for the lab's host namespace. */
  CHECK_FROM("a namespace name, or host") {
    @Override
    Object convert(String text) {
      return text.equals(HOST) ? HOST : NETNS.convert(text);
    }
  },
  CIDR("an address with prefix length, e.g. 10.0.0.1/24") {
    @Override
    Object convert(String text) {
      return Cidr.parse(text);
    }
  },
  IP("an IP address") {
    @Override
    Object convert(String text) {
      return Ip.parse(text);
    }
  },
  /**
   * A network prefix (a NAT source): host bits are refused, not cleared, because 10.0.2.5/24 where
   * a network is meant is most often a typo for an address, and clearing it silently hides that.
   */
  NETWORK("a network prefix, e.g. 10.0.0.0/24") {
    @Override
    Object convert(String text) {
      return network(text);
    }
  },
  /**
   * A route destination: a prefix (without host bits, as NETWORK), {@code default} (IPv4, or the
   * gateway's version), or {@code default6} (IPv6). A /0 prefix is its version's default.
   */
  ROUTE_DST("a prefix such as 10.0.0.0/24 or 2001:db8::/64, default, or default6") {
    @Override
    Object convert(String text) {
      if (text.equals(DEFAULT) || text.equals(DEFAULT6)) {
        return text;
      }
      Cidr c = network(text);
      return c.prefixLength() > 0 ? c : c.address().isV4() ? DEFAULT : DEFAULT6;
    }
  },
  /**
   * A list of strings, written as a YAML sequence ({@code [ip, -br, addr]}); a program's argv. Each
   * element is any scalar's text; an element may be a template.
   */
  STRINGS("a list of strings, e.g. [ip, -br, addr]") {
    @Override
    Object convert(String text) {
      throw new IllegalArgumentException("expected a list of strings, e.g. [ip, -br, addr]");
    }
  },
  /** A per-namespace sysctl key, dotted ({@code net.ipv4.ip_forward}). */
  SYSCTL_KEY("a sysctl name under net., e.g. net.ipv4.ip_forward") {
    @Override
    Object convert(String text) {
      if (!text.startsWith("net.")) {
        throw new IllegalArgumentException(
            "sysctl \""
                + text
                + "\" is not under net.: only network sysctls belong to a namespace");
      }
      for (String part : text.split("[./]", -1)) {
        if (part.isEmpty() || part.equals("..") || part.equals(".")) {
          throw new IllegalArgumentException("sysctl name \"" + text + "\" is malformed");
        }
      }
      return text;
    }
  },
  /** A service's name: its log's file name (the rules of a namespace name, which is one too). */
  SERVICE_NAME("a name (no /, no spaces)") {
    @Override
    Object convert(String text) {
      return NETNS.convert(text);
    }
  },
  /** A duration: a number with ms, s or m ({@code 500ms}, {@code 10s}); converted to millis. */
  DURATION("a duration such as 500ms, 10s or 1m") {
    @Override
    Object convert(String text) {
      return durationMillis(text);
    }
  },
  /** Environment variables: a mapping of names to strings. */
  ENV("a mapping of variable names to strings") {
    @Override
    Object convert(String text) {
      throw new IllegalArgumentException("expected a mapping NAME: VALUE, got \"" + text + "\"");
    }

    @Override
    Object convertStructured(Object value) {
      if (!(value instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("expected a mapping NAME: VALUE");
      }
      Map<String, String> out = new java.util.LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = e.getKey().toString();
        if (!k.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException("\"" + k + "\" is not a variable name");
        }
        Object v = e.getValue();
        if (v == null || v instanceof List || v instanceof Map) {
          throw new IllegalArgumentException("the value of " + k + " must be a string");
        }
        out.put(k, v.toString());
      }
      return java.util.Collections.unmodifiableMap(out);
    }
  },
  /**
   * When a service is ready: one of {@code tcp: PORT}, {@code file: PATH}, {@code delay: DURATION};
   * converted to a one-entry map (port as Integer, path as String, delay in millis as Long).
   */
  READY("one of tcp: PORT, file: PATH, delay: DURATION") {
    @Override
    Object convert(String text) {
      throw new IllegalArgumentException(
          "expected a mapping with one of tcp: PORT, file: PATH, delay: DURATION, got \""
              + text
              + "\"");
    }

    @Override
    Object convertStructured(Object value) {
      if (!(value instanceof Map<?, ?> m) || m.size() != 1) {
        throw new IllegalArgumentException(
            "expected a mapping with exactly one of tcp: PORT, file: PATH, delay: DURATION");
      }
      Map.Entry<?, ?> e = m.entrySet().iterator().next();
      String v = String.valueOf(e.getValue());
      switch (e.getKey().toString()) {
        case "tcp":
          int port;
          try {
            port = Integer.parseInt(v);
          } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("tcp: expected a port number, got \"" + v + "\"");
          }
          if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("tcp: port " + port + " is out of range 1-65535");
          }
          return Map.of("tcp", port);
        case "file":
          if (!v.startsWith("/")) {
            throw new IllegalArgumentException(
                "file: expected an absolute path, got \"" + v + "\"");
          }
          return Map.of("file", v);
        case "delay":
          return Map.of("delay", durationMillis(v));
        default:
          throw new IllegalArgumentException(
              "unknown readiness \""
                  + e.getKey()
                  + "\"; expected one of tcp: PORT, file: PATH, delay: DURATION");
      }
    }
  },
  /** A list of IP addresses ({@code [10.0.0.53, 2001:db8::53]}): a resolver's name servers. */
  IPS("a list of IP addresses, e.g. [10.0.0.53]") {
    @Override
    Object convert(String text) {
      throw new IllegalArgumentException(
          "expected a list of IP addresses, e.g. [10.0.0.53], got \"" + text + "\"");
    }

    @Override
    Object convertStructured(Object value) {
      List<Ip> out = new java.util.ArrayList<>();
      for (String s : Params.strings(value)) {
        try {
          out.add(Ip.parse(s));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("\"" + s + "\" is not an IP address");
        }
      }
      return List.copyOf(out);
    }
  },
  /** A list of host or domain names ({@code [lab.test]}): a resolver's search list. */
  HOSTNAMES("a list of host names, e.g. [lab.test]") {
    @Override
    Object convert(String text) {
      throw new IllegalArgumentException(
          "expected a list of host names, e.g. [lab.test], got \"" + text + "\"");
    }

    @Override
    Object convertStructured(Object value) {
      List<String> out = Params.strings(value);
      out.forEach(ParamType::hostname);
      return out;
    }
  },
  /** Names for addresses, a mapping {@code NAME: IP} ({@code { gw: 10.0.0.1 }}): hosts lines. */
  HOSTS("a mapping of host names to IP addresses, e.g. { gw: 10.0.0.1 }") {
    @Override
    Object convert(String text) {
      throw new IllegalArgumentException(
          "expected a mapping NAME: IP, e.g. { gw: 10.0.0.1 }, got \"" + text + "\"");
    }

    @Override
    Object convertStructured(Object value) {
      if (!(value instanceof Map<?, ?> m)) {
        throw new IllegalArgumentException("expected a mapping NAME: IP, e.g. { gw: 10.0.0.1 }");
      }
      Map<String, Ip> out = new java.util.LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = hostname(String.valueOf(e.getKey()));
        Object v = e.getValue();
        if (v == null || v instanceof List || v instanceof Map) {
          throw new IllegalArgumentException("the address of " + k + " must be an IP address");
        }
        try {
          out.put(k, Ip.parse(v.toString()));
        } catch (IllegalArgumentException ex) {
          throw new IllegalArgumentException(
              "the address of " + k + ", \"" + v + "\", is not an IP address");
        }
      }
      return java.util.Collections.unmodifiableMap(out);
    }
  };

  private static final java.util.regex.Pattern HOSTNAME =
      java.util.regex.Pattern.compile(
          "[A-Za-z0-9_]([A-Za-z0-9_-]{0,62})(\\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,62}))*\\.?");

  /**
   * A host name as a hosts file or resolv.conf takes it: labels of letters, digits, '-' and '_',
   * joined by dots (at most 253 characters); returned as it is.
   */
  public static String hostname(String text) {
    if (text.length() > 253 || !HOSTNAME.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "\""
              + abbreviate(text)
              + "\" is not a host name (letters, digits, '-' and '_' in labels joined by dots)");
    }
    return text;
  }

  /**
   * The word for the lab's host namespace where a check starts (the real host, or the {@code
   * --host-netns} namespace); not a namespace name.
   */
  public static final String HOST = "host";

  /** The IPv4 default route's destination (or IPv6's, when the gateway is IPv6). */
  public static final String DEFAULT = "default";

  /** The IPv6 default route's destination: {@code ip -6 route add default}. */
  public static final String DEFAULT6 = "default6";

  /** The longest file name Linux takes, in bytes (NAME_MAX in include/uapi/linux/limits.h). */
  public static final int NAME_MAX = 255;

  private final String description;

  /** A prefix whose host bits are all zero; otherwise says which network was probably meant. */
  static Cidr network(String text) {
    Cidr cidr = Cidr.parse(text);
    Cidr network = cidr.network();
    if (!network.equals(cidr)) {
      throw new IllegalArgumentException(
          "\"" + text + "\" has host bits set; the network is " + network);
    }
    return network;
  }

  /** A name too long to quote in full in a one-line message: its start, then "...". */
  static String abbreviate(String text) {
    if (text.length() <= 40) {
      return text;
    }
    int points = Math.min(32, text.codePointCount(0, text.length()));
    return text.substring(0, text.offsetByCodePoints(0, points)) + "...";
  }

  ParamType(String description) {
    this.description = description;
  }

  /** What a value of this type looks like, for error messages and the schema. */
  public String description() {
    return description;
  }

  /** Converts a string scalar; throws IllegalArgumentException with a user-facing message. */
  abstract Object convert(String text);

  /** Whether values of this type are lists or mappings rather than scalars. */
  public boolean structured() {
    return this == ENV || this == READY || this == IPS || this == HOSTNAMES || this == HOSTS;
  }

  /** Converts a list or mapping (plain values); scalar types take its text. */
  Object convertStructured(Object value) {
    return convert(value.toString());
  }

  private static final java.util.regex.Pattern DURATION_TEXT =
      java.util.regex.Pattern.compile("([0-9]{1,9})(ms|s|m)");

  /** Millis of a duration such as 500ms, 10s or 1m. */
  public static long durationMillis(String text) {
    var m = DURATION_TEXT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "expected a duration such as 500ms, 10s or 1m, got \"" + text + "\"");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> n;
      case "s" -> n * 1000;
      default -> n * 60_000;
    };
  }

  /** Checks a value given outside a playbook (the command line); same messages. */
  public void check(String text) {
    convert(text);
  }
}

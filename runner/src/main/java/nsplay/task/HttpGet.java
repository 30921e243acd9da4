package nsplay.task;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.kernel.HostsFile;
import nsplay.kernel.HttpResult;
import nsplay.net.Ip;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code http_get}: an HTTP/1.1 GET sent by nsplay itself over a TCP connection made inside a
 * namespace; checks the status code and, when asked, that the body contains a text. The URL's host
 * is an IP address or a name, looked up as a program in that namespace finds it in its hosts file
 * ({@code /etc/netns/NS/hosts}, else {@code /etc/hosts}; no DNS: see {@link HostsFile}); the
 * addresses it has are tried in the file's order until one connects. Plain http only.
 */
public final class HttpGet extends Check<HttpGet.Seen> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "http_get",
              "Check an HTTP server's answer, from a namespace (ip netns exec NS curl URL)",
              List.of(
                  Param.required("from", ParamType.CHECK_FROM, "namespace to send from, or host"),
                  Param.required(
                      "url",
                      ParamType.STRING,
                      "http://HOST[:PORT]/PATH, HOST an address or a name of the hosts file,"
                          + " e.g. http://10.0.0.2/"),
                  Param.optional("status", ParamType.INT, 200, "the status code it must answer"),
                  Param.optional("contains", ParamType.STRING, null, "text the body must contain"),
                  Param.optional(
                      "timeout", ParamType.INT, 2000, "how long the whole exchange may take, ms")),
              HttpGet::check)
          .asCheck();

  /**
   * A URL taken apart: its host (a name, or an address as written), the address when the host is
   * one (else null: the name is looked up when the check runs), port, and path with its query.
   */
  record Target(String host, Ip ip, int port, String hostHeader, String path) {}

  /**
   * What the check saw: the name's hosts file and the address asked (null: the name is not in that
   * file; then http is null too), and the answer.
   */
  public record Seen(Path hostsFile, Ip address, HttpResult http) {
    /** The answer from a URL whose host is an address. */
    public static Seen direct(HttpResult http) {
      return new Seen(null, null, http);
    }
  }

  public HttpGet(TaskDecl decl) {
    super(decl);
  }

  static String check(Args args) {
    try {
      target(args.string("url"));
    } catch (IllegalArgumentException e) {
      return "http_get: " + e.getMessage();
    }
    int status = args.integer("status");
    if (status < 100 || status > 599) {
      return "http_get: status must be between 100 and 599, got " + status;
    }
    return Checks.timeout("http_get", args);
  }

  /** The parts of {@code url}; IllegalArgumentException says what is wrong with it. */
  static Target target(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("url \"" + url + "\" is not a URL: " + e.getReason());
    }
    if (!"http".equalsIgnoreCase(u.getScheme())) {
      throw new IllegalArgumentException(
          "url \"" + url + "\" must start with http:// (https is not supported)");
    }
    String host = u.getHost();
    if (host == null) {
      throw new IllegalArgumentException(
          "url \"" + url + "\" has no host (an IP address or a host name)");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    Ip ip;
    try {
      ip = Ip.parse(bare);
    } catch (IllegalArgumentException e) {
      ip = null; // a name: URI has checked its syntax (an invalid one has no host)
    }
    int port = u.getPort() == -1 ? 80 : u.getPort();
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (u.getRawQuery() != null) {
      path += "?" + u.getRawQuery();
    }
    String hostHeader = u.getPort() == -1 ? host : host + ":" + port;
    return new Target(bare, ip, port, hostHeader, path);
  }

  @Override
  protected String subject() {
    return args.string("from") + " -> GET " + args.string("url");
  }

  @Override
  public boolean independent() {
    return true;
  }

  @Override
  public Seen observe(Context ctx) {
    Target t = target(args.string("url"));
    String netns = Ping.fromNetns(args.string("from"));
    if (t.ip() != null) {
      return Seen.direct(get(ctx, netns, t, t.ip()));
    }
    // The namespace's own hosts file; for `from: host`, the host's (--host-netns: that one's).
    Path file = HostsFile.of(netns != null ? netns : ctx.kernel().hostNetns());
    List<Ip> addresses = HostsFile.lookup(file, t.host());
    Seen seen = new Seen(file, null, null);
    for (Ip address : addresses) {
      seen = new Seen(file, address, get(ctx, netns, t, address));
      if (seen.http().connectErrno() == 0) {
        break;
      }
    }
    return seen;
  }

  private HttpResult get(Context ctx, String netns, Target t, Ip address) {
    return ctx.kernel()
        .httpGet(netns, address, t.port(), t.hostHeader(), t.path(), args.integer("timeout"));
  }

  @Override
  public Verdict plan(Seen s) {
    Verdict v = judge(s.http() == null ? new HttpResult(0, 0, "", null) : s.http());
    if (s.hostsFile() == null) {
      return v;
    }
    Map<String, Object> facts = new LinkedHashMap<>(v.facts());
    facts.put("hosts_file", s.hostsFile().toString());
    String host = target(args.string("url")).host();
    if (s.address() == null) {
      return new Verdict(
          false, v.expected(), "no address for " + host + " in " + s.hostsFile(), facts);
    }
    facts.put("address", s.address().toString());
    return new Verdict(
        v.holds(), v.expected(), host + " is " + s.address() + ", " + v.seen(), facts);
  }

  private Verdict judge(HttpResult r) {
    List<String> expected = new ArrayList<>();
    int status = args.integer("status");
    expected.add("status " + status);
    if (args.has("contains")) {
      expected.add("a body containing \"" + args.string("contains") + "\"");
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("status", r.status());
    String want = String.join(", ", expected);
    if (r.connectErrno() != 0) {
      String seen = new nsplay.kernel.TcpResult(r.connectErrno(), 0).seen(args.integer("timeout"));
      return new Verdict(false, want, "no connection: " + seen, facts);
    }
    if (r.status() == 0) {
      return new Verdict(false, want, "no answer: " + r.error(), facts);
    }
    boolean contains = !args.has("contains") || r.body().contains(args.string("contains"));
    boolean holds = r.status() == status && contains;
    String seen = "status " + r.status();
    if (args.has("contains")) {
      seen +=
          contains
              ? ", body contains it"
              : ", body without \"" + args.string("contains") + "\": " + Command.quote(r.body());
    }
    if (r.error() != null) {
      seen += " (" + r.error() + ")";
    }
    facts.put("body_bytes", r.body().length());
    return new Verdict(holds, want, seen, facts);
  }
}

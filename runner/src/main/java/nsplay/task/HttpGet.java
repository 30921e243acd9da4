package nsplay.task;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * is an IP address (a namespace has no resolver of nsplay's to ask); plain http only.
 */
public final class HttpGet extends Check<HttpResult> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "http_get",
              "Check an HTTP server's answer, from a namespace (ip netns exec NS curl URL)",
              List.of(
                  Param.required("from", ParamType.CHECK_FROM, "namespace to send from, or host"),
                  Param.required(
                      "url", ParamType.STRING, "http://ADDRESS[:PORT]/PATH, e.g. http://10.0.0.2/"),
                  Param.optional("status", ParamType.INT, 200, "the status code it must answer"),
                  Param.optional("contains", ParamType.STRING, null, "text the body must contain"),
                  Param.optional(
                      "timeout", ParamType.INT, 2000, "how long the whole exchange may take, ms")),
              HttpGet::check)
          .asCheck();

  /** A URL taken apart: the address, port, and path with its query. */
  record Target(Ip ip, int port, String hostHeader, String path) {}

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
      throw new IllegalArgumentException("url \"" + url + "\" has no host");
    }
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    Ip ip;
    try {
      ip = Ip.parse(bare);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "url \"" + url + "\": the host must be an IP address, got \"" + host + "\"");
    }
    int port = u.getPort() == -1 ? 80 : u.getPort();
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    if (u.getRawQuery() != null) {
      path += "?" + u.getRawQuery();
    }
    String hostHeader = u.getPort() == -1 ? host : host + ":" + port;
    return new Target(ip, port, hostHeader, path);
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
  public HttpResult observe(Context ctx) {
    Target t = target(args.string("url"));
    return ctx.kernel()
        .httpGet(
            Ping.fromNetns(args.string("from")),
            t.ip(),
            t.port(),
            t.hostHeader(),
            t.path(),
            args.integer("timeout"));
  }

  @Override
  public Verdict plan(HttpResult r) {
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

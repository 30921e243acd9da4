package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.bindProblems;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.jni.Errno;
import nsplay.kernel.CommandResult;
import nsplay.kernel.HttpResult;
import nsplay.kernel.Iface;
import nsplay.kernel.TcpResult;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import org.junit.jupiter.api.Test;

/**
 * The check task types' judgements (pure: a reading in, a verdict out) and their validation. Each
 * verdict says what was expected and what was seen, in words a student can act on.
 */
class CheckTasksTest {
  static Outcome outcome(Check<?> c, Check.Verdict v) {
    return c.outcome(v);
  }

  // ---- tcp_connect ----

  @Test
  void tcpConnectOpenAndClosed() {
    TcpConnect open = new TcpConnect(decl("tcp_connect: { from: red, to: 10.0.0.2, port: 80 }"));
    Check.Verdict v = open.plan(new TcpResult(0, 0.25));
    assertTrue(v.holds());
    assertTrue(v.isEmpty(), "a check changes nothing");
    assertEquals("red -> 10.0.0.2:80: open (connected in 0.25 ms)", outcome(open, v).message());
    assertEquals(true, outcome(open, v).facts().get("open"));

    Outcome refused = outcome(open, open.plan(new TcpResult(Errno.ECONNREFUSED, 0.1)));
    assertEquals(Outcome.Status.FAILED, refused.status());
    assertEquals(
        "red -> 10.0.0.2:80: closed (connection refused) (expected open)", refused.message());
    assertEquals("ECONNREFUSED", refused.facts().get("error"));

    TcpConnect closed =
        new TcpConnect(
            decl(
                "tcp_connect: { from: red, to: 10.0.0.2, port: 22, expect: closed, timeout: 300 }"));
    assertTrue(closed.plan(new TcpResult(Errno.ETIMEDOUT, 300)).holds());
    assertEquals(
        "red -> 10.0.0.2:22: no answer within 300 ms",
        outcome(closed, closed.plan(new TcpResult(Errno.ETIMEDOUT, 300))).message());
    assertFalse(closed.plan(new TcpResult(0, 1)).holds());
  }

  @Test
  void tcpConnectValidation() {
    assertEquals(
        "tcp_connect: port must be between 1 and 65535, got 0",
        bindError("tcp_connect: { from: red, to: 10.0.0.2, port: 0 }"));
    assertEquals(
        "tcp_connect: timeout must be between 1 and 600000 ms, got 0",
        bindError("tcp_connect: { from: red, to: 10.0.0.2, port: 80, timeout: 0 }"));
    assertEquals(List.of(), bindProblems("tcp_connect: { from: host, to: \"fd00::2\", port: 80 }"));
    assertTrue(
        bindError("tcp_connect: { from: red, to: 10.0.0.2, port: 80, expect: shut }")
            .contains("expected one of open, closed"));
  }

  // ---- command ----

  @Test
  void commandExitCodeAndStdout() {
    Command c =
        new Command(
            decl(
                "command: { netns: red, argv: [ip, -br, addr], stdout_contains: 10.0.0.1,"
                    + " stdout_matches: '^veth\\S* +UP' }"));
    Check.Verdict ok =
        c.plan(new CommandResult(0, "lo UNKNOWN\nveth-red UP 10.0.0.1/24\n", "", false));
    assertTrue(ok.holds(), ok.seen());
    assertEquals("ip -br addr in red: exit code 0, stdout as expected", outcome(c, ok).message());

    Check.Verdict bad = c.plan(new CommandResult(0, "lo UNKNOWN\nveth-red DOWN\n", "", false));
    assertFalse(bad.holds());
    assertEquals(
        "ip -br addr in red: stdout without \"10.0.0.1\", stdout not matching /^veth\\S* +UP/;"
            + " stdout: \"lo UNKNOWN\\nveth-red DOWN\" (expected exit code 0, stdout containing"
            + " \"10.0.0.1\", stdout matching /^veth\\S* +UP/)",
        outcome(c, bad).message());

    Command rc = new Command(decl("command: { netns: host, argv: [false], rc: 0, timeout: 50 }"));
    Check.Verdict failed = rc.plan(new CommandResult(1, "", "boom\n", false));
    assertEquals("exit code 1; stderr: \"boom\"", failed.seen());
    assertEquals("killed after 50 ms", rc.plan(new CommandResult(137, "", "", true)).seen());
    assertEquals(List.of("false"), rc.argv());
  }

  @Test
  void commandValidation() {
    assertTrue(
        bindError("command: { netns: red, argv: ip }").contains("must be a list of strings"),
        bindError("command: { netns: red, argv: ip }"));
    assertEquals(
        "command: argv must name a program, e.g. [ip, -br, addr]",
        bindError("command: { netns: red, argv: [] }"));
    assertTrue(
        bindError("command: { netns: red, argv: [ip], stdout_matches: '(' }")
            .startsWith("command: stdout_matches is not a regular expression"));
    assertTrue(
        bindError("command: { netns: red, argv: [ip, [a]] }").contains("each element must be"));
  }

  // ---- link_state ----

  static Iface link(boolean up, int master) {
    return new Iface(5, "veth-red", "veth", up, master, 0, null, 0);
  }

  @Test
  void linkState() {
    LinkState s =
        new LinkState(
            decl("link_state: { netns: red, link: veth-red, up: true, master: br0, mtu: 1500 }"));
    Check.Verdict ok = s.plan(new LinkState.Seen(true, Optional.of(link(true, 3)), "br0", 1500));
    assertTrue(ok.holds());
    assertEquals(
        "link veth-red in namespace red: up, master br0, mtu 1500", outcome(s, ok).message());
    Check.Verdict down = s.plan(new LinkState.Seen(true, Optional.of(link(false, 0)), null, 9000));
    assertEquals(
        "link veth-red in namespace red: down, no master, mtu 9000 (expected it exists, up,"
            + " master br0, mtu 1500)",
        outcome(s, down).message());
    assertEquals(
        "no such link", s.plan(new LinkState.Seen(true, Optional.empty(), null, 0)).seen());
    assertEquals(
        "no namespace red", s.plan(new LinkState.Seen(false, Optional.empty(), null, 0)).seen());
    LinkState exists = new LinkState(decl("link_state: { link: eth0 }"));
    assertTrue(exists.plan(new LinkState.Seen(true, Optional.of(link(false, 0)), null, 1)).holds());
  }

  // ---- addr_present ----

  @Test
  void addrPresent() {
    AddrPresent a =
        new AddrPresent(decl("addr_present: { netns: red, link: veth-red, address: 10.0.0.1/24 }"));
    Check.Verdict ok =
        a.plan(
            new AddrPresent.Seen(
                true, Optional.of(link(true, 0)), List.of(Cidr.parse("10.0.0.1/24"))));
    assertTrue(ok.holds());
    Check.Verdict wrongPrefix =
        a.plan(
            new AddrPresent.Seen(
                true, Optional.of(link(true, 0)), List.of(Cidr.parse("10.0.0.1/16"))));
    assertEquals(
        "link veth-red in namespace red: addresses 10.0.0.1/16, not 10.0.0.1/24 (expected"
            + " address 10.0.0.1/24)",
        outcome(a, wrongPrefix).message());
    assertEquals(
        "no addresses",
        a.plan(new AddrPresent.Seen(true, Optional.of(link(true, 0)), List.of())).seen());
  }

  // ---- route_lookup ----

  @Test
  void routeLookup() {
    RouteLookup r =
        new RouteLookup(
            decl("route_lookup: { netns: red, to: 8.8.8.8, via: 10.0.0.254, dev: eth0 }"));
    Check.Verdict ok =
        r.plan(
            new RouteLookup.Seen(
                true, new nsplay.kernel.RouteLookup(0, Ip.parse("10.0.0.254"), 2, false), "eth0"));
    assertTrue(ok.holds());
    assertEquals("route to 8.8.8.8 in red: via 10.0.0.254 dev eth0", outcome(r, ok).message());
    Check.Verdict other =
        r.plan(
            new RouteLookup.Seen(
                true, new nsplay.kernel.RouteLookup(0, Ip.parse("10.0.0.1"), 2, false), "eth0"));
    assertEquals(
        "route to 8.8.8.8 in red: via 10.0.0.1 dev eth0 (expected via 10.0.0.254 dev eth0)",
        outcome(r, other).message());
    assertEquals(
        "no route (ENETUNREACH)",
        r.plan(new RouteLookup.Seen(true, nsplay.kernel.RouteLookup.none(Errno.ENETUNREACH), null))
            .seen());
    assertEquals(
        "route_lookup: via and to must both be IPv4 or both IPv6",
        bindError("route_lookup: { netns: red, to: 8.8.8.8, via: \"fe80::1\" }"));
  }

  // ---- http_get ----

  @Test
  void httpGet() {
    HttpGet h =
        new HttpGet(
            decl("http_get: { from: red, url: \"http://10.0.0.2:8080/x?y=1\", contains: hello }"));
    assertEquals(
        new HttpGet.Target("10.0.0.2", Ip.parse("10.0.0.2"), 8080, "10.0.0.2:8080", "/x?y=1"),
        HttpGet.target("http://10.0.0.2:8080/x?y=1"));
    assertEquals(
        new HttpGet.Target("fd00::2", Ip.parse("fd00::2"), 80, "[fd00::2]", "/"),
        HttpGet.target("http://[fd00::2]"));
    assertTrue(h.plan(seen(new HttpResult(0, 200, "say hello", null))).holds());
    assertEquals(
        "red -> GET http://10.0.0.2:8080/x?y=1: status 404, body without \"hello\": \"nope\""
            + " (expected status 200, a body containing \"hello\")",
        outcome(h, h.plan(seen(new HttpResult(0, 404, "nope", null)))).message());
    assertEquals(
        "no connection: closed (connection refused)",
        h.plan(seen(new HttpResult(Errno.ECONNREFUSED, 0, "", null))).seen());
    assertEquals(
        "http_get: url \"https://10.0.0.2/\" must start with http:// (https is not supported)",
        bindError("http_get: { from: red, url: \"https://10.0.0.2/\" }"));
    assertEquals(
        "http_get: url \"http://10.0.0.300/\" has no host (an IP address or a host name)",
        bindError("http_get: { from: red, url: \"http://10.0.0.300/\" }"));
  }

  private static HttpGet.Seen seen(HttpResult r) {
    return HttpGet.Seen.direct(r);
  }

  @Test
  void httpGetByName() {
    HttpGet h =
        new HttpGet(decl("http_get: { from: red, url: \"http://Web.lab:8080/\", contains: hi }"));
    assertEquals(
        new HttpGet.Target("Web.lab", null, 8080, "Web.lab:8080", "/"),
        HttpGet.target("http://Web.lab:8080/"));
    java.nio.file.Path file = java.nio.file.Path.of("/etc/netns/red/hosts");
    assertEquals(
        "red -> GET http://Web.lab:8080/: Web.lab is 10.0.0.2, status 200, body contains it",
        outcome(
                h,
                h.plan(
                    new HttpGet.Seen(
                        file, Ip.parse("10.0.0.2"), new HttpResult(0, 200, "hi there", null))))
            .message());
    assertEquals(
        "red -> GET http://Web.lab:8080/: no address for Web.lab in /etc/netns/red/hosts"
            + " (expected status 200, a body containing \"hi\")",
        outcome(h, h.plan(new HttpGet.Seen(file, null, null))).message());
    assertEquals(
        "10.0.0.2",
        h.plan(new HttpGet.Seen(file, Ip.parse("10.0.0.2"), new HttpResult(0, 200, "hi", null)))
            .facts()
            .get("address"));
  }

  /** hosts(5) as the C library reads it: comments, aliases, case, several addresses. */
  @Test
  void hostsFileLookup() {
    String hosts =
        String.join(
            "\n",
            "127.0.0.1\tlocalhost",
            "::1 localhost ip6-localhost # the loopback",
            "# 10.0.0.9 web",
            "10.0.0.2   web  WWW.lab",
            "not-an-address web",
            "fd00::2 web",
            "10.0.0.2 web",
            "10.0.0.3 webserver");
    assertEquals(
        List.of(Ip.parse("10.0.0.2"), Ip.parse("fd00::2")),
        nsplay.kernel.HostsFile.lookup(hosts, "web"));
    assertEquals(List.of(Ip.parse("10.0.0.2")), nsplay.kernel.HostsFile.lookup(hosts, "www.LAB"));
    assertEquals(
        List.of(Ip.parse("127.0.0.1"), Ip.parse("::1")),
        nsplay.kernel.HostsFile.lookup(hosts, "localhost"));
    assertEquals(List.of(), nsplay.kernel.HostsFile.lookup(hosts, "the"));
    assertEquals(List.of(), nsplay.kernel.HostsFile.lookup(hosts, "nowhere"));
    assertEquals(
        java.nio.file.Path.of("/etc/hosts"),
        nsplay.kernel.HostsFile.of("nsplay-test-no-such-namespace"));
    assertEquals(java.nio.file.Path.of("/etc/hosts"), nsplay.kernel.HostsFile.of(null));
  }
}

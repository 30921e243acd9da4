package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code nsplay check FILE} as a grader, on a lab a student built by hand with ip (no journal):
 * every check type passes where the lab is right and fails, with a message a student can act on,
 * where it is not; --tags selects, --junit writes a report a parser reads back, --json is one
 * document; and the kernel is the same before and after (ip -j and nft -j snapshots). The web
 * server is python3's, started inside a namespace of the test and stopped by pid.
 */
class GraderIT {
  @TempDir Path dir;
  String a;
  String b;
  String lab;
  Process server;
  Path file;

  @BeforeEach
  void buildByHand() throws Exception {
    a = TestNet.newNetns("ga");
    b = TestNet.newNetns("gb");
    lab = TestNet.name("grade");
    for (String ns : List.of(a, b)) {
      // No duplicate address detection: a link-local address leaving "tentative" between the two
      // snapshots would read as a change.
      TestNet.run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.default.accept_dad=0");
      TestNet.run("ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0");
    }
    TestNet.run("ip", "link", "add", "a0", "netns", a, "type", "veth", "peer", "b0", "netns", b);
    TestNet.run("ip", "-n", a, "addr", "add", "10.213.0.1/24", "dev", "a0");
    TestNet.run("ip", "-n", b, "addr", "add", "10.213.0.2/24", "dev", "b0");
    for (String[] l : new String[][] {{a, "a0"}, {b, "b0"}, {a, "lo"}, {b, "lo"}}) {
      TestNet.run("ip", "-n", l[0], "link", "set", l[1], "up");
    }
    TestNet.run("ip", "-n", a, "route", "add", "default", "via", "10.213.0.2");
    // The carrier comes up asynchronously (linkwatch): a snapshot taken before it does would
    // differ from one taken after, whatever nsplay did.
    long carrier = System.nanoTime() + 10_000_000_000L;
    while (!TestNet.run("ip", "-n", a, "-j", "link", "show", "a0").contains("\"operstate\":\"UP\"")
        || !TestNet.run("ip", "-n", b, "-j", "link", "show", "b0")
            .contains("\"operstate\":\"UP\"")) {
      assertTrue(System.nanoTime() < carrier, "the veth pair did not come up");
      Thread.sleep(50);
    }
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("index.html"), "<p>hello student</p>\n");
    server =
        new ProcessBuilder(
                "ip",
                "netns",
                "exec",
                b,
                "python3",
                "-m",
                "http.server",
                "8080",
                "--bind",
                "10.213.0.2",
                "--directory",
                www.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    long until = System.nanoTime() + 15_000_000_000L;
    while (TestNet.exec("ip", "netns", "exec", b, "ss", "-ltnH", "sport = :8080").out().isBlank()) {
      assertTrue(System.nanoTime() < until, "the test's web server did not start");
      assertTrue(server.isAlive(), () -> "the test's web server ended: " + log());
      Thread.sleep(100);
    }
    file = dir.resolve("grade.yml");
    Files.writeString(file, playbook());
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("server.log"));
    } catch (java.io.IOException e) {
      return "";
    }
  }

  @AfterEach
  void cleanup() throws Exception {
    try {
      if (server != null) {
        server.destroy(); // SIGTERM to its pid: ip netns exec became python3
        if (!server.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          server.destroyForcibly().waitFor();
        }
      }
    } finally {
      TestNet.deleteNetns(a);
      TestNet.deleteNetns(b);
    }
  }

  String playbook() {
    return String.join(
        "\n",
        "name: " + lab,
        "tasks:",
        "  - name: a's address", // a building task: check does not run it
        "    addr_assign: { netns: " + a + ", link: a0, address: 10.213.0.1/24 }",
        "    register: built",
        "  - name: a reaches b",
        "    ping: { from: " + a + ", to: 10.213.0.2, count: 1 }",
        "    tags: [stage1]",
        "  - name: only before the build",
        "    ping: { from: " + a + ", to: 10.213.0.2, count: 1, expect: unreachable }",
        "    when: built.changed",
        "  - name: web port open",
        "    tcp_connect: { from: " + a + ", to: 10.213.0.2, port: 8080 }",
        "    tags: [stage2]",
        "  - name: ssh port closed",
        "    tcp_connect: { from: " + a + ", to: 10.213.0.2, port: 22, expect: closed }",
        "    tags: [stage2]",
        "  - name: web page",
        "    http_get: { from: "
            + a
            + ", url: \"http://10.213.0.2:8080/\", contains: hello"
            + " student }",
        "    tags: [stage2]",
        "  - name: default route",
        "    route_lookup: { netns: " + a + ", to: 8.8.8.8, via: 10.213.0.2, dev: a0 }",
        "    tags: [stage1]",
        "  - name: address listed",
        "    command: { netns: "
            + a
            + ", argv: [ip, -br, addr, show, dev, a0],"
            + " stdout_contains: 10.213.0.1/24 }",
        "    tags: [stage1]",
        "  - name: link up",
        "    link_state: { netns: " + a + ", link: a0, up: true, mtu: 1500 }",
        "    tags: [stage1]",
        "  - name: address present",
        "    addr_present: { netns: " + a + ", link: a0, address: 10.213.0.1/24 }",
        "    tags: [stage1]",
        "  - name: loopbacks",
        "    addr_present: { netns: \"${item}\", link: lo, address: 127.0.0.1/8 }",
        "    loop: [" + a + ", " + b + "]",
        "  - name: web on 8081",
        "    tcp_connect: { from: " + a + ", to: 10.213.0.2, port: 8081 }",
        "    tags: [broken]",
        "  - name: page says goodbye",
        "    http_get: { from: " + a + ", url: \"http://10.213.0.2:8080/\", contains: goodbye }",
        "    tags: [broken]",
        "  - name: route via .254",
        "    route_lookup: { netns: " + a + ", to: 8.8.8.8, via: 10.213.0.254 }",
        "    tags: [broken]",
        "  - name: jumbo frames",
        "    link_state: { netns: " + a + ", link: a0, mtu: 9000 }",
        "    tags: [broken]",
        "  - name: second address",
        "    addr_present: { netns: " + a + ", link: a0, address: 10.213.0.5/24 }",
        "    tags: [broken]",
        "  - name: b0 listed",
        "    command: { netns: " + a + ", argv: [ip, -br, link], stdout_matches: \"^b0\" }",
        "    tags: [broken]",
        "  - name: nobody at .99",
        "    ping: { from: " + a + ", to: 10.213.0.99, count: 1 }",
        "    tags: [broken]",
        "");
  }

  /** What the kernel has in the test's namespaces, as ip and nft print it. */
  String snapshot() {
    return TestNet.kernelSnapshot(List.of(a, b));
  }

  @Test
  void gradesAHandBuiltLabAndChangesNothing() throws Exception {
    String before = snapshot();
    Lab.Run all = Lab.cli("check", file.toString()).expect(1);
    assertEquals(before, snapshot(), "a check changed the kernel");
    String out = all.out();
    assertTrue(out.startsWith("CHECK " + lab + "\n"), out);
    List<String> lines = out.lines().toList();
    assertEquals("10 passed, 7 failed, 1 skipped", lines.get(lines.size() - 1), out);
    // In the playbook's order, whatever ran in parallel.
    List<String> names = new ArrayList<>();
    for (String l : lines.subList(1, lines.size() - 1)) {
      names.add(l.substring(6, l.indexOf(':', 6)));
    }
    assertEquals(
        List.of(
            "a reaches b",
            "only before the build",
            "web port open",
            "ssh port closed",
            "web page",
            "default route",
            "address listed",
            "link up",
            "address present",
            "loopbacks [" + a + "]",
            "loopbacks [" + b + "]",
            "web on 8081",
            "page says goodbye",
            "route via .254",
            "jumbo frames",
            "second address",
            "b0 listed",
            "nobody at .99"),
        names,
        out);
    assertLine(out, "PASS  web port open: " + a + " -> 10.213.0.2:8080: open (connected in ");
    assertLine(
        out, "PASS  ssh port closed: " + a + " -> 10.213.0.2:22: closed (connection refused)");
    assertLine(
        out,
        "PASS  web page: " + a + " -> GET http://10.213.0.2:8080/: status 200, body contains it");
    assertLine(out, "PASS  default route: route to 8.8.8.8 in " + a + ": via 10.213.0.2 dev a0");
    assertLine(
        out, "PASS  address listed: ip -br addr show dev a0 in " + a + ": exit code 0, stdout as");
    assertLine(out, "PASS  link up: link a0 in namespace " + a + ": up, no master, mtu 1500");
    assertLine(out, "SKIP  only before the build: its when: does not hold");
    // Failures a student can act on: what was expected, and what is there instead.
    assertLine(
        out,
        "FAIL  web on 8081: "
            + a
            + " -> 10.213.0.2:8081: closed (connection refused) (expected open)");
    assertLine(
        out,
        "FAIL  page says goodbye: "
            + a
            + " -> GET http://10.213.0.2:8080/: status 200, body without \"goodbye\": \"<p>hello"
            + " student</p>\" (expected status 200, a body containing \"goodbye\")");
    assertLine(
        out,
        "FAIL  route via .254: route to 8.8.8.8 in "
            + a
            + ": via 10.213.0.2 dev a0 (expected via 10.213.0.254)");
    assertLine(
        out,
        "FAIL  jumbo frames: link a0 in namespace "
            + a
            + ": up, no master, mtu 1500 (expected it exists, mtu 9000)");
    assertLine(
        out, "FAIL  second address: link a0 in namespace " + a + ": addresses 10.213.0.1/24,");
    assertLine(out, "FAIL  b0 listed: ip -br link in " + a + ": stdout not matching /^b0/;");
    assertLine(
        out, "FAIL  nobody at .99: " + a + " -> 10.213.0.99: 0/1 replies (expected reachable)");
  }

  private static void assertLine(String out, String start) {
    assertTrue(out.lines().anyMatch(l -> l.startsWith(start)), () -> start + "\nnot in:\n" + out);
  }

  @Test
  void tagsSelectAStageAndJunitReadsBack() throws Exception {
    Path junit = dir.resolve("results.xml");
    Lab.Run ok =
        Lab.cli("check", file.toString(), "--tags", "stage1,stage2", "--junit", junit.toString())
            .expect(0);
    assertTrue(ok.out().endsWith("\n8 passed, 0 failed\n"), ok.out());
    assertTrue(!ok.out().contains("web on 8081"), ok.out());

    Lab.cli("check", file.toString(), "--tags", "broken", "--junit", junit.toString()).expect(1);
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    Element suites = doc.getDocumentElement();
    assertEquals("testsuites", suites.getTagName());
    NodeList suiteList = suites.getElementsByTagName("testsuite");
    assertEquals(1, suiteList.getLength());
    Element suite = (Element) suiteList.item(0);
    assertEquals(lab, suite.getAttribute("name"));
    assertEquals("7", suite.getAttribute("tests"));
    assertEquals("7", suite.getAttribute("failures"));
    assertEquals("0", suite.getAttribute("skipped"));
    NodeList cases = suite.getElementsByTagName("testcase");
    assertEquals(7, cases.getLength());
    Element first = (Element) cases.item(0);
    assertEquals("web on 8081", first.getAttribute("name"));
    assertEquals(lab + ".tcp_connect", first.getAttribute("classname"));
    Element failure = (Element) first.getElementsByTagName("failure").item(0);
    assertEquals(
        a + " -> 10.213.0.2:8081: closed (connection refused) (expected open)",
        failure.getAttribute("message"));
    assertTrue(failure.getTextContent().startsWith(file + ":"), failure.getTextContent());
  }

  @Test
  void jsonHasEveryCheckWithItsFacts() throws Exception {
    Lab.Run r = Lab.cli("check", file.toString(), "--tags", "stage2", "--json").expect(0);
    JsonNode doc = new ObjectMapper().readTree(r.out());
    assertEquals(lab, doc.path("lab").asText());
    assertEquals(3, doc.path("passed").asInt());
    JsonNode web = doc.path("checks").get(2);
    assertEquals("http_get", web.path("type").asText());
    assertEquals("pass", web.path("status").asText());
    assertEquals(200, web.path("facts").path("status").asInt());
    assertEquals("status 200, body contains it", web.path("facts").path("seen").asText());
  }

  /**
   * http_get by name: the name is looked up as inside the namespace, in its own hosts file
   * (/etc/netns/NS/hosts, which `ip netns exec` binds over /etc/hosts), not in the machine's; the
   * Host header is the name. The test writes a's hosts file, as a teacher or student would.
   */
  @Test
  void httpGetByNameUsesTheNamespacesHostsFile() throws Exception {
    Path etc = Path.of("/etc/netns");
    boolean madeEtc = !Files.exists(etc);
    Path hosts = etc.resolve(a).resolve("hosts");
    Files.createDirectories(hosts.getParent());
    try {
      Files.writeString(hosts, "# the test's\n10.213.0.99 www\n10.213.0.2 www web.example\n");
      Path p = dir.resolve("names.yml");
      Files.writeString(
          p,
          String.join(
              "\n",
              "name: " + lab,
              "tasks:",
              "  - name: by name",
              "    http_get: { from: "
                  + a
                  + ", url: \"http://Web.Example:8080/\", contains: hello student }",
              "  - name: first address refused, the next one answers",
              "    http_get: { from: " + a + ", url: \"http://www:8080/\", timeout: 500 }",
              "  - name: not in the namespace's file",
              "    http_get: { from: " + a + ", url: \"http://localhost:8080/\" }",
              ""));
      String before = snapshot();
      Lab.Run r = Lab.cli("check", p.toString(), "--json").expect(1);
      assertEquals(before, snapshot(), "a check changed the kernel");
      JsonNode doc = new ObjectMapper().readTree(r.out());
      JsonNode byName = doc.path("checks").get(0);
      assertEquals("pass", byName.path("status").asText(), r.out());
      assertEquals(
          a
              + " -> GET http://Web.Example:8080/: Web.Example is 10.213.0.2, status 200, body"
              + " contains it",
          byName.path("message").asText());
      assertEquals("10.213.0.2", byName.path("facts").path("address").asText());
      assertEquals(hosts.toString(), byName.path("facts").path("hosts_file").asText());
      JsonNode next = doc.path("checks").get(1);
      assertEquals("pass", next.path("status").asText(), r.out());
      assertEquals("10.213.0.2", next.path("facts").path("address").asText());
      // localhost is in the machine's /etc/hosts, but a program in a reads a's own file.
      JsonNode missing = doc.path("checks").get(2);
      assertEquals("fail", missing.path("status").asText(), r.out());
      assertEquals(
          a
              + " -> GET http://localhost:8080/: no address for localhost in "
              + hosts
              + " (expected status 200)",
          missing.path("message").asText());
      // The requests reached the test's server.
      assertTrue(log().contains("GET / HTTP/1.1"), log());
    } finally {
      Files.deleteIfExists(hosts);
      Files.deleteIfExists(hosts.getParent());
      if (madeEtc) {
        try {
          Files.deleteIfExists(etc);
        } catch (java.nio.file.DirectoryNotEmptyException othersUseIt) {
          // another namespace's files: not ours
        }
      }
    }
  }

  @Test
  void invalidInputIsExitTwoAndLocated() throws Exception {
    Path bad = dir.resolve("bad.yml");
    Files.writeString(
        bad,
        "name: " + lab + "\ntasks:\n  - tcp_connect: { from: " + a + ", to: 10.0.0.1, port: 0 }\n");
    Lab.Run r = Lab.cli("check", bad.toString()).expect(2);
    assertTrue(r.err().contains(bad + ":3:"), r.err());
    assertTrue(r.err().contains("port must be between 1 and 65535, got 0"), r.err());
    Lab.cli("check", file.toString(), "--tags", "nothing-has-this").expect(2);
  }

  @Test
  void commandsRunInParallelAndAreKilledAtTheirTimeout() throws Exception {
    Path p = dir.resolve("slow.yml");
    Files.writeString(
        p,
        String.join(
            "\n",
            "name: " + lab,
            "vars:",
            "  pause: \"0.5\"",
            "tasks:",
            "  - name: sleeper",
            "    command: { netns: " + a + ", argv: [sleep, \"${pause}\"], timeout: 4000 }",
            "    loop: [1, 2, 3, 4, 5, 6]",
            "  - name: too slow",
            "    command: { netns: " + a + ", argv: [sleep, \"30\"], timeout: 300 }",
            "  - name: no such program",
            "    command: { netns: " + a + ", argv: [nsplay-no-such-program] }",
            ""));
    long t0 = System.nanoTime();
    Lab.Run r = Lab.cli("check", p.toString()).expect(1);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertTrue(r.out().endsWith("\n6 passed, 2 failed\n"), r.out());
    assertLine(r.out(), "FAIL  too slow: sleep 30 in " + a + ": killed after 300 ms");
    assertLine(r.out(), "FAIL  no such program: spawn nsplay-no-such-program");
    // Six half-second sleeps in parallel, not one after the other (3 s).
    assertTrue(ms < 2900, "took " + ms + " ms:\n" + r.out());
  }
}

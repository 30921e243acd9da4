package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The classroom of README's "One lab per student", end to end with the example
 * playbooks/classroom.yml (its lab renamed and its namespaces prefixed for this run): a teacher
 * brings up three instances, student 2's {@code nsplay check --junit} fails with a message that
 * says what to fix, the student fixes it with {@code nsplay exec ... ip route add}, the check
 * passes, the JUnit XML reads back with a real XML parser, the other students' labs are untouched,
 * no check changed the kernel (ip -j and nft -j snapshots of every instance's namespaces), and one
 * {@code down --lab 'NAME-*'} leaves nothing.
 */
class ClassroomIT {
  @TempDir Path dir;
  private Lab lab;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      Lab.cli("down", "--lab", lab.name + "-*");
      lab.close();
    }
  }

  private List<String> namespaces() {
    return TestNet.netnsList().stream().filter(n -> n.startsWith(lab.name)).sorted().toList();
  }

  private List<String> ns(String... more) {
    List<String> all = new ArrayList<>(namespaces());
    all.addAll(List.of(more));
    return all;
  }

  /** {@code nsplay check FILE --instance ID --junit PATH} with the run's -e p=... */
  private Lab.Run check(int instance, Path junit) {
    return Lab.cli(
        "check",
        "-e",
        "p=" + lab.name + "-",
        "--instance",
        "" + instance,
        "--junit",
        junit.toString(),
        lab.file.toString());
  }

  /** The JUnit document parsed by the JDK's DOM parser: one testsuite, its testcases by name. */
  private static Element suite(Path junit, String name, int tests, int failures) throws Exception {
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(junit.toFile());
    Element root = doc.getDocumentElement();
    assertEquals("testsuites", root.getTagName());
    NodeList suites = root.getElementsByTagName("testsuite");
    assertEquals(1, suites.getLength(), "one testsuite per lab");
    Element suite = (Element) suites.item(0);
    assertEquals(name, suite.getAttribute("name"));
    assertEquals("" + tests, suite.getAttribute("tests"));
    assertEquals("" + failures, suite.getAttribute("failures"));
    assertEquals("0", suite.getAttribute("errors"));
    assertEquals("0", suite.getAttribute("skipped"));
    assertEquals(tests, suite.getElementsByTagName("testcase").getLength(), "testcase per check");
    assertEquals(failures, suite.getElementsByTagName("failure").getLength());
    return suite;
  }

  private static Element testcase(Element suite, String name) {
    NodeList cases = suite.getElementsByTagName("testcase");
    for (int i = 0; i < cases.getLength(); i++) {
      Element c = (Element) cases.item(i);
      if (c.getAttribute("name").equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no testcase " + name);
  }

  private static String failure(Element testcase) {
    NodeList f = testcase.getElementsByTagName("failure");
    return f.getLength() == 0 ? null : ((Element) f.item(0)).getAttribute("message");
  }

  @Test
  void studentTwoFixesTheRouteAndOnlyTheirCheckTurnsToPass() throws Exception {
    lab = new Lab("room");
    String text = Files.readString(SeedLabIT.playbooks().resolve("classroom.yml"));
    // Not through Lab.playbook: its {p} expansion would rewrite the playbook's own ${p}.
    lab.file = dir.resolve("classroom.yml");
    Files.writeString(lab.file, text.replaceFirst("(?m)^name: \\S+$", "name: " + lab.name));

    Lab.cli(
            "up",
            "--host-netns",
            lab.host,
            "-e",
            "p=" + lab.name + "-",
            "--instances",
            "1-3",
            lab.file.toString())
        .expect(0);
    assertEquals(9, namespaces().size(), namespaces().toString());
    String a2 = lab.name + "-s2-a";
    String b2 = lab.name + "-s2-b";
    TestNet.settle(ns(lab.host));

    // Student 2 before the fix: exit 1, and a message that says which route is missing.
    Path junit = dir.resolve("out.xml");
    String before = TestNet.kernelSnapshot(ns(lab.host));
    Lab.Run failing = check(2, junit).expect(1);
    assertEquals(before, TestNet.kernelSnapshot(ns(lab.host)), "a check changed the kernel");
    List<String> lines = failing.out().lines().toList();
    assertEquals(
        "CHECK " + lab.name + "-2 (host: netns " + lab.host + ")", lines.get(0), failing.out());
    assertTrue(
        lines.get(1).startsWith("PASS  a reaches its router: " + a2 + " -> 10.0.8.1: 1/1 replies"),
        failing.out());
    String noRoute =
        "route to 10.0.8.10 in " + b2 + ": no route (ENETUNREACH) (expected via 10.0.9.1)";
    assertEquals("FAIL  b routes LAN A through the router: " + noRoute, lines.get(2));
    String noReply = a2 + " -> 10.0.9.10: 0/1 replies (expected reachable)";
    assertEquals("FAIL  a reaches b through the router: " + noReply, lines.get(3));
    assertEquals("1 passed, 2 failed", lines.get(4));
    assertEquals(5, lines.size(), failing.out());
    Element suite = suite(junit, lab.name + "-2", 3, 2);
    assertEquals(null, failure(testcase(suite, "a reaches its router")));
    Element route = testcase(suite, "b routes LAN A through the router");
    assertEquals(lab.name + "-2.route_lookup", route.getAttribute("classname"));
    assertEquals(noRoute, failure(route));
    String where = route.getElementsByTagName("failure").item(0).getTextContent();
    assertTrue(where.startsWith(lab.file + ":"), where);
    assertEquals(noReply, failure(testcase(suite, "a reaches b through the router")));

    // The student's fix, with their own tool inside their namespace, through nsplay exec.
    Lab.jar(Map.of(), "exec", b2, "--", "ip", "route", "add", "default", "via", "10.0.9.1")
        .expect(0);

    before = TestNet.kernelSnapshot(ns(lab.host));
    Lab.Run passing = check(2, junit).expect(0);
    assertEquals(before, TestNet.kernelSnapshot(ns(lab.host)), "a check changed the kernel");
    assertTrue(passing.out().endsWith("\n3 passed, 0 failed\n"), passing.out());
    assertTrue(
        passing
            .out()
            .contains(
                "PASS  b routes LAN A through the router: route to 10.0.8.10 in "
                    + b2
                    + ": via 10.0.9.1 dev eth0\n"),
        passing.out());
    suite = suite(junit, lab.name + "-2", 3, 0);
    for (String name :
        List.of(
            "a reaches its router",
            "b routes LAN A through the router",
            "a reaches b through the router")) {
      assertEquals(null, failure(testcase(suite, name)), name);
    }

    // The other students' labs are untouched: their checks still fail, on the same route.
    for (int other : new int[] {1, 3}) {
      Path theirs = dir.resolve("out-" + other + ".xml");
      Lab.Run r = check(other, theirs).expect(1);
      assertTrue(r.out().endsWith("\n1 passed, 2 failed\n"), r.out());
      assertTrue(r.out().contains("FAIL  b routes LAN A through the router: route to "), r.out());
      suite(theirs, lab.name + "-" + other, 3, 2);
      assertFalse(
          TestNet.run("ip", "-n", lab.name + "-s" + other + "-b", "route").contains("default"));
    }

    Lab.cli("down", "--lab", lab.name + "-*").expect(0);
    assertEquals(List.of(), namespaces(), "namespaces left");
    for (int i = 1; i <= 3; i++) {
      assertFalse(Files.exists(Path.of("/run/nsplay", lab.name + "-" + i)), "state left");
    }
    assertEquals(List.of("lo"), TestNet.linkNames(lab.host), "links left in the host");
    assertEquals(List.of(), TestNet.nftTables(lab.host), "nft tables left in the host");
  }
}

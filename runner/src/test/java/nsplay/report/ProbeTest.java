package nsplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nsplay.kernel.RouteInfo;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.playbook.PlaybookLoader;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;

class ProbeTest {
  static LabModel seedModel(FakeKernel k) {
    return ModelBuilder.build("seed", k, ModelBuilderTest.seedJournal(), null, null);
  }

  @Test
  void targetsAreTheLabsIpv4AddressesThenGateways() {
    FakeKernel k = ModelBuilderTest.seed();
    // blue's gateway is on no lab interface (a broken lab): it is still a target.
    k.links("blue").delRoute(new RouteInfo(null, Ip.parse("192.168.15.5"), 2), true);
    k.ns.get("blue").route(null, "192.168.15.9", 2);
    LabModel m = seedModel(k);
    assertEquals(List.of("blue", "red"), Probe.sources(m));
    assertEquals(
        List.of(
            new LabModel.Target("192.168.15.5", null, "v-net-0"),
            new LabModel.Target("192.168.15.2", "blue", "veth-blue"),
            new LabModel.Target("192.168.15.1", "red", "veth-red"),
            new LabModel.Target("192.168.15.9", null, null)),
        Probe.targets(m),
        "no loopback, no link-local, no host address off the lab's links, red's gateway once");
  }

  /** The seed lab with IPv6 beside IPv4, as playbooks/dual-stack.yml makes it. */
  static FakeKernel dualStack() {
    FakeKernel k = ModelBuilderTest.seed();
    k.host().addr(2, "2001:db8:15::5/64").addr(1, "::1/128").route("2001:db8:15::/64", null, 2);
    k.ns.get("red").addr(2, "2001:db8:15::1/64").route("2001:db8:15::/64", null, 2);
    k.ns.get("red").route(null, "2001:db8:15::5", 2);
    k.ns.get("blue").addr(2, "2001:db8:15::2/64").route("2001:db8:15::/64", null, 2);
    k.ns.get("blue").route(null, "2001:db8:15::9", 2); // a gateway on no lab interface
    return k;
  }

  @Test
  void ipv6AddressesAndGatewaysAreTargetsButNotLinkLocalOrLoopback() {
    LabModel m = seedModel(dualStack());
    assertEquals(
        List.of(
            new LabModel.Target("192.168.15.5", null, "v-net-0"),
            new LabModel.Target("2001:db8:15::5", null, "v-net-0"),
            new LabModel.Target("192.168.15.2", "blue", "veth-blue"),
            new LabModel.Target("2001:db8:15::2", "blue", "veth-blue"),
            new LabModel.Target("192.168.15.1", "red", "veth-red"),
            new LabModel.Target("2001:db8:15::1", "red", "veth-red"),
            new LabModel.Target("2001:db8:15::9", null, null)),
        Probe.targets(m));
  }

  @Test
  void theReportShowsIpv6RoutesWithTheIpv6DefaultAsDefault6() {
    LabModel m = seedModel(dualStack());
    LabModel.Namespace red =
        m.namespaces().stream().filter(n -> "red".equals(n.name())).findFirst().orElseThrow();
    assertEquals(
        List.of(
            new LabModel.Route("192.168.15.0/24", null, "veth-red"),
            new LabModel.Route("default", "192.168.15.5", "veth-red"),
            new LabModel.Route("2001:db8:15::/64", null, "veth-red"),
            new LabModel.Route("default6", "2001:db8:15::5", "veth-red")),
        red.routes());
  }

  @Test
  void ipv6ProbesAndExpectationsWrittenInAnyCase() throws Exception {
    FakeKernel k = dualStack();
    List<Probe.Expectation> want =
        Probe.expectations(
            new PlaybookLoader(TaskRegistry.specs())
                .parse(
                    "t.yml",
                    "name: lab\ntasks:\n  - ping: { from: red, to: \"2001:DB8:15:0::2\" }\n"));
    assertEquals(List.of(new Probe.Expectation("red", "2001:db8:15::2", "reachable")), want);
    LabModel.Matrix m = Probe.probe(k, seedModel(k), want, 50);
    assertTrue(k.sent.contains("red 2001:db8:15::2"), k.sent.toString());
    int col = m.targets().indexOf(new LabModel.Target("2001:db8:15::2", "blue", "veth-blue"));
    assertEquals(new LabModel.Cell(true, 0.25, "reachable"), m.cells().get(1).get(col));
  }

  @Test
  void aDefaultRouteGuardsOnlyItsOwnVersion() {
    FakeKernel k = dualStack();
    // The host's IPv6 default route goes through the lab's bridge; its IPv4 one out of eth0.
    k.host().route(null, "2001:db8:15::7", 2);
    Probe.Guard g =
        new Probe.Guard(
            k.links(null).routes(true),
            k.links(null).routes(false),
            k.links(null).all(),
            seedModel(k));
    List<RouteInfo> none = List.of();
    assertTrue(g.safe(none, Ip.parse("2001:db8:99::1")), "IPv6 default through the lab");
    assertFalse(g.safe(none, Ip.parse("8.8.8.8")), "IPv4 default out of eth0");
    assertTrue(g.safe(none, Ip.parse("2001:db8:15::2")), "on the bridge's subnet");
  }

  @Test
  void probesEveryPairAndFillsExpectations() {
    FakeKernel k = ModelBuilderTest.seed();
    k.answers = (from, to) -> !(from.equals("red") && to.toString().equals("192.168.15.2"));
    List<Probe.Expectation> want =
        List.of(
            new Probe.Expectation("red", "192.168.15.2", "reachable"),
            new Probe.Expectation("blue", "192.168.15.5", "unreachable"));
    LabModel.Matrix m = Probe.probe(k, seedModel(k), want, 50);
    assertEquals(List.of("blue", "red"), m.sources());
    assertEquals(
        List.of(
            List.of(
                new LabModel.Cell(true, 0.25, "unreachable"),
                new LabModel.Cell(true, 0.25, null),
                new LabModel.Cell(true, 0.25, null)),
            List.of(
                new LabModel.Cell(true, 0.25, null),
                new LabModel.Cell(false, -1, "reachable"),
                new LabModel.Cell(true, 0.25, null))),
        m.cells());
    assertEquals(6, k.sent.size());
    assertEquals(2, CheckGrid.contradictions(m));
  }

  @Test
  void withoutAPlaybookNothingIsExpected() {
    FakeKernel k = ModelBuilderTest.seed();
    LabModel.Matrix m = Probe.probe(k, seedModel(k), null, 50);
    m.cells().forEach(row -> row.forEach(c -> assertNull(c.expected())));
  }

  @Test
  void neverSendsWhereTheHostWouldRouteOutOfTheLab() {
    FakeKernel k = ModelBuilderTest.seed();
    // A lab address the host routes out of eth0, held by a namespace no one is attached to.
    k.add("far").link(1, "lo", null, 0, 0, null).link(2, "dummy0", "dummy", 0, 0, null);
    k.ns.get("far").addr(2, "10.0.0.77/24").route("10.0.0.0/24", null, 2);
    List<nsplay.state.Entry> journal = new java.util.ArrayList<>(ModelBuilderTest.seedJournal());
    journal.add(new nsplay.state.Entry.Netns("far"));
    LabModel model = ModelBuilder.build("seed", k, journal, null, null);
    LabModel.Matrix m = Probe.probe(k, model, null, 50);
    assertEquals(List.of("blue", "far", "red"), m.sources());
    assertTrue(k.sent.contains("far 10.0.0.77"), "on its own subnet: sent");
    assertFalse(k.sent.contains("red 10.0.0.77"), "via the host's eth0: not sent");
    assertFalse(k.sent.contains("blue 10.0.0.77"));
    int col = m.targets().indexOf(new LabModel.Target("10.0.0.77", "far", "dummy0"));
    assertEquals(new LabModel.Cell(false, -1, null), m.cells().get(2).get(col));
  }

  @Test
  void guardDecidesByLongestPrefix() {
    FakeKernel k = ModelBuilderTest.seed();
    LabModel model = seedModel(k);
    Probe.Guard g =
        new Probe.Guard(
            k.links(null).routes(true), k.links(null).routes(false), k.links(null).all(), model);
    List<RouteInfo> none = List.of();
    assertTrue(g.safe(none, Ip.parse("192.168.15.2")), "the host routes it over the bridge");
    assertTrue(g.safe(none, Ip.parse("192.168.15.5")), "a host address of the lab");
    assertFalse(g.safe(none, Ip.parse("10.0.0.9")), "out of eth0");
    assertFalse(g.safe(none, Ip.parse("8.8.8.8")), "the host's default route is not the lab's");
    assertTrue(
        g.safe(List.of(new RouteInfo(Cidr.parse("10.0.0.0/24"), null, 2)), Ip.parse("10.0.0.9")),
        "on the source's own link");
  }

  @Test
  void expectationsAreLiteralUnconditionalPingTasks() throws Exception {
    var pb =
        new PlaybookLoader(TaskRegistry.specs())
            .parse(
                "t.yml",
                String.join(
                    "\n",
                    "name: lab",
                    "vars: { p: x }",
                    "tasks:",
                    "  - ping: { from: red, to: 10.0.0.2 }",
                    "  - ping: { from: red, to: 10.0.0.3, expect: unreachable }",
                    "  - ping: { from: \"${p}red\", to: 10.0.0.4 }",
                    "  - ping: { from: red, to: 10.0.0.5 }",
                    "    when: false",
                    "  - ping: { from: red, to: 10.0.0.2, expect: unreachable }",
                    "  - netns_add: { name: red }",
                    ""));
    assertEquals(
        List.of(
            new Probe.Expectation("red", "10.0.0.3", "unreachable"),
            new Probe.Expectation("red", "10.0.0.2", "unreachable")),
        Probe.expectations(pb),
        "the later task on a pair wins");
  }

  /** check says which ping tasks it did not judge, and why, instead of "3 of 3 hold". */
  @Test
  void ignoredExpectationsSayWhy() throws Exception {
    var pb =
        new PlaybookLoader(TaskRegistry.specs())
            .parse(
                "t.yml",
                String.join(
                    "\n",
                    "name: lab",
                    "vars: { p: x }",
                    "tasks:",
                    "  - name: a",
                    "    ping: { from: red, to: 10.0.0.2 }",
                    "  - name: b",
                    "    ping: { from: \"${p}red\", to: 10.0.0.4 }",
                    "  - name: c",
                    "    ping: { from: red, to: 10.0.0.5 }",
                    "    when: false",
                    "  - name: d",
                    "    ping: { from: red, to: 10.0.0.2, expect: unreachable }",
                    ""));
    assertEquals(
        List.of(
            "ping task \"b\": its from, to or expect is a template, known only when it runs",
            "ping task \"c\": it has a when: condition, so it may not hold after the run",
            "ping task \"a\": red -> 10.0.0.2 reachable is overridden by a later task that"
                + " expects it unreachable (\"d\"); the last one is what the lab shows after the"
                + " run"),
        Probe.ignoredExpectations(pb));
  }
}

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
        "no loopback, no IPv6, no host address off the lab's links, red's gateway once");
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
    Probe.Guard g = new Probe.Guard(k.links(null).routes(true), k.links(null).all(), model);
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
}

package nsplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import nsplay.kernel.Iface;
import nsplay.report.LabModel.Endpoint;
import nsplay.report.ModelBuilder.Side;
import nsplay.state.Entry;
import org.junit.jupiter.api.Test;

class ModelBuilderTest {
  static final String ALIAS = "nsplay:seed";

  static Iface veth(int index, String name, int peer) {
    return new Iface(index, name, "veth", true, 0, peer, null, 0);
  }

  /** The seed lab in memory, the host played by namespace "h", with some foreign links. */
  static FakeKernel seed() {
    FakeKernel k = new FakeKernel("h");
    k.host()
        .link(1, "lo", null, 0, 0, null)
        .link(2, "v-net-0", "bridge", 0, 0, ALIAS)
        .link(3, "veth-red-br", "veth", 2, 2, ALIAS)
        .link(4, "veth-blue-br", "veth", 2, 2, ALIAS)
        .link(5, "eth0", null, 0, 0, null)
        .link(6, "vethforeign", "veth", 0, 2, null)
        .addr(1, "127.0.0.1/8")
        .addr(2, "192.168.15.5/24")
        .addr(5, "10.0.0.5/24")
        .route("192.168.15.0/24", null, 2)
        .route("10.0.0.0/24", null, 5)
        .route(null, "10.0.0.1", 5);
    k.host().forward("1");
    k.host().nft("nsplay-seed", List.of("nsplay: masquerade 192.168.15.0/24 out eth0"));
    for (String[] ns : new String[][] {{"red", "3", ".1"}, {"blue", "4", ".2"}}) {
      k.add(ns[0])
          .link(1, "lo", null, 0, 0, null)
          .link(2, "veth-" + ns[0], "veth", 0, Integer.parseInt(ns[1]), ALIAS)
          .addr(1, "127.0.0.1/8")
          .addr(2, "192.168.15" + ns[2] + "/24")
          .addr(2, "fe80::" + ns[1] + "/64")
          .route("192.168.15.0/24", null, 2)
          .route(null, "192.168.15.5", 2)
          .route("fe80::/64", null, 2);
    }
    return k;
  }

  static List<Entry> seedJournal() {
    return List.of(
        new Entry.Lab("seed", "h", 7),
        new Entry.Netns("red"),
        new Entry.Netns("blue"),
        new Entry.Netns("gone"),
        new Entry.Link(null, "v-net-0"),
        new Entry.Link("red", "veth-red"),
        new Entry.NftTable(null, "ip", "nsplay-seed"),
        new Entry.Sysctl(null, "net.ipv4.ip_forward", "0", "1"));
  }

  /**
   * A lab in the in-memory kernel with every stacked kind: namespace "red" has a trunk veth (its
   * peer in "blue") with a vlan and a macvlan on it, and a bond of two dummies.
   */
  static LabModel stacked() {
    nsplay.kernel.DryRunKernel k = new nsplay.kernel.DryRunKernel();
    k.netnsAdd("red", ALIAS, x -> {});
    k.netnsAdd("blue", ALIAS, x -> {});
    nsplay.kernel.Links r = k.links("red");
    r.add("trunk", new nsplay.kernel.LinkSpec.Veth("trunk-p", "blue"), true, 0);
    r.add("v10", new nsplay.kernel.LinkSpec.Vlan("trunk", 10, "802.1q"), true, 0);
    r.add("mv0", new nsplay.kernel.LinkSpec.Macvlan("trunk", "bridge"), true, 0);
    int bond = r.add("bond0", new nsplay.kernel.LinkSpec.Bond("active-backup", 100), true, 0);
    for (String m : List.of("m1", "m2")) {
      r.setMaster(r.add(m, new nsplay.kernel.LinkSpec.Dummy(), false, 0), bond);
    }
    return ModelBuilder.build(
        "seed",
        k,
        List.of(new Entry.Lab("seed", null, 7), new Entry.Netns("red"), new Entry.Netns("blue")),
        null,
        null);
  }

  @Test
  void stackedLinksNameWhatTheyStandOnAndBondMembersTheirBond() {
    LabModel m = stacked();
    LabModel.Namespace red =
        m.namespaces().stream().filter(n -> n.name().equals("red")).findFirst().orElseThrow();
    Map<String, LabModel.Interface> by = new java.util.HashMap<>();
    red.interfaces().forEach(i -> by.put(i.name(), i));
    assertEquals("trunk", by.get("v10").lower());
    assertEquals("vlan 10", by.get("v10").label());
    assertEquals("trunk", by.get("mv0").lower());
    assertEquals("macvlan bridge", by.get("mv0").label());
    assertNull(by.get("trunk").lower(), "a veth's IFLA_LINK is its peer, not what it stands on");
    assertNull(by.get("bond0").lower());
    assertEquals("bond active-backup", by.get("bond0").label());
    assertEquals("bond0", by.get("m1").master());
    assertEquals("bond0", by.get("m2").master());
    assertEquals("dummy", by.get("m1").label());
  }

  @Test
  void readsTheSeedLab() {
    LabModel m = ModelBuilder.build("seed", seed(), seedJournal(), null, null);
    assertEquals("seed", m.lab());
    assertEquals("h", m.hostNetns());
    assertEquals(
        List.of("h", "blue", "red"),
        m.namespaces().stream().map(LabModel.Namespace::name).toList(),
        "the host first, then by name; a namespace that is gone is left out");
    LabModel.Namespace host = m.namespaces().get(0);
    assertEquals(true, host.isHost());
    assertEquals("1", host.forwarding());
    assertEquals(
        List.of("v-net-0", "veth-blue-br", "veth-red-br"),
        host.interfaces().stream().map(LabModel.Interface::name).toList(),
        "on the host only the lab's links");
    assertEquals(
        List.of(new LabModel.Route("192.168.15.0/24", null, "v-net-0")),
        host.routes(),
        "on the host only routes through the lab's links");
    LabModel.Interface br = host.interfaces().get(2);
    assertEquals(
        new LabModel.Interface(
            "veth-red-br",
            "veth",
            "UP",
            "02:00:00:00:00:03",
            "v-net-0",
            new Endpoint("red", "veth-red"),
            List.of()),
        br);

    LabModel.Namespace red = m.namespaces().get(2);
    assertEquals(
        List.of(
            new LabModel.Interface(
                "lo", "loopback", "UP", "02:00:00:00:00:01", null, null, List.of("127.0.0.1/8")),
            new LabModel.Interface(
                "veth-red",
                "veth",
                "UP",
                "02:00:00:00:00:02",
                null,
                new Endpoint(null, "veth-red-br"),
                List.of("192.168.15.1/24", "fe80::3/64"))),
        red.interfaces());
    assertEquals(
        List.of(
            new LabModel.Route("192.168.15.0/24", null, "veth-red"),
            new LabModel.Route("default", "192.168.15.5", "veth-red")),
        red.routes(),
        "the kernel's fe80::/64 route is left out");

    assertEquals(
        List.of(
            new LabModel.Bridge(
                null,
                "v-net-0",
                List.of("veth-blue-br", "veth-red-br"),
                List.of("192.168.15.5/24"))),
        m.bridges());
    assertEquals(
        List.of(
            new LabModel.VethPair(
                new Endpoint(null, "veth-blue-br"),
                List.of(),
                new Endpoint("blue", "veth-blue"),
                List.of("192.168.15.2/24", "fe80::4/64")),
            new LabModel.VethPair(
                new Endpoint(null, "veth-red-br"),
                List.of(),
                new Endpoint("red", "veth-red"),
                List.of("192.168.15.1/24", "fe80::3/64"))),
        m.vethPairs(),
        "each pair once, from the end that sorts first");
    assertEquals(
        List.of(
            new LabModel.Nat(
                null, "nsplay-seed", List.of("masquerade 192.168.15.0/24 out eth0"), "1")),
        m.nat(),
        "the rule's label without nsplay's mark");
    assertNull(m.lastRun());
    assertNull(m.matrix());
  }

  @Test
  void hostShowsPortsOfTheLabsBridgesAndPeersOfItsVeths() {
    FakeKernel k = seed();
    // A foreign link attached to the lab's bridge, and an unmarked host end of a lab veth.
    k.host().link(7, "foreign-port", "dummy", 2, 0, null);
    k.add("green").link(1, "lo", null, 0, 0, null).link(2, "veth-green", "veth", 0, 8, ALIAS);
    k.host().link(8, "veth-green-br", "veth", 0, 2, null);
    List<Entry> journal = new java.util.ArrayList<>(seedJournal());
    journal.add(new Entry.Netns("green"));
    LabModel m = ModelBuilder.build("seed", k, journal, null, null);
    assertEquals(
        List.of("foreign-port", "v-net-0", "veth-blue-br", "veth-green-br", "veth-red-br"),
        m.namespaces().get(0).interfaces().stream().map(LabModel.Interface::name).toList());
  }

  @Test
  void pairsVethsByMutualIndexes() {
    Side red = new Side("red", veth(2, "veth-red", 3));
    Side redBr = new Side(null, veth(3, "veth-red-br", 2));
    Side blue = new Side("blue", veth(2, "veth-blue", 4));
    Side blueBr = new Side(null, veth(4, "veth-blue-br", 2));
    Side lonely = new Side("blue", veth(9, "veth-lonely", 42));
    Map<Side, Endpoint> p =
        ModelBuilder.pairPeers(List.of(red, redBr, blue, blueBr, lonely), Map.of());
    assertEquals(new Endpoint(null, "veth-red-br"), p.get(red));
    assertEquals(new Endpoint("red", "veth-red"), p.get(redBr));
    assertEquals(new Endpoint(null, "veth-blue-br"), p.get(blue));
    assertEquals(new Endpoint("blue", "veth-blue"), p.get(blueBr));
    assertNull(p.get(lonely), "no veth has its peer index: no peer");
  }

  @Test
  void bothEndsInOneNamespacePair() {
    Side a = new Side("x", veth(5, "a", 6));
    Side b = new Side("x", veth(6, "b", 5));
    Map<Side, Endpoint> p = ModelBuilder.pairPeers(List.of(a, b), Map.of());
    assertEquals(new Endpoint("x", "b"), p.get(a));
    assertEquals(new Endpoint("x", "a"), p.get(b));
  }

  @Test
  void ambiguousIndexesGiveNoPeer() {
    // Two namespaces each have a veth 2 whose peer is 3; the host's veth 3 names peer 2.
    Side one = new Side("one", veth(2, "v1", 3));
    Side two = new Side("two", veth(2, "v2", 3));
    Side host = new Side(null, veth(3, "vh", 2));
    Map<Side, Endpoint> p = ModelBuilder.pairPeers(List.of(one, two, host), Map.of());
    assertNull(p.get(host));
    assertNull(p.get(one), "its only candidate is ambiguous from the other side");
    assertNull(p.get(two));
  }

  @Test
  void theJournalPicksAmongCoincidingIndexes() {
    // veth-pair.yml plus green joined to the host: every veth is index 2 with peer index 2.
    Side red = new Side("red", veth(2, "veth-red", 2));
    Side blue = new Side("blue", veth(2, "veth-blue", 2));
    Side green = new Side("green", veth(2, "veth-green", 2));
    Side greenH = new Side(null, veth(2, "green-h", 2));
    List<Side> all = List.of(red, blue, green, greenH);
    assertEquals(Map.of(), ModelBuilder.pairPeers(all, Map.of()), "ambiguous without the journal");
    List<Entry> journal =
        List.of(
            new Entry.Netns("red"),
            new Entry.Link(null, "v-net-0"),
            new Entry.Link("red", "veth-red"),
            new Entry.Link("blue", "veth-blue"),
            new Entry.Addr("red", "veth-red", "192.168.15.1/24"),
            new Entry.Link("green", "veth-green"),
            new Entry.Link(null, "green-h"));
    Map<String, String> hints = ModelBuilder.journalPairs(journal, all);
    Map<Side, Endpoint> p = ModelBuilder.pairPeers(all, hints);
    assertEquals(new Endpoint("blue", "veth-blue"), p.get(red));
    assertEquals(new Endpoint("red", "veth-red"), p.get(blue));
    assertEquals(new Endpoint(null, "green-h"), p.get(green));
    assertEquals(new Endpoint("green", "veth-green"), p.get(greenH));
  }

  @Test
  void journalPairsFollowMoves() {
    Side a = new Side("x", veth(2, "a", 3));
    Side b = new Side("y", veth(3, "b", 2));
    List<Entry> journal =
        List.of(
            new Entry.Link(null, "a"),
            new Entry.Link("y", "b"),
            new Entry.LinkMove("a", null, "x"));
    assertEquals(
        Map.of("x\0a", "y\0b", "y\0b", "x\0a"), ModelBuilder.journalPairs(journal, List.of(a, b)));
  }

  @Test
  void aPeerMustBeAVeth() {
    Side v = new Side("x", veth(2, "v", 3));
    Side notVeth = new Side(null, new Iface(3, "br", "bridge", true, 0, 2, null, 0));
    assertEquals(Map.of(), ModelBuilder.pairPeers(List.of(v, notVeth), Map.of()));
  }

  @Test
  void kinds() {
    assertEquals("loopback", ModelBuilder.kind(new Iface(1, "lo", null, true, 0, 0, null, 0)));
    assertEquals("device", ModelBuilder.kind(new Iface(2, "eth0", null, true, 0, 0, null, 0)));
    assertEquals("bridge", ModelBuilder.kind(new Iface(3, "b", "bridge", true, 0, 0, null, 0)));
  }

  @Test
  void lastRunFromItsJson() {
    Map<String, Object> json =
        Map.of(
            "started_at",
            "2026-01-01T00:00:00Z",
            "tasks",
            List.of(
                Map.of(
                    "task",
                    "namespace red",
                    "status",
                    "changed",
                    "duration_ms",
                    3,
                    "message",
                    "created")),
            "recap",
            Map.of("ok", 1, "changed", 2, "failed", 0, "skipped", 3, "ignored", 0));
    assertEquals(
        new LabModel.LastRun(
            "2026-01-01T00:00:00Z",
            List.of(new LabModel.TaskRun("namespace red", null, "changed", 3, "created")),
            1,
            2,
            0,
            3),
        ModelBuilder.lastRun(json));
    assertNull(ModelBuilder.lastRun(null));
  }
}

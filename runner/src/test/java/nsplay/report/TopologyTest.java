package nsplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class TopologyTest {
  /** Parses without fetching anything: no DTDs, no external entities. */
  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature("http://xml.org/sax/features/external-general-entities", false);
    f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
  }

  static List<Element> withClass(Document d, String cls) {
    List<Element> out = new ArrayList<>();
    NodeList all = d.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
        out.add(e);
      }
    }
    return out;
  }

  private static void check(LabModel m) throws Exception {
    String svg = Topology.svg(m);
    Document d = parse(svg);
    assertEquals("svg", d.getDocumentElement().getLocalName());
    assertEquals("http://www.w3.org/2000/svg", d.getDocumentElement().getNamespaceURI());
    List<String> labNs =
        m.namespaces().stream().filter(n -> !n.isHost()).map(LabModel.Namespace::name).toList();
    List<Element> netns = withClass(d, "netns");
    assertEquals(labNs, netns.stream().map(e -> e.getAttribute("data-name")).toList());
    netns.forEach(e -> assertEquals("g", e.getLocalName()));
    List<Element> veth = withClass(d, "veth");
    assertEquals(m.vethPairs().size(), veth.size());
    for (int i = 0; i < veth.size(); i++) {
      LabModel.VethPair p = m.vethPairs().get(i);
      assertEquals(p.a().netns() + ":" + p.a().name(), veth.get(i).getAttribute("data-a"));
      assertEquals("host:" + p.b().name(), veth.get(i).getAttribute("data-b"));
      assertTrue(veth.get(i).getAttribute("d").startsWith("M"));
    }
    // Self-contained: nothing to run, nothing to fetch.
    assertFalse(svg.contains("<script"), svg);
    assertFalse(svg.contains("href"), svg);
    assertFalse(svg.contains("url("), svg);
    assertFalse(svg.contains("@import"), svg);
    assertEquals(1, svg.split("http", -1).length - 1, "only the namespace URI: " + svg);
  }

  @Test
  void seedLab() throws Exception {
    check(Fixtures.seed());
    String svg = Topology.svg(Fixtures.seed());
    assertEquals(1, withClass(parse(svg), "bridge").size());
    assertTrue(svg.contains(">v-net-0 192.168.15.5/24  (bridge)<"), svg);
    assertTrue(svg.contains(">veth-red 192.168.15.1/24<"), svg);
    assertTrue(svg.contains(">default via 192.168.15.5<"), svg);
    assertTrue(svg.contains(">veth-red-br<"), svg);
    assertTrue(svg.contains("class=\"uplink\" data-name=\"eth0\""), svg);
    assertTrue(svg.contains(">eth0 (uplink)<"), svg);
    assertTrue(svg.contains("oifname &quot;eth0&quot; masquerade"), svg);
  }

  @Test
  void fiftyNamespacesWrapIntoRows() throws Exception {
    LabModel m = Fixtures.many(50);
    check(m);
    Document d = parse(Topology.svg(m));
    int width = Integer.parseInt(d.getDocumentElement().getAttribute("width"));
    assertTrue(width <= 1240, "width " + width);
    // Boxes are laid out in several rows, none overlapping another.
    List<double[]> boxes = new ArrayList<>();
    for (Element g : withClass(d, "netns")) {
      Element r = (Element) g.getElementsByTagNameNS("*", "rect").item(0);
      boxes.add(
          new double[] {
            Double.parseDouble(r.getAttribute("x")),
            Double.parseDouble(r.getAttribute("y")),
            Double.parseDouble(r.getAttribute("width")),
            Double.parseDouble(r.getAttribute("height"))
          });
    }
    assertTrue(boxes.stream().mapToDouble(b -> b[1]).distinct().count() >= 5);
    for (int i = 0; i < boxes.size(); i++) {
      double[] a = boxes.get(i);
      assertTrue(a[0] >= 0 && a[0] + a[2] <= width, "box " + i + " inside");
      for (int j = i + 1; j < boxes.size(); j++) {
        double[] b = boxes.get(j);
        boolean apart =
            a[0] + a[2] <= b[0]
                || b[0] + b[2] <= a[0]
                || a[1] + a[3] <= b[1]
                || b[1] + b[3] <= a[1];
        assertTrue(apart, "boxes " + i + " and " + j + " overlap");
      }
    }
  }

  @Test
  void namesAreEscapedAndLongLabelsCut() throws Exception {
    String bad = "a<b&c>\"'";
    String longName = "n".repeat(90);
    LabModel m = Fixtures.seed(bad, longName);
    check(m);
    String svg = Topology.svg(m);
    assertTrue(svg.contains("data-name=\"a&lt;b&amp;c&gt;&quot;&#39;\""), svg);
    assertTrue(svg.contains("<title>" + longName + "</title>"), svg);
    assertTrue(svg.contains("\u2026</text>"), svg);
    assertFalse(svg.contains(longName + "</text>"), svg);
  }

  /** An impaired link shows its netem under it. */
  @Test
  void stackedLinksSayWhatTheyStandOnAndBondMembersTheirBond() throws Exception {
    String svg = Topology.svg(ModelBuilderTest.stacked());
    assertEquals("svg", parse(svg).getDocumentElement().getLocalName());
    assertTrue(svg.contains(">  vlan 10 on trunk<"), svg);
    assertTrue(svg.contains(">  macvlan bridge on trunk<"), svg);
    assertTrue(svg.contains(">  port of bond0<"), svg);
    assertEquals(2, svg.split(">  port of bond0<", -1).length - 1, "m1 and m2");
  }

  @Test
  void anImpairedLinkShowsItsNetem() throws Exception {
    LabModel seed = Fixtures.seed();
    List<LabModel.Namespace> ns =
        seed.namespaces().stream()
            .map(
                n ->
                    new LabModel.Namespace(
                        n.name(),
                        n.isHost(),
                        n.interfaces().stream()
                            .map(
                                i ->
                                    i.name().equals("veth-red")
                                        ? new LabModel.Interface(
                                            i.name(),
                                            i.kind(),
                                            i.state(),
                                            i.mac(),
                                            i.master(),
                                            i.peer(),
                                            i.addresses(),
                                            "netem delay 50ms loss 1%")
                                        : i)
                            .toList(),
                        n.routes(),
                        n.forwarding()))
            .toList();
    LabModel m =
        new LabModel(
            seed.lab(),
            seed.hostNetns(),
            seed.generatedAt(),
            ns,
            seed.bridges(),
            seed.vethPairs(),
            seed.nat(),
            seed.lastRun(),
            seed.matrix());
    check(m);
    assertTrue(Topology.svg(m).contains("netem delay 50ms loss 1%"));
  }

  @Test
  void emptyLabIsStillAPicture() throws Exception {
    LabModel m =
        new LabModel("none", "hostns", "t", List.of(), List.of(), List.of(), List.of(), null, null);
    Document d = parse(Topology.svg(m));
    assertEquals(0, withClass(d, "netns").size());
    assertEquals(1, withClass(d, "host").size());
  }

  @Test
  void pairsBetweenNamespacesAndOnTheHostAreDrawnToo() throws Exception {
    LabModel s = Fixtures.seed();
    List<LabModel.VethPair> pairs = new ArrayList<>(s.vethPairs());
    pairs.add(
        new LabModel.VethPair(
            new LabModel.Endpoint("red", "to-blue"),
            List.of("10.9.0.1/30"),
            new LabModel.Endpoint("blue", "to-red"),
            List.of("10.9.0.2/30")));
    pairs.add(
        new LabModel.VethPair(
            new LabModel.Endpoint(null, "h1"),
            List.of(),
            new LabModel.Endpoint(null, "h2"),
            List.of()));
    LabModel m =
        new LabModel(
            s.lab(),
            null,
            s.generatedAt(),
            s.namespaces(),
            s.bridges(),
            pairs,
            s.nat(),
            null,
            null);
    List<Element> veth = withClass(parse(Topology.svg(m)), "veth");
    assertEquals(4, veth.size());
    assertEquals("red:to-blue", veth.get(2).getAttribute("data-a"));
    assertEquals("blue:to-red", veth.get(2).getAttribute("data-b"));
    assertEquals("host:h2", veth.get(3).getAttribute("data-b"));
  }

  @Test
  void linkLocalAddressesAreNotDrawnOnTheEdges() throws Exception {
    String svg = Topology.svg(Fixtures.seedWithLinkLocal());
    parse(svg);
    assertFalse(svg.contains("fe80"), svg);
    assertTrue(svg.contains("192.168.15.1/24"), svg);
  }

  @Test
  void forwardingOffIsSaidOff() throws Exception {
    LabModel s = Fixtures.seed();
    List<LabModel.Namespace> namespaces = new ArrayList<>();
    for (LabModel.Namespace n : s.namespaces()) {
      namespaces.add(
          n.isHost() ? new LabModel.Namespace(n.name(), true, n.interfaces(), n.routes(), "0") : n);
    }
    LabModel m =
        new LabModel(
            s.lab(),
            s.hostNetns(),
            s.generatedAt(),
            namespaces,
            s.bridges(),
            s.vethPairs(),
            List.of(new LabModel.Nat(null, "nsplay-seed", List.of(Fixtures.NAT_RULE), "0")),
            s.lastRun(),
            s.matrix());
    String svg = Topology.svg(m);
    assertTrue(svg.contains("forwarding off"), svg);
    assertFalse(svg.contains("forwarding 0"), svg);
  }
}

package nsplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GraphTest {
  @Test
  void seedAsDot() {
    assertEquals(
        """
        graph "seed" {
          graph [fontname="Helvetica", rankdir=TB, nodesep=0.5];
          node [fontname="Helvetica", fontsize=11, shape=box, style="rounded"];
          edge [fontname="Helvetica", fontsize=9];
          subgraph "cluster_host" {
            label="host";
            style="rounded,filled";
            fillcolor="#f1f5f9";
            "bridge/v-net-0" [label="v-net-0\\n192.168.15.5/24", style="filled", fillcolor="#bfdbfe"];
            "uplink/eth0" [label="eth0 (uplink)\\nip saddr 192.168.15.0/24 oifname \\"eth0\\" masquerade comment \\"nsplay:seed\\"", shape=cds, style="filled", fillcolor="#ffedd5"];
          }
          "netns/red" [label="red", style="rounded,filled", fillcolor="#dcfce7"];
          "netns/blue" [label="blue", style="rounded,filled", fillcolor="#dcfce7"];
          "netns/red" -- "bridge/v-net-0" [label="veth-red 192.168.15.1/24\\nveth-red-br"];
          "netns/blue" -- "bridge/v-net-0" [label="veth-blue 192.168.15.2/24\\nveth-blue-br"];
        }
        """,
        Graph.dot(Fixtures.seed()));
  }

  @Test
  void seedAsMermaid() {
    assertEquals(
        """
        graph LR
          subgraph H ["host"]
            b0["v-net-0<br/>192.168.15.5/24"]
            u0>"eth0 (uplink)<br/>ip saddr 192.168.15.0/24 oifname #34;eth0#34; masquerade comment #34;nsplay:seed#34;"]
          end
          n0["red"]
          n1["blue"]
          n0 ---|"veth-red 192.168.15.1/24 \u2194 veth-red-br"| b0
          n1 ---|"veth-blue 192.168.15.2/24 \u2194 veth-blue-br"| b0
        """,
        Graph.mermaid(Fixtures.seed()));
  }

  @Test
  void namesAreQuotedSafely() {
    String bad = "x\"] --> evil[\"\\|`#;\nz";
    String dot = Graph.dot(Fixtures.seed(bad, "blue"));
    assertTrue(dot.contains("\"netns/x\\\"] --> evil[\\\"\\\\|`#;\\nz\" [label="), dot);
    String mm = Graph.mermaid(Fixtures.seed(bad, "blue"));
    assertTrue(
        mm.contains("  n0[\"x#34;#93; --#62; evil#91;#34;\\#124;#96;#35;#59;<br/>z\"]\n"), mm);
    // Every label is one quoted string: no quote, bracket or pipe of the name survives raw.
    assertFalse(mm.contains("evil["), mm);
    assertEquals(mm.lines().count(), Graph.mermaid(Fixtures.seed()).lines().count());
  }

  @Test
  void fiftyNamespaces() {
    String dot = Graph.dot(Fixtures.many(50));
    String mm = Graph.mermaid(Fixtures.many(50));
    assertEquals(50, dot.lines().filter(l -> l.contains(" -- ")).count());
    assertEquals(50, mm.lines().filter(l -> l.contains(" ---|")).count());
    assertTrue(mm.contains("  n49[\"ns50\"]\n"), mm);
  }

  @Test
  void linkLocalAddressesAreNotDrawn() {
    LabModel m = Fixtures.seedWithLinkLocal();
    assertFalse(Graph.dot(m).contains("fe80"), Graph.dot(m));
    assertFalse(Graph.mermaid(m).contains("fe80"), Graph.mermaid(m));
    assertTrue(Graph.mermaid(m).contains("192.168.15.1/24"), Graph.mermaid(m));
  }

  @Test
  void stackedLinksAndBondMembersAsDot() {
    // In the namespace's cluster: a dashed edge from each vlan or macvlan to its parent, labelled
    // with its kind, and one from each bond member to its bond.
    assertEquals(
        """
        graph "seed" {
          graph [fontname="Helvetica", rankdir=TB, nodesep=0.5];
          node [fontname="Helvetica", fontsize=11, shape=box, style="rounded"];
          edge [fontname="Helvetica", fontsize=9];
          subgraph "cluster_host" {
            label="host";
            style="rounded,filled";
            fillcolor="#f1f5f9";
          }
          "netns/blue" [label="blue", style="rounded,filled", fillcolor="#dcfce7"];
          subgraph "cluster_netns/red" {
            label="";
            style="rounded,dashed";
            "netns/red" [label="red", style="rounded,filled", fillcolor="#dcfce7"];
            "if/red/m1" [label="m1\\ndummy", shape=ellipse, fontsize=9];
            "if/red/bond0" [label="bond0\\nbond active-backup", shape=ellipse, fontsize=9];
            "if/red/m2" [label="m2\\ndummy", shape=ellipse, fontsize=9];
            "if/red/mv0" [label="mv0", shape=ellipse, fontsize=9];
            "if/red/trunk" [label="trunk", shape=ellipse, fontsize=9];
            "if/red/v10" [label="v10", shape=ellipse, fontsize=9];
            "if/red/m1" -- "if/red/bond0" [label="bond port"];
            "if/red/m2" -- "if/red/bond0" [label="bond port"];
            "if/red/mv0" -- "if/red/trunk" [label="macvlan bridge", style=dashed];
            "if/red/v10" -- "if/red/trunk" [label="vlan 10", style=dashed];
          }
          "netns/blue" -- "netns/red" [label="trunk-p\\ntrunk"];
        }
        """,
        Graph.dot(ModelBuilderTest.stacked()));
  }

  @Test
  void stackedLinksAndBondMembersAsMermaid() {
    assertEquals(
        """
        graph LR
          subgraph H ["host"]
          end
          n0["blue"]
          subgraph Sn1 ["red"]
            n1["red"]
            i0("m1<br/>dummy")
            i1("bond0<br/>bond active-backup")
            i2("m2<br/>dummy")
            i3("mv0")
            i4("trunk")
            i5("v10")
            i0 ---|"bond port"| i1
            i2 ---|"bond port"| i1
            i3 -.->|"macvlan bridge"| i4
            i5 -.->|"vlan 10"| i4
          end
          n0 ---|"trunk-p \u2194 trunk"| n1
        """,
        Graph.mermaid(ModelBuilderTest.stacked()));
  }
}

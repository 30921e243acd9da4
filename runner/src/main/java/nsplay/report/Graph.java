package nsplay.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topology as text for other tools: Graphviz DOT ({@code nsplay graph | dot -Tsvg}) and a
 * Mermaid {@code graph LR} that GitHub renders in Markdown. Lab namespaces are boxes, host bridges
 * nodes inside the host's cluster, veth pairs edges labelled with both ends' names and addresses. A
 * namespace (or the host) with stacked links or bonds gets a cluster in which each vlan or macvlan
 * has a dashed edge to its parent, labelled with its kind ({@code vlan 10}), and each bond member
 * an edge to its bond.
 */
public final class Graph {
  private static final Pattern OIFNAME = Pattern.compile("oifname \"?([^\"\\s]+)\"?");

  private Graph() {}

  /** Graphviz DOT: an undirected graph, the host a cluster. */
  public static String dot(LabModel m) {
    View v = new View(m);
    StringBuilder sb = new StringBuilder();
    sb.append("graph ").append(q(m.lab())).append(" {\n");
    sb.append("  graph [fontname=\"Helvetica\", rankdir=TB, nodesep=0.5];\n");
    sb.append("  node [fontname=\"Helvetica\", fontsize=11, shape=box, style=\"rounded\"];\n");
    sb.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
    sb.append("  subgraph \"cluster_host\" {\n");
    sb.append("    label=").append(q(v.hostLabel())).append(";\n");
    sb.append("    style=\"rounded,filled\";\n");
    sb.append("    fillcolor=\"#f1f5f9\";\n");
    for (LabModel.Bridge b : v.hostBridges) {
      sb.append("    ")
          .append(q(v.bridgeId(b.name())))
          .append(" [label=")
          .append(q(lines(b.name(), String.join(", ", routable(b.addresses())))))
          .append(", style=\"filled\", fillcolor=\"#bfdbfe\"];\n");
    }
    if (v.needsHostNode) {
      sb.append("    \"host\" [label=").append(q(v.hostLabel())).append(", shape=box3d];\n");
    }
    for (String u : v.uplinks.keySet()) {
      sb.append("    ")
          .append(q("uplink/" + u))
          .append(" [label=")
          .append(q(lines(u + " (uplink)", String.join("\n", v.uplinks.get(u)))))
          .append(", shape=cds, style=\"filled\", fillcolor=\"#ffedd5\"];\n");
    }
    for (LabModel.Namespace ns : v.hostSpaces) {
      dotStacks(sb, "    ", "host", ns);
    }
    sb.append("  }\n");
    for (LabModel.Namespace ns : v.spaces) {
      List<HostView.Stack> st = HostView.stacks(ns);
      String in = st.isEmpty() ? "  " : "    ";
      if (!st.isEmpty()) {
        sb.append("  subgraph ").append(q("cluster_netns/" + ns.name())).append(" {\n");
        sb.append("    label=\"\";\n");
        sb.append("    style=\"rounded,dashed\";\n");
      }
      sb.append(in)
          .append(q("netns/" + ns.name()))
          .append(" [label=")
          .append(q(ns.name()))
          .append(", style=\"rounded,filled\", fillcolor=\"#dcfce7\"];\n");
      if (!st.isEmpty()) {
        dotStacks(sb, in, ns.name(), ns);
        sb.append("  }\n");
      }
    }
    for (LabModel.VethPair p : list(m.vethPairs())) {
      sb.append("  ")
          .append(q(v.node(p.a())))
          .append(" -- ")
          .append(q(v.node(p.b())))
          .append(" [label=")
          .append(q(v.end(p.a(), p.aAddresses()) + "\n" + v.end(p.b(), p.bAddresses())))
          .append("];\n");
    }
    sb.append("}\n");
    return sb.toString();
  }

  /**
   * A namespace's stacked links and bond members, inside its cluster: each link a small node, a
   * dashed edge labelled with the kind from a vlan or macvlan to its parent, a plain one from a
   * bond member to its bond.
   */
  private static void dotStacks(StringBuilder sb, String in, String key, LabModel.Namespace ns) {
    Set<String> nodes = new LinkedHashSet<>();
    List<HostView.Stack> st = HostView.stacks(ns);
    for (HostView.Stack x : st) {
      nodes.add(x.link());
      nodes.add(x.on());
    }
    for (String n : nodes) {
      sb.append(in)
          .append(q("if/" + key + "/" + n))
          .append(" [label=")
          .append(q(ifaceLabel(ns, n)))
          .append(", shape=ellipse, fontsize=9];\n");
    }
    for (HostView.Stack x : st) {
      sb.append(in)
          .append(q("if/" + key + "/" + x.link()))
          .append(" -- ")
          .append(q("if/" + key + "/" + x.on()))
          .append(" [label=")
          .append(q(x.label()))
          .append(x.port() ? "" : ", style=dashed")
          .append("];\n");
    }
  }

  /** Mermaid's form of {@link #dotStacks}: {@code -.->} to a parent, {@code ---} to a bond. */
  private static void mermaidStacks(
      StringBuilder sb, String in, Map<String, String> ids, String key, LabModel.Namespace ns) {
    List<HostView.Stack> st = HostView.stacks(ns);
    for (HostView.Stack x : st) {
      for (String n : List.of(x.link(), x.on())) {
        if (!ids.containsKey("if/" + key + "/" + n)) {
          String id = "i" + ids.keySet().stream().filter(k -> k.startsWith("if/")).count();
          ids.put("if/" + key + "/" + n, id);
          sb.append(in).append(id).append("(").append(mq(ifaceLabel(ns, n))).append(")\n");
        }
      }
    }
    for (HostView.Stack x : st) {
      sb.append(in)
          .append(ids.get("if/" + key + "/" + x.link()))
          .append(x.port() ? " ---|" : " -.->|")
          .append(mq(x.label()))
          .append("| ")
          .append(ids.get("if/" + key + "/" + x.on()))
          .append('\n');
    }
  }

  /**
   * A link's name, and its kind in words ({@code bond active-backup}) unless its edge says it (a
   * stacked link) or it is a plain veth or device.
   */
  private static String ifaceLabel(LabModel.Namespace ns, String name) {
    for (LabModel.Interface i : list(ns.interfaces())) {
      if (i.name().equals(name)) {
        String l = i.label() == null ? i.kind() : i.label();
        boolean plain = l == null || Set.of("veth", "device", "loopback").contains(l);
        return plain || i.lower() != null ? name : name + "\n" + l;
      }
    }
    return name;
  }

  /** Mermaid flowchart, left to right; ids are generated, names only appear in quoted labels. */
  public static String mermaid(LabModel m) {
    View v = new View(m);
    Map<String, String> ids = new HashMap<>();
    StringBuilder sb = new StringBuilder("graph LR\n");
    sb.append("  subgraph H [").append(mq(v.hostLabel())).append("]\n");
    int k = 0;
    for (LabModel.Bridge b : v.hostBridges) {
      String id = "b" + k++;
      ids.put(v.bridgeId(b.name()), id);
      sb.append("    ")
          .append(id)
          .append("[")
          .append(mq(lines(b.name(), String.join(", ", routable(b.addresses())))))
          .append("]\n");
    }
    if (v.needsHostNode) {
      ids.put("host", "h");
      sb.append("    h[").append(mq(v.hostLabel())).append("]\n");
    }
    k = 0;
    for (String u : v.uplinks.keySet()) {
      sb.append("    u")
          .append(k++)
          .append(">")
          .append(mq(lines(u + " (uplink)", String.join("\n", v.uplinks.get(u)))))
          .append("]\n");
    }
    for (LabModel.Namespace ns : v.hostSpaces) {
      mermaidStacks(sb, "    ", ids, "host", ns);
    }
    sb.append("  end\n");
    k = 0;
    for (LabModel.Namespace ns : v.spaces) {
      String id = "n" + k++;
      ids.put("netns/" + ns.name(), id);
      boolean stacked = !HostView.stacks(ns).isEmpty();
      String in = stacked ? "    " : "  ";
      if (stacked) {
        sb.append("  subgraph S").append(id).append(" [").append(mq(ns.name())).append("]\n");
      }
      sb.append(in).append(id).append("[").append(mq(ns.name())).append("]\n");
      if (stacked) {
        mermaidStacks(sb, in, ids, ns.name(), ns);
        sb.append("  end\n");
      }
    }
    for (LabModel.VethPair p : list(m.vethPairs())) {
      String a = ids.computeIfAbsent(v.node(p.a()), x -> "x" + ids.size());
      String b = ids.computeIfAbsent(v.node(p.b()), x -> "x" + ids.size());
      sb.append("  ")
          .append(a)
          .append(" ---|")
          .append(mq(v.end(p.a(), p.aAddresses()) + " \u2194 " + v.end(p.b(), p.bAddresses())))
          .append("| ")
          .append(b)
          .append('\n');
    }
    return sb.toString();
  }

  /** What both formats need: which namespace is the host, which end is on which bridge. */
  private static final class View {
    final LabModel m;
    final HostView host;
    final List<LabModel.Namespace> spaces;
    final List<LabModel.Bridge> hostBridges;
    final List<LabModel.Namespace> hostSpaces = new ArrayList<>();
    final Map<String, String> hostMaster;
    final Map<String, List<String>> uplinks = new LinkedHashMap<>();
    final Set<String> labNs = new LinkedHashSet<>();
    boolean needsHostNode;

    View(LabModel m) {
      this.m = m;
      this.host = new HostView(m);
      this.spaces = host.spaces;
      this.hostBridges = host.hostBridges;
      this.hostMaster = host.hostMaster;
      spaces.forEach(ns -> labNs.add(ns.name()));
      list(m.namespaces()).stream().filter(LabModel.Namespace::isHost).forEach(hostSpaces::add);
      for (LabModel.Nat nat : list(m.nat())) {
        if (isHost(nat.netns())) {
          for (String r : list(nat.rules())) {
            Matcher mm = OIFNAME.matcher(r);
            if (mm.find()) {
              uplinks.computeIfAbsent(mm.group(1), x -> new ArrayList<>()).add(r);
            }
          }
        }
      }
      for (LabModel.VethPair p : list(m.vethPairs())) {
        needsHostNode |= "host".equals(node(p.a())) || "host".equals(node(p.b()));
      }
    }

    boolean isHost(String netns) {
      return host.isHost(netns);
    }

    String hostLabel() {
      return m.hostNetns() == null ? "host" : "host (netns " + m.hostNetns() + ")";
    }

    String bridgeId(String name) {
      return "bridge/" + name;
    }

    /** The node an end of a pair attaches to. */
    String node(LabModel.Endpoint e) {
      if (e == null) {
        return "host";
      }
      if (!isHost(e.netns()) && labNs.contains(e.netns())) {
        return "netns/" + e.netns();
      }
      String master = hostMaster.get(e.name());
      if (master != null && hostBridges.stream().anyMatch(b -> b.name().equals(master))) {
        return bridgeId(master);
      }
      return "host";
    }

    String end(LabModel.Endpoint e, List<String> addresses) {
      if (e == null) {
        return "?";
      }
      String a = String.join(", ", routable(addresses));
      return e.name() + (a.isEmpty() ? "" : " " + a);
    }
  }

  /**
   * The addresses worth drawing: every link has an fe80:: link-local address, which only crowds the
   * picture (the report's tables still list it), as the SVG topology leaves it out too.
   */
  private static List<String> routable(List<String> addresses) {
    return list(addresses).stream().filter(a -> !a.startsWith("fe80:")).toList();
  }

  private static String lines(String first, String rest) {
    return rest == null || rest.isEmpty() ? first : first + "\n" + rest;
  }

  /** A DOT quoted string: backslash and quote escaped, newlines as centred line breaks. */
  static String q(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : (s == null ? "" : s).toCharArray()) {
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '"' -> out.append("\\\"");
        case '\n' -> out.append("\\n");
        case '\r' -> {}
        default -> out.append(c < 0x20 ? ' ' : c);
      }
    }
    return out.append('"').toString();
  }

  /**
   * A Mermaid quoted label: characters Mermaid or Markdown would read ({@code " # < > & | [ ] `})
   * as entity codes, newlines as {@code <br/>}.
   */
  static String mq(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : (s == null ? "" : s).toCharArray()) {
      switch (c) {
        case '"', '#', '<', '>', '&', '|', '[', ']', '`', '{', '}', ';' ->
            out.append('#').append((int) c).append(';');
        case '\n' -> out.append("<br/>");
        case '\r' -> {}
        default -> out.append(c < 0x20 ? ' ' : c);
      }
    }
    return out.append('"').toString();
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}

package nsplay.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The topology of a lab as a self-contained SVG: no scripts, no external references, no fonts to
 * fetch. The host is a wide band at the top with its bridges as horizontal bars, its uplink and its
 * NAT rules; the lab's namespaces are boxes in rows below it. A veth pair is a line from its
 * namespace end to the bridge its other end is a port of (or to the host, or to the other
 * namespace); lines from lower rows run up the gutter left of their column. In a namespace's box, a
 * vlan's or macvlan's line is followed by what it stands on ({@code vlan 10 on trunk}), a bond
 * member's by its bond ({@code port of bond0}): words, not lines.
 *
 * <p>Tests and styles can find the parts: one {@code <g class="netns" data-name="...">} per lab
 * namespace, one {@code <path class="veth" data-a="ns:if" data-b="ns:if">} per veth pair, {@code <g
 * class="bridge">} per host bridge. Long labels are cut with an ellipsis; their {@code <title>}
 * holds the full text.
 */
public final class Topology {
  private static final int MARGIN = 20;
  private static final int MAX_COLS = 8;
  private static final int MIN_BOX = 132;
  private static final int MAX_WIDTH = 1240;
  private static final int MIN_WIDTH = 640;
  private static final int LINE = 14;
  private static final int LANE = 4;
  private static final double CHAR = 6.1; // average width of an 11px sans-serif character
  private static final String FONT =
      "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

  private static final String INK = "#1e293b";
  private static final String MUTED = "#64748b";
  private static final String HOST_FILL = "#f1f5f9";
  private static final String HOST_STROKE = "#94a3b8";
  private static final String BRIDGE = "#2563eb";
  private static final String NS_FILL = "#f0fdf4";
  private static final String NS_STROKE = "#16a34a";
  private static final String NS_INK = "#14532d";
  private static final String WIRE = "#475569";
  private static final String UPLINK = "#ea580c";

  private static final Pattern OIFNAME = Pattern.compile("oifname \"?([^\"\\s]+)\"?");

  private Topology() {}

  /** The SVG document (an {@code <svg>} element, no XML declaration: it also inlines in HTML). */
  public static String svg(LabModel m) {
    return new Layout(m).draw();
  }

  /** Where one veth pair attaches to a namespace box, and where it goes. */
  private record Port(
      LabModel.VethPair pair, LabModel.Endpoint mine, LabModel.Endpoint other, boolean top) {}

  private static final class Layout {
    private final LabModel m;
    private final HostView host;
    private final List<LabModel.Namespace> spaces;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<LabModel.Bridge> hostBridges;
    private final Map<String, String> hostMaster;
    private final Map<Integer, List<Port>> ports = new HashMap<>();
    private final List<LabModel.VethPair> hostOnly = new ArrayList<>();
    private final StringBuilder sb = new StringBuilder();

    Layout(LabModel m) {
      this.m = m;
      this.host = new HostView(m);
      this.spaces = host.spaces;
      this.hostBridges = host.hostBridges;
      this.hostMaster = host.hostMaster;
      for (int i = 0; i < spaces.size(); i++) {
        index.put(spaces.get(i).name(), i);
      }
      for (LabModel.VethPair p : list(m.vethPairs())) {
        Integer a = p.a() == null ? null : index.get(nsOf(p.a()));
        Integer b = p.b() == null ? null : index.get(nsOf(p.b()));
        if (a != null && b != null) {
          ports.computeIfAbsent(a, k -> new ArrayList<>()).add(new Port(p, p.a(), p.b(), false));
          ports.computeIfAbsent(b, k -> new ArrayList<>()).add(new Port(p, p.b(), p.a(), false));
        } else if (a != null) {
          ports.computeIfAbsent(a, k -> new ArrayList<>()).add(new Port(p, p.a(), p.b(), true));
        } else if (b != null) {
          ports.computeIfAbsent(b, k -> new ArrayList<>()).add(new Port(p, p.b(), p.a(), true));
        } else {
          hostOnly.add(p);
        }
      }
    }

    private boolean isHost(String netns) {
      return host.isHost(netns);
    }

    /** A lab namespace's name, or null for the host (and for namespaces outside the lab). */
    private String nsOf(LabModel.Endpoint e) {
      return isHost(e.netns()) ? null : e.netns();
    }

    String draw() {
      int n = spaces.size();
      // As many columns as fit boxes wide enough for their labels; each column's lines from lower
      // rows climb the gutter on its left, one lane each.
      int cols = Math.max(1, Math.min(n, MAX_COLS));
      int rows;
      int gutter;
      int boxW;
      while (true) {
        rows = n == 0 ? 0 : (n + cols - 1) / cols;
        int lanes = 0;
        for (int c = 0; c < cols; c++) {
          int l = 0;
          for (int r = 1; r < rows; r++) {
            l += topPorts(r * cols + c).size();
          }
          lanes = Math.max(lanes, l);
        }
        gutter = Math.max(24, 14 + lanes * LANE);
        int fit = (MAX_WIDTH - 2 * MARGIN - cols * gutter) / cols;
        if (fit >= MIN_BOX || cols == 1) {
          boxW = clamp(fit, MIN_BOX, 210);
          break;
        }
        cols--;
      }
      int gridW = cols * boxW + (cols - 1) * gutter;
      int width = Math.max(MIN_WIDTH, 2 * MARGIN + gutter + gridW);
      int gridX = (width - gridW) / 2 + gutter / 2;

      // The host band.
      List<String> uplinks = uplinks();
      List<String> natLines = new ArrayList<>();
      for (LabModel.Nat nat : list(m.nat())) {
        if (isHost(nat.netns())) {
          for (String r : list(nat.rules())) {
            natLines.add("NAT " + nat.table() + ": " + r);
          }
        }
      }
      int hostX = MARGIN;
      int hostW = width - 2 * MARGIN;
      int hostY = MARGIN + (uplinks.isEmpty() ? 0 : 14);
      int y = hostY + 22; // title baseline
      int natY = y + LINE + 2;
      y = natY + natLines.size() * LINE;
      Map<String, Integer> barY = new LinkedHashMap<>();
      int barX = hostX + 14;
      int barW = hostW - 28;
      for (LabModel.Bridge b : hostBridges) {
        y += 22; // label above the bar
        barY.put(b.name(), y);
        y += 10;
      }
      int hostOnlyY = y + 12;
      if (!hostOnly.isEmpty()) {
        y += 8 + hostOnly.size() * LINE;
      }
      int hostH = y + 16 - hostY;
      int hostBottom = hostY + hostH;

      // Namespace rows: each row's height fits its tallest box; the channel above a row holds the
      // peer labels and the turns of lines that climb the gutters.
      int[] rowTop = new int[rows];
      int[] rowH = new int[rows];
      int[] channel = new int[rows];
      int cursor = hostBottom;
      for (int r = 0; r < rows; r++) {
        int maxPorts = 0;
        int maxLines = 0;
        for (int c = 0; c < cols && r * cols + c < n; c++) {
          maxPorts = Math.max(maxPorts, topPorts(r * cols + c).size());
          maxLines = Math.max(maxLines, boxLines(spaces.get(r * cols + c)).size());
        }
        channel[r] = (r == 0 ? 36 : 26) + maxPorts * LANE;
        rowTop[r] = cursor + channel[r];
        rowH[r] = 26 + maxLines * LINE + 6;
        cursor = rowTop[r] + rowH[r];
      }
      boolean bottomLinks = ports.values().stream().flatMap(List::stream).anyMatch(p -> !p.top());
      int height = cursor + MARGIN + (bottomLinks ? 24 : 0);

      sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"nsplay-topology\" width=\"")
          .append(width)
          .append("\" height=\"")
          .append(height)
          .append("\" viewBox=\"0 0 ")
          .append(width)
          .append(' ')
          .append(height)
          .append("\" role=\"img\" font-family=\"")
          .append(FONT)
          .append("\" font-size=\"11\">");
      sb.append("<title>").append(esc("Topology of lab " + m.lab())).append("</title>");
      sb.append("<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>");

      // Host band, its uplink and NAT.
      sb.append("<g class=\"host\" data-name=\"").append(esc(hostLabel())).append("\">");
      rect(hostX, hostY, hostW, hostH, 10, HOST_FILL, HOST_STROKE, 1.5);
      text(hostX + 12, hostY + 22, hostLabel(), 13, INK, "bold", hostW / 2);
      String fwd = hostForwarding();
      if (fwd != null) {
        text(
            hostX + 12 + (int) (hostLabel().length() * 8.2) + 12,
            hostY + 22,
            fwd,
            11,
            MUTED,
            null,
            200);
      }
      for (int i = 0; i < natLines.size(); i++) {
        text(hostX + 12, natY + i * LINE, natLines.get(i), 11, UPLINK, null, hostW - 24);
      }
      int ux = hostX + hostW - 16;
      for (String u : uplinks) {
        String label = u + " (uplink)";
        int w = (int) (label.length() * CHAR) + 16;
        ux -= w;
        sb.append("<g class=\"uplink\" data-name=\"").append(esc(u)).append("\">");
        // A short arrow out of the host: the way to the outside world.
        int ax = ux + w / 2;
        sb.append(
            String.format(
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>",
                ax, hostY - 10, ax, MARGIN - 8, UPLINK));
        sb.append(
            String.format(
                "<polygon points=\"%d,%d %d,%d %d,%d\" fill=\"%s\"/>",
                ax - 5, MARGIN - 8, ax + 5, MARGIN - 8, ax, MARGIN - 16, UPLINK));
        rect(ux, hostY - 10, w, 20, 4, "#fff7ed", UPLINK, 1.5);
        text(ux + 8, hostY + 4, label, 11, UPLINK, "bold", w);
        sb.append("</g>");
        ux -= 8;
      }
      sb.append("</g>");

      // Bridges.
      for (LabModel.Bridge b : hostBridges) {
        int by = barY.get(b.name());
        sb.append("<g class=\"bridge\" data-name=\"").append(esc(b.name())).append("\">");
        String label = b.name() + addrSuffix(b.addresses()) + "  (bridge)";
        text(barX, by - 6, label, 11, BRIDGE, "bold", barW);
        rect(barX, by, barW, 8, 3, BRIDGE, BRIDGE, 0);
        sb.append("</g>");
      }

      // Lines first, so boxes and labels sit on top of them.
      List<int[]> dots = new ArrayList<>();
      int[] laneUsed = new int[cols];
      for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols && r * cols + c < n; c++) {
          int i = r * cols + c;
          int bx = gridX + c * (boxW + gutter);
          List<Port> top = topPorts(i);
          for (int k = 0; k < top.size(); k++) {
            Port p = top.get(k);
            int px = bx + boxW * (k + 1) / (top.size() + 1);
            String master = isHost(p.other().netns()) ? hostMaster.get(p.other().name()) : null;
            int targetY =
                master != null && barY.containsKey(master) ? barY.get(master) + 4 : hostBottom;
            StringBuilder d = new StringBuilder();
            d.append("M").append(px).append(' ').append(rowTop[r]);
            if (r == 0) {
              d.append(" V").append(targetY);
              dots.add(new int[] {px, targetY});
            } else {
              int gx = bx - gutter + 8 + laneUsed[c]++ * LANE;
              int hy = rowTop[r] - 16 - k * LANE;
              d.append(" V").append(hy).append(" H").append(gx).append(" V").append(targetY);
              dots.add(new int[] {gx, targetY});
            }
            veth(p.pair(), d.toString(), tooltip(p.pair()));
          }
        }
      }
      // Pairs between two lab namespaces: an arc under the boxes, drawn once.
      Set<LabModel.VethPair> drawn = new LinkedHashSet<>();
      for (int i = 0; i < n; i++) {
        for (Port p : bottomPorts(i)) {
          if (!drawn.add(p.pair())) {
            continue;
          }
          int j = index.get(p.other().netns());
          int[] a = bottomAnchor(i, p, cols, boxW, gutter, gridX, rowTop, rowH);
          int[] b = bottomAnchor(j, other(j, p.pair()), cols, boxW, gutter, gridX, rowTop, rowH);
          int dip = Math.max(a[1], b[1]) + 18;
          String d =
              "M" + a[0] + " " + a[1] + " C" + a[0] + " " + dip + " " + b[0] + " " + dip + " "
                  + b[0] + " " + b[1];
          veth(p.pair(), d, tooltip(p.pair()));
        }
      }
      // Pairs with both ends on the host: short lines inside the band.
      for (int k = 0; k < hostOnly.size(); k++) {
        LabModel.VethPair p = hostOnly.get(k);
        int ly = hostOnlyY + k * LINE;
        veth(p, "M" + (barX + 150) + " " + (ly - 4) + " H" + (barX + 190), tooltip(p));
        text(barX, ly, p.a().name(), 10, MUTED, null, 140);
        text(barX + 196, ly, p.b().name(), 10, MUTED, null, 200);
      }
      for (int[] dot : dots) {
        sb.append("<circle cx=\"")
            .append(dot[0])
            .append("\" cy=\"")
            .append(dot[1])
            .append("\" r=\"3.5\" fill=\"")
            .append(WIRE)
            .append("\"/>");
      }

      // Namespace boxes.
      for (int i = 0; i < n; i++) {
        int r = i / cols;
        int c = i % cols;
        int bx = gridX + c * (boxW + gutter);
        int by = rowTop[r];
        LabModel.Namespace ns = spaces.get(i);
        sb.append("<g class=\"netns\" data-name=\"").append(esc(ns.name())).append("\">");
        rect(bx, by, boxW, rowH[r], 8, NS_FILL, NS_STROKE, 1.5);
        text(bx + 10, by + 18, ns.name(), 12, NS_INK, "bold", boxW - 20);
        List<String[]> lines = boxLines(ns);
        for (int k = 0; k < lines.size(); k++) {
          String[] l = lines.get(k);
          text(bx + 10, by + 36 + k * LINE, l[0], 11, l[1], null, boxW - 20);
        }
        List<Port> top = topPorts(i);
        for (int k = 0; k < top.size(); k++) {
          Port p = top.get(k);
          int px = bx + boxW * (k + 1) / (top.size() + 1);
          sb.append("<circle cx=\"")
              .append(px)
              .append("\" cy=\"")
              .append(by)
              .append("\" r=\"3.5\" fill=\"")
              .append(NS_STROKE)
              .append("\"/>");
          // The far end's name above the port, in the channel.
          String far = p.other().name() + addrSuffix(addressesOf(p.pair(), p.other()));
          text(px + 5, by - 5, far, 10, MUTED, null, boxW - (px - bx) - 4 + gutter - 10);
        }
        sb.append("</g>");
      }
      sb.append("</svg>");
      return sb.toString();
    }

    private int[] bottomAnchor(
        int i, Port p, int cols, int boxW, int gutter, int gridX, int[] rowTop, int[] rowH) {
      List<Port> bottom = bottomPorts(i);
      int k = Math.max(0, bottom.indexOf(p));
      int bx = gridX + (i % cols) * (boxW + gutter);
      return new int[] {
        bx + boxW * (k + 1) / (bottom.size() + 1), rowTop[i / cols] + rowH[i / cols]
      };
    }

    private Port other(int j, LabModel.VethPair pair) {
      for (Port p : bottomPorts(j)) {
        if (p.pair() == pair) {
          return p;
        }
      }
      return null;
    }

    private List<Port> topPorts(int i) {
      return list(ports.get(i)).stream().filter(Port::top).toList();
    }

    private List<Port> bottomPorts(int i) {
      return list(ports.get(i)).stream().filter(p -> !p.top()).toList();
    }

    /** The lines inside a namespace box: its interfaces (but lo) and routes via a gateway. */
    private List<String[]> boxLines(LabModel.Namespace ns) {
      List<String[]> out = new ArrayList<>();
      List<HostView.Stack> stacks = HostView.stacks(ns);
      for (LabModel.Interface i : list(ns.interfaces())) {
        if ("lo".equals(i.name()) && list(i.addresses()).stream().allMatch(Topology::loopback)) {
          continue;
        }
        String colour = "DOWN".equalsIgnoreCase(i.state()) ? "#b91c1c" : INK;
        String state = "DOWN".equalsIgnoreCase(i.state()) ? " (down)" : "";
        out.add(new String[] {i.name() + addrSuffix(i.addresses()) + state, colour});
        for (HostView.Stack x : stacks) {
          if (x.link().equals(i.name())) { // what it stands on, or the bond it is a port of
            String on = x.port() ? "port of " + x.on() : x.label() + " on " + x.on();
            out.add(new String[] {"  " + on, MUTED});
          }
        }
        if (i.qdisc() != null) {
          out.add(new String[] {"  " + i.qdisc(), MUTED}); // an impaired link: its netem
        }
      }
      int routes = 0;
      List<LabModel.Route> gw = list(ns.routes()).stream().filter(rt -> rt.via() != null).toList();
      for (LabModel.Route rt : gw) {
        if (routes++ == 3 && gw.size() > 4) {
          out.add(new String[] {"+" + (gw.size() - 3) + " more routes", MUTED});
          break;
        }
        out.add(new String[] {rt.dst() + " via " + rt.via(), MUTED});
      }
      if (on(ns.forwarding())) {
        out.add(new String[] {"forwarding on", MUTED});
      }
      return out;
    }

    private List<String> addressesOf(LabModel.VethPair p, LabModel.Endpoint e) {
      return e == p.a() ? p.aAddresses() : p.bAddresses();
    }

    private String tooltip(LabModel.VethPair p) {
      return end(p.a(), p.aAddresses()) + " \u2194 " + end(p.b(), p.bAddresses());
    }

    private String end(LabModel.Endpoint e, List<String> addresses) {
      if (e == null) {
        return "?";
      }
      String where = isHost(e.netns()) ? "host" : e.netns();
      String master = isHost(e.netns()) ? hostMaster.get(e.name()) : null;
      return where
          + ":"
          + e.name()
          + addrSuffix(addresses)
          + (master == null ? "" : " (port of " + master + ")");
    }

    private void veth(LabModel.VethPair p, String d, String title) {
      sb.append("<path class=\"veth\" data-a=\"")
          .append(esc(ref(p.a())))
          .append("\" data-b=\"")
          .append(esc(ref(p.b())))
          .append("\" d=\"")
          .append(d)
          .append("\" fill=\"none\" stroke=\"")
          .append(WIRE)
          .append("\" stroke-width=\"1.6\"><title>")
          .append(esc(title))
          .append("</title></path>");
    }

    private String ref(LabModel.Endpoint e) {
      if (e == null) {
        return "";
      }
      return (isHost(e.netns()) ? "host" : e.netns()) + ":" + e.name();
    }

    private String hostLabel() {
      return m.hostNetns() == null ? "host" : "host (netns " + m.hostNetns() + ")";
    }

    private String hostForwarding() {
      for (LabModel.Namespace ns : list(m.namespaces())) {
        if (ns.isHost() && ns.forwarding() != null) {
          return "forwarding " + onOff(ns.forwarding());
        }
      }
      for (LabModel.Nat nat : list(m.nat())) {
        if (isHost(nat.netns()) && nat.forwarding() != null) {
          return "forwarding " + onOff(nat.forwarding());
        }
      }
      return null;
    }

    /** The host's way out: what its NAT rules send to (oifname), in order. */
    private List<String> uplinks() {
      Set<String> out = new LinkedHashSet<>();
      for (LabModel.Nat nat : list(m.nat())) {
        if (isHost(nat.netns())) {
          for (String r : list(nat.rules())) {
            Matcher mm = OIFNAME.matcher(r);
            while (mm.find()) {
              out.add(mm.group(1));
            }
          }
        }
      }
      return new ArrayList<>(out).subList(0, Math.min(out.size(), 3));
    }

    private void rect(int x, int y, int w, int h, int rx, String fill, String stroke, double sw) {
      sb.append("<rect x=\"")
          .append(x)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(w)
          .append("\" height=\"")
          .append(h)
          .append("\" rx=\"")
          .append(rx)
          .append("\" fill=\"")
          .append(fill)
          .append('"');
      if (sw > 0) {
        sb.append(" stroke=\"").append(stroke).append("\" stroke-width=\"").append(sw).append('"');
      }
      sb.append("/>");
    }

    /** A label cut to {@code maxWidth} pixels; a cut one carries the full text as its title. */
    private void text(int x, int y, String s, int size, String fill, String weight, int maxWidth) {
      double perChar = CHAR * size / 11.0 * ("bold".equals(weight) ? 1.08 : 1.0);
      int max = Math.max(4, (int) (maxWidth / perChar));
      String shown = s.length() > max ? s.substring(0, max - 1) + "\u2026" : s;
      sb.append("<text x=\"").append(x).append("\" y=\"").append(y).append('"');
      if (size != 11) {
        sb.append(" font-size=\"").append(size).append('"');
      }
      if (weight != null) {
        sb.append(" font-weight=\"").append(weight).append('"');
      }
      sb.append(" fill=\"").append(fill).append("\">");
      if (!shown.equals(s)) {
        sb.append("<title>").append(esc(s)).append("</title>");
      }
      sb.append(esc(shown)).append("</text>");
    }
  }

  private static String addrSuffix(List<String> addresses) {
    List<String> a = list(addresses).stream().filter(x -> !x.startsWith("fe80:")).toList();
    return a.isEmpty() ? "" : " " + String.join(", ", a);
  }

  private static boolean loopback(String address) {
    return address.startsWith("127.") || address.equals("::1/128");
  }

  private static boolean on(String v) {
    return v != null
        && Set.of("1", "on", "true", "yes", "enabled").contains(v.toLowerCase(Locale.ROOT));
  }

  /** Forwarding in the report's words (on/off), as the templates say it, not the sysctl's 1/0. */
  private static String onOff(String v) {
    return on(v) ? "on" : "0".equals(v) ? "off" : v;
  }

  private static int clamp(int v, int lo, int hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  /** Text for XML content and attribute values; characters XML cannot carry become U+FFFD. */
  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
            out.append('\uFFFD');
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}

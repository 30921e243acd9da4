package nsplay.report;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import nsplay.engine.RunLog;
import nsplay.kernel.AddrInfo;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.kernel.Links;
import nsplay.kernel.RouteInfo;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.Ledger;
import nsplay.state.Ownership;

/**
 * Reads a lab from the live kernel into a {@link LabModel}: the namespaces its journal says it made
 * (those that still exist) and the host, what is in them now, its bridges, veth pairs and NAT. Only
 * reads: nothing is changed and no packet is sent (probing is {@link Probe}'s).
 *
 * <p>Everything is in a fixed order so that two reports of the same lab compare equal: the host
 * first, then namespaces by name; interfaces, bridge ports and pairs by name; addresses and routes
 * in the kernel's order.
 */
public final class ModelBuilder {
  static final String FORWARD = "net.ipv4.ip_forward";
  static final String NAT_CHAIN = "postrouting";

  private ModelBuilder() {}

  /** The last run of a lab as {@link RunLog} wrote it, or null when there is none. */
  public static Map<String, Object> readLastRun(String lab) {
    return RunLog.read(lastRunFile(lab));
  }

  /** Where {@code up} leaves the record of its last run. */
  public static Path lastRunFile(String lab) {
    return Journal.dir(Journal.ROOT, lab).resolve("last-run.json");
  }

  /** The same model with the given matrix (null: none). */
  public static LabModel withMatrix(LabModel m, LabModel.Matrix matrix) {
    return new LabModel(
        m.lab(),
        m.hostNetns(),
        m.generatedAt(),
        m.namespaces(),
        m.bridges(),
        m.vethPairs(),
        m.nat(),
        m.lastRun(),
        matrix);
  }

  /**
   * Reads the lab from the kernel.
   *
   * @param kernel the kernel of the lab's host (its {@link Kernel#hostNetns} is the lab's)
   * @param journal the lab's journal entries, for which namespaces, links and tables are its
   * @param lastRun {@link #readLastRun}'s answer, or null
   * @param matrixOrNull a probe's result to include, or null
   */
  public static LabModel build(
      String lab,
      Kernel kernel,
      List<Entry> journal,
      Map<String, Object> lastRun,
      LabModel.Matrix matrixOrNull) {
    String hostName = kernel.hostNetns() == null ? "host" : kernel.hostNetns();

    // The lab's namespaces that still exist (and are still the ones it made), by name.
    Ownership own = Ownership.of(lab, journal, kernel);
    List<String> labNs = labNamespaces(own);

    // Every link of every namespace concerned, for names, pairing and what the host shows.
    Map<String, Raw> raw = new LinkedHashMap<>(); // key: "" for the host
    raw.put(HOST, Raw.read(kernel.links(null)));
    for (String ns : labNs) {
      raw.put(ns, Raw.read(kernel.links(ns)));
    }
    List<Side> sides = sides(raw);
    Map<Side, LabModel.Endpoint> peers = pairPeers(sides, journalPairs(journal, sides));

    Set<Integer> hostShown = hostInterfaces(own, raw.get(HOST), peers);

    List<LabModel.Namespace> namespaces = new ArrayList<>();
    for (Map.Entry<String, Raw> e : raw.entrySet()) {
      boolean host = e.getKey().equals(HOST);
      String netns = host ? null : e.getKey();
      Raw r = e.getValue();
      Set<Integer> shown = host ? hostShown : r.byIndex.keySet();
      namespaces.add(
          new LabModel.Namespace(
              host ? hostName : netns,
              host,
              interfaces(r, netns, shown, peers),
              routes(r, shown, !host),
              sysctl(kernel, netns, FORWARD)));
    }

    List<LabModel.Bridge> bridges = new ArrayList<>();
    for (LabModel.Namespace n : namespaces) {
      for (LabModel.Interface i : n.interfaces()) {
        if ("bridge".equals(i.kind())) {
          List<String> ports =
              n.interfaces().stream()
                  .filter(p -> i.name().equals(p.master()))
                  .map(LabModel.Interface::name)
                  .sorted()
                  .toList();
          bridges.add(
              new LabModel.Bridge(n.isHost() ? null : n.name(), i.name(), ports, i.addresses()));
        }
      }
    }

    return new LabModel(
        lab,
        kernel.hostNetns(),
        Instant.now().toString(),
        List.copyOf(namespaces),
        List.copyOf(bridges),
        vethPairs(namespaces),
        nat(own, kernel, labNs),
        lastRun(lastRun),
        matrixOrNull);
  }

  private static final String HOST = "";

  /** One namespace's links, addresses, routes and MACs as the kernel reports them. */
  private record Raw(
      Map<Integer, Iface> byIndex,
      Map<Integer, String> macs,
      List<AddrInfo> addrs,
      List<RouteInfo> routes4,
      List<RouteInfo> routes6,
      Map<Integer, nsplay.kernel.QdiscSpec> qdiscs) {
    static Raw read(Links l) {
      Map<Integer, Iface> byIndex = new LinkedHashMap<>();
      for (Iface i : l.all()) {
        byIndex.put(i.index(), i);
      }
      return new Raw(byIndex, l.macs(), l.addrs(), l.routes(true), l.routes(false), l.rootQdiscs());
    }

    String name(int index) {
      Iface i = byIndex.get(index);
      return i == null ? null : i.name();
    }
  }

  /** The lab's namespaces shown as its own (leniently: see {@link Ownership#showsAsLabsNetns}). */
  private static List<String> labNamespaces(Ownership own) {
    List<String> out = new ArrayList<>();
    for (String n : new TreeSet<>(own.ledger().namespaceNames())) {
      if (own.showsAsLabsNetns(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** A link in a namespace (null: the host), for pairing veths. */
  record Side(String netns, Iface iface) {}

  private static List<Side> sides(Map<String, Raw> raw) {
    List<Side> out = new ArrayList<>();
    raw.forEach(
        (k, r) -> r.byIndex.values().forEach(i -> out.add(new Side(k.equals(HOST) ? null : k, i))));
    return out;
  }

  /**
   * The other end of each veth, from ifindex pairs: a veth with peer index p in namespace A pairs
   * with the veth of index p in namespace B whose peer index is its own. Without namespace ids to
   * tell namespaces apart, indexes can coincide (fresh namespaces number their links alike): then
   * the journal's word on which two ends were made together ({@code hints}) picks among the
   * candidates. A veth left with more than one candidate, or none, gets no peer, and so does every
   * end whose candidate does not name it back.
   *
   * @param hints "netns\0name" of an end to that of the end it was created with, both ways
   */
  static Map<Side, LabModel.Endpoint> pairPeers(List<Side> all, Map<String, String> hints) {
    Map<Integer, List<Side>> vethsByIndex = new HashMap<>();
    for (Side s : all) {
      if ("veth".equals(s.iface().kind())) {
        vethsByIndex.computeIfAbsent(s.iface().index(), k -> new ArrayList<>()).add(s);
      }
    }
    Map<Side, LabModel.Endpoint> out = new HashMap<>();
    for (Side s : all) {
      Iface v = s.iface();
      if (!"veth".equals(v.kind()) || v.peerIndex() <= 0) {
        continue;
      }
      List<Side> candidates =
          vethsByIndex.getOrDefault(v.peerIndex(), List.of()).stream()
              .filter(w -> w.iface().peerIndex() == v.index() && !w.equals(s))
              .toList();
      String hint = hints.get(key(s.netns(), v.name()));
      if (candidates.size() > 1 && hint != null) {
        candidates =
            candidates.stream().filter(w -> key(w.netns(), w.iface().name()).equals(hint)).toList();
      }
      if (candidates.size() == 1) {
        Side w = candidates.get(0);
        out.put(s, new LabModel.Endpoint(w.netns(), w.iface().name()));
      }
    }
    // A pair holds only when each end names the other.
    Map<String, LabModel.Endpoint> byEnd = new HashMap<>();
    out.forEach((k, v) -> byEnd.put(key(k.netns(), k.iface().name()), v));
    out.entrySet()
        .removeIf(
            e -> {
              LabModel.Endpoint back = byEnd.get(key(e.getValue().netns(), e.getValue().name()));
              return back == null
                  || !Objects.equals(back.netns(), e.getKey().netns())
                  || !back.name().equals(e.getKey().iface().name());
            });
    return out;
  }

  /**
   * Which veth ends the lab made together: {@code veth_create} journals its two ends as two {@link
   * Entry.Link} records in a row, so two such records in a row naming two veths that exist now
   * (where later moves took them) are a pair. Only a hint: {@link #pairPeers} takes it among
   * candidates the kernel's indexes allow.
   */
  static Map<String, String> journalPairs(List<Entry> journal, List<Side> sides) {
    Set<String> veths = new HashSet<>();
    for (Side s : sides) {
      if ("veth".equals(s.iface().kind())) {
        veths.add(key(s.netns(), s.iface().name()));
      }
    }
    Ledger ledger = Ledger.of(journal);
    Map<String, String> out = new HashMap<>();
    Entry.Link paired = null; // the second end of the last pair taken: not the first of another
    for (Entry.Link[] ab : ledger.adjacentLinks()) {
      Entry.Link a = ab[0];
      Entry.Link b = ab[1];
      if (a == paired) {
        continue;
      }
      String ka = key(ledger.whereIs(a.netns(), a.name()), a.name());
      String kb = key(ledger.whereIs(b.netns(), b.name()), b.name());
      if (veths.contains(ka) && veths.contains(kb)) {
        out.put(ka, kb);
        out.put(kb, ka);
        paired = b;
      }
    }
    return out;
  }

  /**
   * The host's links the lab is concerned with: those carrying its alias or recorded by its journal
   * in the host (made, brought up, given an address, routed through, moved there), the host ends of
   * its namespaces' veths, the bridges those are ports of, and the ports of those bridges.
   */
  private static Set<Integer> hostInterfaces(
      Ownership own, Raw host, Map<Side, LabModel.Endpoint> peers) {
    Set<String> named = new HashSet<>();
    for (Map.Entry<Side, LabModel.Endpoint> p : peers.entrySet()) {
      if (p.getKey().netns() != null && p.getValue().netns() == null) {
        named.add(p.getValue().name());
      }
    }
    Set<Integer> out = new TreeSet<>();
    for (Iface i : host.byIndex.values()) {
      if (own.isLabsLink(null, i)
          || own.ledger().concerns(null, i.name())
          || named.contains(i.name())) {
        out.add(i.index());
      }
    }
    for (Integer i : List.copyOf(out)) {
      int master = host.byIndex.get(i).master();
      if (master > 0 && host.byIndex.containsKey(master)) {
        out.add(master);
      }
    }
    for (Iface i : host.byIndex.values()) {
      if (i.master() > 0 && out.contains(i.master())) {
        out.add(i.index());
      }
    }
    for (Integer i : List.copyOf(out)) {
      Iface l = host.byIndex.get(i);
      if (lower(host, l) != null) {
        out.add(l.peerIndex()); // what a lab's vlan or macvlan stands on
      }
    }
    return out;
  }

  private static List<LabModel.Interface> interfaces(
      Raw r, String netns, Set<Integer> shown, Map<Side, LabModel.Endpoint> peers) {
    List<LabModel.Interface> out = new ArrayList<>();
    for (Iface i : r.byIndex.values()) {
      if (!shown.contains(i.index())) {
        continue;
      }
      List<String> addrs =
          r.addrs.stream()
              .filter(a -> a.index() == i.index())
              .map(a -> a.cidr().toString())
              .toList();
      out.add(
          new LabModel.Interface(
              i.name(),
              kind(i),
              i.up() ? "UP" : "DOWN",
              r.macs.get(i.index()),
              i.master() > 0 ? r.name(i.master()) : null,
              peers.get(new Side(netns, i)),
              addrs,
              r.qdiscs.containsKey(i.index()) ? r.qdiscs.get(i.index()).words() : null,
              lower(r, i),
              i.spec() == null ? kind(i) : i.spec().label()));
    }
    out.sort(Comparator.comparing(LabModel.Interface::name));
    return List.copyOf(out);
  }

  /**
   * The link {@code i} is stacked on in its namespace: IFLA_LINK, for every kind but a veth (whose
   * IFLA_LINK is its peer, maybe elsewhere) when it names a link of the same namespace and not the
   * link itself; null otherwise.
   */
  static String lower(Raw r, Iface i) {
    int l = i.peerIndex();
    if ("veth".equals(i.kind()) || l <= 0 || l == i.index() || !r.byIndex.containsKey(l)) {
      return null;
    }
    return r.name(l);
  }

  private static final nsplay.net.Cidr LINK_LOCAL_ROUTE = nsplay.net.Cidr.parse("fe80::/64");

  /** The kernel's kind (IFLA_INFO_KIND), "loopback" for lo, "device" for other kindless links. */
  static String kind(Iface i) {
    if (i.kind() != null) {
      return i.kind();
    }
    return i.name().equals("lo") ? "loopback" : "device";
  }

  /**
   * Main-table routes (IPv4, then IPv6) through the shown interfaces, or with no device. The
   * kernel's fe80::/64 route of every IPv6 link is left out, as its link-local addresses are from
   * the pictures; the IPv6 default route reads {@code default6}, as a playbook spells it.
   */
  private static List<LabModel.Route> routes(Raw r, Set<Integer> shown, boolean all) {
    List<LabModel.Route> out = new ArrayList<>();
    for (List<RouteInfo> rs : List.of(r.routes4, r.routes6)) {
      boolean v4 = rs == r.routes4;
      for (RouteInfo ri : rs) {
        if (ri.oif() != 0 && !shown.contains(ri.oif())) {
          continue;
        }
        if (LINK_LOCAL_ROUTE.equals(ri.dst()) && ri.gateway() == null) {
          continue;
        }
        if (ri.oif() == 0 && !all) {
          continue; // on the host, a route with no device is not the lab's to show
        }
        out.add(
            new LabModel.Route(
                ri.dst() == null ? (v4 ? "default" : "default6") : ri.dst().toString(),
                ri.gateway() == null ? null : ri.gateway().toString(),
                ri.oif() == 0 ? null : r.name(ri.oif())));
      }
    }
    return List.copyOf(out);
  }

  private static String sysctl(Kernel kernel, String netns, String key) {
    try {
      return kernel.sysctl(netns, key);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Each pair once, from its end that sorts first (namespace, host first, then name). */
  static List<LabModel.VethPair> vethPairs(List<LabModel.Namespace> namespaces) {
    Map<String, List<String>> addrs = new HashMap<>();
    for (LabModel.Namespace n : namespaces) {
      for (LabModel.Interface i : n.interfaces()) {
        addrs.put(key(n.isHost() ? null : n.name(), i.name()), i.addresses());
      }
    }
    Set<String> seen = new LinkedHashSet<>();
    List<LabModel.VethPair> out = new ArrayList<>();
    for (LabModel.Namespace n : namespaces) {
      String netns = n.isHost() ? null : n.name();
      for (LabModel.Interface i : n.interfaces()) {
        LabModel.Endpoint p = i.peer();
        if (p == null || !"veth".equals(i.kind())) {
          continue;
        }
        String a = key(netns, i.name());
        String b = key(p.netns(), p.name());
        if (seen.contains(a) || seen.contains(b)) {
          continue;
        }
        seen.add(a);
        seen.add(b);
        out.add(
            new LabModel.VethPair(
                new LabModel.Endpoint(netns, i.name()),
                i.addresses(),
                p,
                addrs.getOrDefault(b, List.of())));
      }
    }
    return List.copyOf(out);
  }

  private static String key(String netns, String name) {
    return (netns == null ? "" : netns) + "\0" + name;
  }

  /** The lab's nf_tables table wherever the journal says it made one and it still exists. */
  private static List<LabModel.Nat> nat(Ownership own, Kernel kernel, List<String> labNs) {
    String table = own.table();
    Set<String> where = new TreeSet<>(); // "" for the host: sorts first
    for (Entry.NftTable t : own.ledger().tables()) {
      if (t.table().equals(table)) {
        where.add(t.netns() == null ? HOST : t.netns());
      }
    }
    List<LabModel.Nat> out = new ArrayList<>();
    for (String w : where) {
      String netns = w.equals(HOST) ? null : w;
      if (netns != null && !labNs.contains(netns) && !kernel.netnsExists(netns)) {
        continue;
      }
      if (!kernel.nft(netns).hasTable(table)) {
        continue;
      }
      List<String> rules =
          kernel.nft(netns).hasChain(table, NAT_CHAIN)
              ? kernel.nft(netns).ruleComments(table, NAT_CHAIN).stream()
                  .map(ModelBuilder::natLabel)
                  .toList()
              : List.of();
      out.add(new LabModel.Nat(netns, table, List.copyOf(rules), sysctl(kernel, netns, FORWARD)));
    }
    return List.copyOf(out);
  }

  /** last-run.json's content as the model's record; null when there is none. */
  static LabModel.LastRun lastRun(Map<String, Object> m) {
    if (m == null) {
      return null;
    }
    List<LabModel.TaskRun> tasks = new ArrayList<>();
    if (m.get("tasks") instanceof List<?> l) {
      for (Object o : l) {
        if (o instanceof Map<?, ?> t) {
          tasks.add(
              new LabModel.TaskRun(
                  str(t.get("task")),
                  str(t.get("item")),
                  str(t.get("status")),
                  num(t.get("duration_ms")),
                  str(t.get("message"))));
        }
      }
    }
    Map<?, ?> recap = m.get("recap") instanceof Map<?, ?> r ? r : Map.of();
    return new LabModel.LastRun(
        str(m.get("started_at")),
        List.copyOf(tasks),
        (int) num(recap.get("ok")),
        (int) num(recap.get("changed")),
        (int) num(recap.get("failed")),
        (int) num(recap.get("skipped")),
        RunLog.wasInterrupted(m));
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  private static long num(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  /**
   * A rule's comment as a reader wants it: nsplay marks its rules "nsplay: masquerade NET out IF"
   * so it can find them again; the mark says nothing to a reader, so the label drops it.
   */
  static String natLabel(String comment) {
    return comment.startsWith("nsplay:") ? comment.substring("nsplay:".length()).strip() : comment;
  }
}

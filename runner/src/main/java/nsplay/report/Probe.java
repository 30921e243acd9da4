package nsplay.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.kernel.PingResult;
import nsplay.kernel.RouteInfo;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.playbook.Playbook;
import nsplay.playbook.TaskSource;

/**
 * The connectivity matrix of a lab: one ICMP (ICMPv6) echo from each of its namespaces to each IPv4
 * and IPv6 address on its interfaces (the host's included; loopback and fe80:: link-local addresses
 * left out) and to each namespace's default gateways.
 *
 * <p>Only the lab's own addresses are probed, and a probe that the host would route out of a link
 * that is not the lab's (its default route to the real network, say) is not sent at all unless the
 * target is on a subnet the source is directly attached to: its cell reads unreachable.
 *
 * <p>Pings run in parallel on a fixed pool, one source namespace per worker at a time: each ping
 * opens its own raw ICMP socket in the source namespace (through {@link Kernel#ping}, which for
 * {@link nsplay.kernel.LiveKernel} uses no shared netlink socket and is safe from any thread), and
 * a raw socket sees every echo reply of its namespace, so two pings in flight in one namespace
 * could take each other's reply if their random identifiers met. One at a time per namespace, they
 * cannot.
 */
public final class Probe {
  /** Default time to wait for a reply, in ms. */
  public static final int DEFAULT_TIMEOUT_MS = 300;

  static final int THREADS = 16;

  private Probe() {}

  /** What a ping task of the playbook expects from one namespace to one address. */
  public record Expectation(String from, String to, String expect) {}

  /**
   * The standing expectations of a playbook's ping tasks: those whose {@code from} and {@code to}
   * are literal (no template) and that run unconditionally (no {@code when:}); a later task on the
   * same pair overrides an earlier one, as the kernel would show after the run.
   */
  public static List<Expectation> expectations(Playbook pb) {
    Map<String, Expectation> out = new LinkedHashMap<>();
    for (TaskSource t : pb.tasks()) {
      if (!t.type().equals("ping") || !t.when().isEmpty()) {
        continue;
      }
      Object from = t.fixed().get("from");
      Object to = t.fixed().get("to");
      if (from == null || to == null || t.templated().containsKey("expect")) {
        continue;
      }
      Object expect = t.fixed().getOrDefault("expect", "reachable");
      Expectation e = new Expectation(from.toString(), canonical(to), expect.toString());
      out.remove(e.from() + " " + e.to());
      out.put(e.from() + " " + e.to(), e);
    }
    return List.copyOf(out.values());
  }

  /** An address as the matrix writes it (2001:DB8::0:1 is 2001:db8::1), else the text as is. */
  private static String canonical(Object to) {
    try {
      return Ip.parse(to.toString()).toString();
    } catch (IllegalArgumentException e) {
      return to.toString();
    }
  }

  /**
   * The ping tasks {@link #expectations} leaves out, each with why, in the playbook's order: a
   * check that silently judged fewer expectations than the playbook has reads as "all hold".
   */
  public static List<String> ignoredExpectations(Playbook pb) {
    List<String> out = new ArrayList<>();
    Map<String, TaskSource> last = new LinkedHashMap<>();
    for (TaskSource t : pb.tasks()) {
      if (!t.type().equals("ping")) {
        continue;
      }
      String task = "ping task \"" + t.displayName() + "\"";
      if (!t.when().isEmpty()) {
        out.add(task + ": it has a when: condition, so it may not hold after the run");
        continue;
      }
      Object from = t.fixed().get("from");
      Object to = t.fixed().get("to");
      if (from == null || to == null || t.templated().containsKey("expect")) {
        out.add(task + ": its from, to or expect is a template, known only when it runs");
        continue;
      }
      String pair = from + " -> " + to;
      TaskSource earlier = last.put(from + " " + to, t);
      if (earlier != null) {
        Object was = earlier.fixed().getOrDefault("expect", "reachable");
        Object now = t.fixed().getOrDefault("expect", "reachable");
        out.add(
            "ping task \""
                + earlier.displayName()
                + "\": "
                + pair
                + (was.equals(now)
                    ? " is expected again by a later task (\""
                    : " " + was + " is overridden by a later task that expects it " + now + " (\"")
                + t.displayName()
                + "\"); the last one is what the lab shows after the run");
      }
    }
    return out;
  }

  /**
   * Probes the lab.
   *
   * @param model the lab as read ({@link ModelBuilder#build}; its matrix is ignored)
   * @param expectations from {@link #expectations}, or null when there is no playbook (every cell's
   *     {@code expected} is then null)
   * @param timeoutMs how long to wait for each reply
   */
  public static LabModel.Matrix probe(
      Kernel kernel, LabModel model, List<Expectation> expectations, int timeoutMs) {
    List<String> sources = sources(model);
    List<LabModel.Target> targets = targets(model);
    Guard guard =
        new Guard(
            kernel.links(null).routes(true),
            kernel.links(null).routes(false),
            kernel.links(null).all(),
            model);
    Map<String, String> expected = new LinkedHashMap<>();
    if (expectations != null) {
      for (Expectation e : expectations) {
        expected.put(e.from() + " " + e.to(), e.expect());
      }
    }

    LabModel.Cell[][] cells = new LabModel.Cell[sources.size()][targets.size()];
    ExecutorService pool =
        Executors.newFixedThreadPool(Math.max(1, Math.min(THREADS, sources.size())));
    try {
      List<Future<?>> jobs = new ArrayList<>();
      for (int s = 0; s < sources.size(); s++) {
        int row = s;
        String src = sources.get(s);
        List<RouteInfo> srcRoutes = routes(model, src);
        jobs.add(
            pool.submit(
                () -> {
                  for (int col = 0; col < targets.size(); col++) {
                    String addr = targets.get(col).address();
                    String want = expected.get(src + " " + addr);
                    Ip ip = Ip.parse(addr);
                    if (!guard.safe(srcRoutes, ip)) {
                      cells[row][col] = new LabModel.Cell(false, -1, want);
                      continue;
                    }
                    PingResult r = kernel.ping(src, ip, 1, timeoutMs);
                    cells[row][col] =
                        r.received() > 0
                            ? new LabModel.Cell(true, r.rttMillis().get(0), want)
                            : new LabModel.Cell(false, -1, want);
                  }
                }));
      }
      for (Future<?> f : jobs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("probing was interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    List<List<LabModel.Cell>> rows = new ArrayList<>();
    for (LabModel.Cell[] row : cells) {
      rows.add(List.of(row));
    }
    return new LabModel.Matrix(sources, targets, List.copyOf(rows));
  }

  /** The lab's own namespaces, in the model's order. */
  static List<String> sources(LabModel model) {
    return model.namespaces().stream()
        .filter(n -> !n.isHost())
        .map(LabModel.Namespace::name)
        .toList();
  }

  /**
   * Every IPv4 and IPv6 address on an interface of the lab (namespaces in the model's order, then
   * interface and address order), loopback and link-local (fe80::/10) addresses left out: a
   * link-local address means nothing without its link, and every link has one; then each
   * namespace's default gateways (IPv4, IPv6) that are not one of them. The host's targets have
   * netns null; a gateway on no lab interface has netns and name null.
   */
  static List<LabModel.Target> targets(LabModel model) {
    List<LabModel.Target> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (LabModel.Namespace n : model.namespaces()) {
      for (LabModel.Interface i : n.interfaces()) {
        for (String a : i.addresses()) {
          Cidr c = Cidr.parse(a);
          if (!probed(c.address())) {
            continue;
          }
          String ip = c.address().toString();
          if (seen.add(ip)) {
            out.add(new LabModel.Target(ip, n.isHost() ? null : n.name(), i.name()));
          }
        }
      }
    }
    for (LabModel.Namespace n : model.namespaces()) {
      for (LabModel.Route r : n.routes()) {
        if (r.dst().startsWith("default") && r.via() != null) {
          Ip gw = Ip.parse(r.via());
          if (probed(gw) && seen.add(gw.toString())) {
            out.add(new LabModel.Target(gw.toString(), null, null));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  private static final Cidr LOOPBACK = Cidr.parse("127.0.0.0/8");
  private static final Cidr LOOPBACK6 = Cidr.parse("::1/128");
  private static final Cidr LINK_LOCAL6 = Cidr.parse("fe80::/10");

  /** Whether an address is one to probe: not loopback, not IPv6 link-local. */
  static boolean probed(Ip ip) {
    return !LOOPBACK.contains(ip) && !LOOPBACK6.contains(ip) && !LINK_LOCAL6.contains(ip);
  }

  private static List<RouteInfo> routes(LabModel model, String netns) {
    List<RouteInfo> out = new ArrayList<>();
    for (LabModel.Namespace n : model.namespaces()) {
      if (!n.isHost() && n.name().equals(netns)) {
        for (LabModel.Route r : n.routes()) {
          if (!r.dst().startsWith("default") && r.via() == null) {
            Cidr c = Cidr.parse(r.dst());
            if (probed(c.address())) {
              out.add(new RouteInfo(c, null, 0));
            }
          }
        }
      }
    }
    return out;
  }

  /**
   * Keeps probes inside the lab: a target is safe from a source when the source is attached to its
   * subnet (the echo goes no further than the link), or when the host would not send it out of a
   * link that is not the lab's (it holds the address on a lab link, routes it through one, or has
   * no route for it).
   */
  static final class Guard {
    private final List<RouteInfo> hostRoutes4;
    private final List<RouteInfo> hostRoutes6;
    private final Set<Integer> hostLinks = new LinkedHashSet<>();
    private final Set<String> hostAddrs = new LinkedHashSet<>();

    /**
     * @param hostRoutes4 all of the host's IPv4 main-table routes
     * @param hostRoutes6 all of the host's IPv6 main-table routes
     * @param hostIfaces all of the host's links
     */
    Guard(
        List<RouteInfo> hostRoutes4,
        List<RouteInfo> hostRoutes6,
        List<Iface> hostIfaces,
        LabModel model) {
      this.hostRoutes4 = List.copyOf(hostRoutes4);
      this.hostRoutes6 = List.copyOf(hostRoutes6);
      Set<String> names = new LinkedHashSet<>();
      for (LabModel.Namespace n : model.namespaces()) {
        if (n.isHost()) {
          for (LabModel.Interface i : n.interfaces()) {
            names.add(i.name());
            for (String a : i.addresses()) {
              hostAddrs.add(Cidr.parse(a).address().toString());
            }
          }
        }
      }
      for (Iface i : hostIfaces) {
        if (names.contains(i.name())) {
          hostLinks.add(i.index());
        }
      }
    }

    /**
     * @param onLink the source's connected prefixes (routes without a gateway)
     */
    boolean safe(List<RouteInfo> onLink, Ip target) {
      for (RouteInfo r : onLink) {
        if (r.dst().contains(target)) {
          return true;
        }
      }
      if (hostAddrs.contains(target.toString())) {
        return true;
      }
      RouteInfo best = null;
      // The target's own version's routes: a default route covers only its version.
      for (RouteInfo r : target.isV4() ? hostRoutes4 : hostRoutes6) {
        int len = r.dst() == null ? 0 : r.dst().prefixLength();
        boolean matches = r.dst() == null || r.dst().contains(target);
        if (matches
            && (best == null || len > (best.dst() == null ? 0 : best.dst().prefixLength()))) {
          best = r;
        }
      }
      return best == null || hostLinks.contains(best.oif());
    }
  }
}

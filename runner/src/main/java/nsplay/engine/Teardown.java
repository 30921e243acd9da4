package nsplay.engine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import nsplay.jni.Errno;
import nsplay.jni.NativeException;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.kernel.LiveKernel;
import nsplay.kernel.RouteInfo;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.state.Entry;
import nsplay.state.Marks;
import nsplay.util.Threads;

/**
 * Removes what a lab created, from its journal alone, newest first. Every record is checked against
 * the kernel: what is gone is skipped (the run may have died before making it), what does not carry
 * the lab's marks is kept (someone else's, even if the journal names it).
 *
 * <p>Objects inside a namespace the lab created are not removed one by one: deleting the namespace
 * removes them all, and its veth pairs with them.
 */
public final class Teardown {
  private final PrintWriter out;

  /** The namespace that played the host is gone, and all that the lab had in it. */
  private boolean hostGone;

  /** The sysctls restored so far, and each one's value from before the lab (oldest record). */
  private final Set<String> restored = new HashSet<>();

  private final Map<String, String> originals = new HashMap<>();

  /**
   * Whether the journal's lab record survived: it says which namespace played the host. Without it,
   * records about the host cannot be told from the caller's own namespace, so they are left.
   */
  private boolean hostKnown;

  /** The only nft table this lab may remove, whatever its journal says. */
  private String table;

  private int removed;
  private int kept;
  private int failed;

  private final StringBuilder pending = new StringBuilder();

  public Teardown(PrintWriter out) {
    this.out = out;
  }

  /** What teardown did. */
  public record Result(int removed, int kept, int failed) {
    public String format(String lab) {
      return "RECAP " + lab + ": removed=" + removed + " kept=" + kept + " failed=" + failed;
    }
  }

  public Result run(String lab, List<Entry> entries, Kernel kernel) {
    try {
      passes(lab, entries, kernel);
    } finally {
      flush();
    }
    return new Result(removed, kept, failed);
  }

  private void passes(String lab, List<Entry> entries, Kernel kernel) {
    // One pass over the journal for everything the passes below look up (a 500-namespace lab
    // has some 3000 records).
    Entry.Lab head = null;
    Set<String> named = new HashSet<>();
    Map<String, Long> identity = new HashMap<>();
    for (Entry e : entries) {
      if (e instanceof Entry.Lab l) {
        head = head == null ? l : head;
      } else if (e instanceof Entry.Netns n) {
        named.add(n.name());
      } else if (e instanceof Entry.NetnsIdentity id) {
        identity.put(id.name(), id.inode());
      } else if (e instanceof Entry.Sysctl s) {
        originals.putIfAbsent(s.netns() + "\0" + s.key(), s.oldValue());
      }
    }
    hostKnown = head != null;
    int group = head != null ? head.group() : Marks.group(lab);
    String alias = Marks.alias(lab);
    Set<String> ourNetns = ourNamespaces(named, identity, kernel);
    hostGone = kernel.hostNetns() != null && !kernel.netnsExists(kernel.hostNetns());
    table = Marks.nftTable(lab);
    List<Entry> reversed = new ArrayList<>(entries);
    Collections.reverse(reversed);
    // Three passes, each newest first: what lives on links and tables; then links outside the
    // lab's namespaces; then the namespaces, which take everything inside them along. Links go
    // before namespaces so that a veth pair dies once, with its host end, in one grace period
    // for all of them (deleting a link waits ~30 ms for RCU; a group delete waits once).
    for (Entry e : reversed) {
      if (!(e instanceof Entry.Link) && !(e instanceof Entry.Netns)) {
        attempt(e, () -> undo(e, kernel, ourNetns, group, alias));
      }
    }
    List<Entry.Netns> namespaces = new ArrayList<>();
    for (Entry e : reversed) {
      if (e instanceof Entry.Netns n) {
        namespaces.add(n);
      }
    }
    List<GroupPlan> plans = planLinks(reversed, kernel, ourNetns, group, alias);
    if (plans != null) {
      // Every link left is in a group that one RTM_DELLINK removes, and nothing else is to
      // be deleted one by one: remove the namespaces meanwhile, on a second thread. The group
      // delete sleeps in the kernel (~0.35 s for 500 veth pairs) and holds RTNL, which an
      // unmount does not need; a veth pair whose namespace goes first dies in that namespace's
      // cleanup instead, under the same RTNL, so either way no link of the lab is left when
      // the group delete returns.
      NetnsRemover remover = new NetnsRemover(namespaces, kernel, ourNetns);
      Thread t = new Thread(remover, "nsplay-netns-del");
      flush();
      t.start();
      try {
        for (GroupPlan p : plans) {
          deleteGroup(p, kernel, group);
        }
      } finally {
        remover.join(t);
      }
      for (int i = 0; i < namespaces.size(); i++) {
        outcome(namespaces.get(i), remover.outcomes[i]);
      }
    } else {
      flush();
      deleteLinks(reversed, kernel, ourNetns, group, alias);
      Set<String> seen = new HashSet<>();
      for (Entry.Netns n : namespaces) {
        outcome(n, removeNetns(n, kernel, ourNetns, seen));
      }
    }
  }

  /**
   * What became of one namespace record: null (already gone, nothing to say), {@link #REMOVED},
   * {@link #NOT_OURS}, or the exception that stopped it.
   */
  private void outcome(Entry.Netns n, Object o) {
    if (o == REMOVED) {
      done(n);
    } else if (o == NOT_OURS) {
      keep(n, "it is not the namespace this lab created (another with that name, or not empty)");
    } else if (o instanceof RuntimeException ex) {
      report(describe(n), "failed: " + ex.getMessage());
      failed++;
    }
  }

  private static final Object REMOVED = "removed";
  private static final Object NOT_OURS = "not ours";

  /**
   * Removes one namespace of the lab; says what became of it (see {@link #outcome}) instead of
   * reporting, so that it can run on another thread. {@code seen}: the names handled before, when
   * the journal names one twice.
   */
  private static Object removeNetns(Entry.Netns n, Kernel k, Set<String> ours, Set<String> seen) {
    try {
      if (!seen.add(n.name()) || !k.netnsExists(n.name())) {
        return null;
      }
      if (!ours.contains(n.name())) {
        return NOT_OURS;
      }
      k.netnsDelete(n.name());
      return REMOVED;
    } catch (NativeException | UncheckedIOException ex) {
      return ex;
    }
  }

  /** The third pass on its own thread; its outcomes are reported, in order, once it is done. */
  private static final class NetnsRemover implements Runnable {
    private final List<Entry.Netns> namespaces;
    private final Kernel kernel;
    private final Set<String> ours;
    final Object[] outcomes;
    private volatile RuntimeException crashed;

    NetnsRemover(List<Entry.Netns> namespaces, Kernel kernel, Set<String> ours) {
      this.namespaces = namespaces;
      this.kernel = kernel;
      this.ours = ours;
      this.outcomes = new Object[namespaces.size()];
    }

    @Override
    public void run() {
      try {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < namespaces.size(); i++) {
          outcomes[i] = removeNetns(namespaces.get(i), kernel, ours, seen);
        }
      } catch (RuntimeException e) {
        crashed = e;
      }
    }

    /** Waits for the thread (the outcomes are visible after join); rethrows what broke it. */
    void join(Thread t) {
      Threads.joinUninterruptibly(t); // down must not return while namespaces are being removed
      if (crashed != null) {
        throw crashed;
      }
    }
  }

  private void attempt(Entry e, Runnable r) {
    if (!hostKnown
        && netnsOf(e) == null
        && !(e instanceof Entry.Netns)
        && !(e instanceof Entry.Lab)
        && !(e instanceof Entry.NetnsIdentity)) {
      report(
          describe(e),
          "failed: the journal's lab record is damaged, so which namespace "
              + "played the host is unknown; left as it is");
      failed++;
      return;
    }
    try {
      r.run();
    } catch (NativeException | UncheckedIOException ex) {
      report(describe(e), "failed: " + ex.getMessage());
      failed++;
    }
  }

  /** One group delete in one namespace, and the journal's links that it takes along. */
  private record GroupPlan(String netns, List<Entry.Link> links, Set<String> inGroup) {}

  /**
   * The group deletes that remove every link the lab has left outside its own namespaces, when
   * nothing else is needed there: in each namespace, every link of the group is one the journal
   * names and the lab marked, and every link the journal names that is still there is in the group.
   * Null when any namespace needs more (links deleted one by one), or cannot be read, or when the
   * journal's lab record is lost (see {@link #attempt}).
   */
  private List<GroupPlan> planLinks(
      List<Entry> reversed, Kernel k, Set<String> ours, int group, String alias) {
    if (!hostKnown) {
      return null;
    }
    Map<String, List<Entry.Link>> byNetns = linksByNetns(reversed, k, ours);
    List<GroupPlan> plans = new ArrayList<>();
    for (List<Entry.Link> links : byNetns.values()) {
      String netns = links.get(0).netns();
      List<Iface> present;
      try {
        present = k.links(netns).all();
      } catch (NativeException ex) {
        return null;
      }
      Set<String> inGroup = ownGroup(links, present, group, alias);
      if (inGroup == null) {
        return null;
      }
      Set<String> there = new HashSet<>();
      for (Iface i : present) {
        there.add(i.name());
      }
      for (Entry.Link l : links) {
        if (there.contains(l.name()) && !inGroup.contains(l.name())) {
          return null; // the journal names it but it left the group: one by one
        }
      }
      if (!inGroup.isEmpty()) {
        plans.add(new GroupPlan(netns, links, inGroup));
      }
    }
    return plans;
  }

  /**
   * The names of the links in the lab's group among {@code present}, when every one of them is a
   * link the journal names ({@code links}) and the lab marked; null when any is not, so that one
   * RTM_DELLINK of the group could take something foreign along.
   */
  private static Set<String> ownGroup(
      List<Entry.Link> links, List<Iface> present, int group, String alias) {
    Set<String> named = new HashSet<>();
    for (Entry.Link l : links) {
      named.add(l.name());
    }
    Set<String> inGroup = new HashSet<>();
    for (Iface i : present) {
      if (i.group() == group) {
        if (!named.contains(i.name()) || !isOurs(i, group, alias)) {
          return null;
        }
        inGroup.add(i.name());
      }
    }
    return inGroup;
  }

  /** Carries out one {@link GroupPlan}. */
  private void deleteGroup(GroupPlan p, Kernel k, int group) {
    attempt(
        p.links().get(0),
        () -> {
          try {
            k.links(p.netns()).deleteGroup(group);
          } catch (NativeException ex) {
            // ENODEV: no link is left in the group, because a namespace that went meanwhile
            // took the veth pairs with it.
            if (ex.errno() != Errno.ENODEV) {
              throw ex;
            }
          }
          Set<String> gone = new HashSet<>(p.inGroup());
          for (Entry.Link l : p.links()) {
            if (gone.remove(l.name())) {
              done(l);
            }
          }
        });
  }

  /** The journal's links outside the lab's namespaces, per namespace that still exists. */
  private Map<String, List<Entry.Link>> linksByNetns(
      List<Entry> reversed, Kernel k, Set<String> ours) {
    Map<String, List<Entry.Link>> byNetns = new LinkedHashMap<>();
    for (Entry e : reversed) {
      if (e instanceof Entry.Link l && !inOurs(l.netns(), ours) && exists(k, l.netns())) {
        byNetns.computeIfAbsent(l.netns() == null ? "" : l.netns(), x -> new ArrayList<>()).add(l);
      }
    }
    return byNetns;
  }

  /**
   * The lab's links outside its own namespaces, per namespace: with one RTM_DELLINK of the lab's
   * link group when every link of that group there is one the journal names and the lab marked (so
   * nothing foreign can share the group and go too), else one by one.
   */
  private void deleteLinks(
      List<Entry> reversed, Kernel k, Set<String> ours, int group, String alias) {
    for (List<Entry.Link> links : linksByNetns(reversed, k, ours).values()) {
      String netns = links.get(0).netns();
      List<Iface> present;
      try {
        present = k.links(netns).all();
      } catch (NativeException ex) {
        links.forEach(l -> attempt(l, () -> undo(l, k, ours, group, alias)));
        continue;
      }
      Set<String> inGroup = ownGroup(links, present, group, alias);
      if (inGroup == null || inGroup.isEmpty()) {
        links.forEach(l -> attempt(l, () -> undo(l, k, ours, group, alias)));
        continue;
      }
      deleteGroup(new GroupPlan(netns, links, inGroup), k, group);
      // Links the journal names but that were not in the group: checked one by one.
      for (Entry.Link l : links) {
        if (!inGroup.contains(l.name())) {
          attempt(l, () -> undo(l, k, ours, group, alias));
        }
      }
    }
  }

  /**
   * Namespaces the journal says the lab made and that are still the ones it made: the identity
   * recorded must match. up records it before the namespace gets its name, so a name in the journal
   * without an identity (an edited journal) is never taken for the lab's.
   */
  private static Set<String> ourNamespaces(
      Set<String> named, Map<String, Long> identity, Kernel kernel) {
    Set<String> out = new HashSet<>();
    for (String ns : named) {
      Long was = identity.get(ns);
      if (was != null && was == kernel.netnsInode(ns)) {
        out.add(ns);
      }
    }
    return out;
  }

  private void undo(Entry e, Kernel k, Set<String> ours, int group, String alias) {
    if (e instanceof Entry.Link l) {
      if (inOurs(l.netns(), ours) || !exists(k, l.netns())) {
        return;
      }
      Optional<Iface> link = k.links(l.netns()).get(l.name());
      if (link.isEmpty()) {
        return;
      }
      if (!isOurs(link.get(), group, alias)) {
        keep(e, "it does not carry this lab's mark (alias " + alias + ")");
        return;
      }
      k.links(l.netns()).delete(link.get().index());
      done(e);
    } else if (e instanceof Entry.LinkMove m) {
      if (m.to() == null || !k.netnsExists(m.to())) {
        return;
      }
      Optional<Iface> link = k.links(m.to()).get(m.name());
      if (link.isEmpty() || isOurs(link.get(), group, alias)) {
        return; // the lab's own link goes away with the lab
      }
      k.links(m.to()).moveTo(link.get().index(), m.from());
      report(describe(e), "moved back");
      removed++;
    } else if (e instanceof Entry.LinkUp u) {
      if (inOurs(u.netns(), ours) || !exists(k, u.netns())) {
        return;
      }
      Optional<Iface> link = k.links(u.netns()).get(u.name());
      if (link.isPresent() && link.get().up() && !isOurs(link.get(), group, alias)) {
        k.links(u.netns()).setUp(link.get().index(), false);
        report(describe(e), "set down");
        removed++;
      }
    } else if (e instanceof Entry.Addr a) {
      if (inOurs(a.netns(), ours) || !exists(k, a.netns())) {
        return;
      }
      Optional<Iface> link = k.links(a.netns()).get(a.link());
      Cidr cidr = Cidr.parse(a.cidr());
      if (link.isEmpty() || isOurs(link.get(), group, alias)) {
        return;
      }
      int index = link.get().index();
      if (k.links(a.netns()).addrs().stream()
          .anyMatch(x -> x.index() == index && x.cidr().equals(cidr))) {
        k.links(a.netns()).delAddr(index, cidr);
        done(e);
      }
    } else if (e instanceof Entry.Route r) {
      undoRoute(r, k, ours, group, alias);
    } else if (e instanceof Entry.NftTable t) {
      if (inOurs(t.netns(), ours) || !exists(k, t.netns())) {
        return;
      }
      if (!t.table().equals(table) || !t.family().equals("ip")) {
        keep(e, "this lab's table is ip " + table);
        return;
      }
      if (k.nft(t.netns()).hasTable(t.table())) {
        k.nft(t.netns()).deleteTable(t.table());
        done(e);
      }
    } else if (e instanceof Entry.Sysctl s) {
      if (inOurs(s.netns(), ours) || !exists(k, s.netns())) {
        return;
      }
      if (!LiveKernel.isNetworkSysctl(s.key())) {
        keep(e, "not a network sysctl");
        return;
      }
      String id = s.netns() + "\0" + s.key();
      if (!restored.add(id)) {
        return; // an older record of the same key: the newest one restored it, or kept it
      }
      // Back to the value from before the lab, the oldest record's, if the value is still the
      // one the lab set last: otherwise someone changed it since, and it is theirs now.
      String original = originals.get(id);
      String now = k.sysctl(s.netns(), s.key());
      if (now.equals(s.newValue()) && !Objects.equals(now, original)) {
        k.setSysctl(s.netns(), s.key(), original);
        report(describe(e), "restored to " + original);
        removed++;
      }
    }
  }

  private void undoRoute(Entry.Route r, Kernel k, Set<String> ours, int group, String alias) {
    if (inOurs(r.netns(), ours) || !exists(k, r.netns())) {
      return;
    }
    int oif = 0;
    if (r.dev() != null) {
      Optional<Iface> dev = k.links(r.netns()).get(r.dev());
      if (dev.isEmpty() || isOurs(dev.get(), group, alias)) {
        return; // the route went, or goes, with its link
      }
      oif = dev.get().index();
    }
    Cidr dst = r.to().equals("default") ? null : Cidr.parse(r.to());
    Ip via = r.via() == null ? null : Ip.parse(r.via());
    boolean v4 = dst != null ? dst.address().isV4() : via == null || via.isV4();
    int wantOif = oif;
    Optional<RouteInfo> found =
        k.links(r.netns()).routes(v4).stream()
            .filter(
                x ->
                    Objects.equals(x.dst(), dst)
                        && Objects.equals(x.gateway(), via)
                        && (wantOif == 0 || x.oif() == wantOif))
            .findFirst();
    if (found.isPresent()) {
      k.links(r.netns()).delRoute(found.get(), v4);
      done(r);
    }
  }

  private static boolean isOurs(Iface link, int group, String alias) {
    // The alias is set right after creation; a crash in between, or a hand that changed it,
    // leaves the group, which the create request itself set. Only links the journal names get
    // here.
    return alias.equals(link.alias()) || link.group() == group;
  }

  private static boolean inOurs(String netns, Set<String> ours) {
    return netns != null && ours.contains(netns);
  }

  private boolean exists(Kernel k, String netns) {
    return netns == null ? !hostGone : k.netnsExists(netns);
  }

  /** The namespace a record is about (null: the host); LinkMove's is where the link went. */
  private static String netnsOf(Entry e) {
    if (e instanceof Entry.Link l) {
      return l.netns();
    } else if (e instanceof Entry.LinkUp u) {
      return u.netns();
    } else if (e instanceof Entry.LinkMove m) {
      return m.from() == null ? null : m.to();
    } else if (e instanceof Entry.Addr a) {
      return a.netns();
    } else if (e instanceof Entry.Route r) {
      return r.netns();
    } else if (e instanceof Entry.NftTable t) {
      return t.netns();
    } else if (e instanceof Entry.Sysctl s) {
      return s.netns();
    }
    return null;
  }

  private void done(Entry e) {
    report(describe(e), "removed");
    removed++;
  }

  private void keep(Entry e, String why) {
    report(describe(e), "kept: " + why);
    kept++;
  }

  /**
   * One line per record, written out before the long wait and at the end: a write per line (the
   * caller's writer may flush on each println) costs more than the kernel work of a namespace.
   */
  private void report(String what, String result) {
    pending.append("REMOVE [").append(what).append("] ... ").append(result).append('\n');
  }

  private void flush() {
    out.print(pending);
    out.flush();
    pending.setLength(0);
  }

  static String describe(Entry e) {
    if (e instanceof Entry.Netns n) {
      return "netns " + n.name();
    } else if (e instanceof Entry.Link l) {
      return "link " + l.name() + at(l.netns());
    } else if (e instanceof Entry.LinkMove m) {
      return "link " + m.name() + at(m.to());
    } else if (e instanceof Entry.LinkUp u) {
      return "link " + u.name() + " up" + at(u.netns());
    } else if (e instanceof Entry.Addr a) {
      return "addr " + a.cidr() + " dev " + a.link() + at(a.netns());
    } else if (e instanceof Entry.Route r) {
      return "route "
          + r.to()
          + (r.via() == null ? "" : " via " + r.via())
          + (r.dev() == null ? "" : " dev " + r.dev())
          + at(r.netns());
    } else if (e instanceof Entry.NftTable t) {
      return "nft table " + t.family() + " " + t.table() + at(t.netns());
    } else if (e instanceof Entry.Sysctl s) {
      return "sysctl " + s.key() + at(s.netns());
    }
    return e.toString();
  }

  private static String at(String netns) {
    return netns == null ? "" : " in " + netns;
  }
}

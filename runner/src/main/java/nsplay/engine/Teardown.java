package nsplay.engine;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import nsplay.jni.NativeException;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.kernel.RouteInfo;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.state.Entry;
import nsplay.task.Marks;

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

  private final java.util.Map<String, String> originals = new java.util.HashMap<>();

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
    int group =
        entries.stream()
            .filter(e -> e instanceof Entry.Lab)
            .map(e -> ((Entry.Lab) e).group())
            .findFirst()
            .orElse(Marks.group(lab));
    String alias = Marks.alias(lab);
    Set<String> ourNetns = ourNamespaces(entries, kernel);
    hostGone = kernel.hostNetns() != null && !kernel.netnsExists(kernel.hostNetns());
    hostKnown = entries.stream().anyMatch(e -> e instanceof Entry.Lab);
    for (Entry e : entries) {
      if (e instanceof Entry.Sysctl s) {
        originals.putIfAbsent(s.netns() + "\0" + s.key(), s.oldValue());
      }
    }
    table = Marks.nftTable(lab);
    List<Entry> reversed = new ArrayList<>(entries);
    java.util.Collections.reverse(reversed);
    // Three passes, each newest first: what lives on links and tables; then links outside the
    // lab's namespaces; then the namespaces, which take everything inside them along. Links go
    // before namespaces so that a veth pair dies once, with its host end, in one grace period
    // for all of them (deleting a link waits ~30 ms for RCU; a group delete waits once).
    for (Entry e : reversed) {
      if (!(e instanceof Entry.Link) && !(e instanceof Entry.Netns)) {
        attempt(e, () -> undo(e, kernel, ourNetns, group, alias));
      }
    }
    deleteLinks(reversed, kernel, ourNetns, group, alias);
    for (Entry e : reversed) {
      if (e instanceof Entry.Netns) {
        attempt(e, () -> undo(e, kernel, ourNetns, group, alias));
      }
    }
    return new Result(removed, kept, failed);
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

  /**
   * The lab's links outside its own namespaces, per namespace: with one RTM_DELLINK of the lab's
   * link group when every link of that group there is one the journal names and the lab marked (so
   * nothing foreign can share the group and go too), else one by one.
   */
  private void deleteLinks(
      List<Entry> reversed, Kernel k, Set<String> ours, int group, String alias) {
    java.util.Map<String, List<Entry.Link>> byNetns = new java.util.LinkedHashMap<>();
    for (Entry e : reversed) {
      if (e instanceof Entry.Link l && !inOurs(l.netns(), ours) && exists(k, l.netns())) {
        byNetns.computeIfAbsent(l.netns() == null ? "" : l.netns(), x -> new ArrayList<>()).add(l);
      }
    }
    for (List<Entry.Link> links : byNetns.values()) {
      String netns = links.get(0).netns();
      List<Iface> present;
      try {
        present = k.links(netns).all();
      } catch (NativeException ex) {
        links.forEach(l -> attempt(l, () -> undo(l, k, ours, group, alias)));
        continue;
      }
      Set<String> named = new HashSet<>();
      links.forEach(l -> named.add(l.name()));
      List<Iface> inGroup = present.stream().filter(i -> i.group() == group).toList();
      boolean safe =
          !inGroup.isEmpty()
              && inGroup.stream()
                  .allMatch(i -> named.contains(i.name()) && isOurs(i, group, alias));
      if (!safe) {
        links.forEach(l -> attempt(l, () -> undo(l, k, ours, group, alias)));
        continue;
      }
      Set<String> gone = new HashSet<>();
      inGroup.forEach(i -> gone.add(i.name()));
      Entry first = links.get(0);
      attempt(
          first,
          () -> {
            k.links(netns).deleteGroup(group);
            for (Entry.Link l : links) {
              if (gone.remove(l.name())) {
                done(l);
              }
            }
          });
      // Links the journal names but that were not in the group: checked one by one.
      for (Entry.Link l : links) {
        if (!inGroup.stream().anyMatch(i -> i.name().equals(l.name()))) {
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
  private static Set<String> ourNamespaces(List<Entry> entries, Kernel kernel) {
    Set<String> named = new HashSet<>();
    java.util.Map<String, Long> identity = new java.util.HashMap<>();
    for (Entry e : entries) {
      if (e instanceof Entry.Netns n) {
        named.add(n.name());
      } else if (e instanceof Entry.NetnsIdentity id) {
        identity.put(id.name(), id.inode());
      }
    }
    Set<String> out = new HashSet<>();
    for (String ns : named) {
      long now = kernel.netnsInode(ns);
      if (now == -1) {
        continue;
      }
      Long was = identity.get(ns);
      if (was != null && was == now) {
        out.add(ns);
      }
    }
    return out;
  }

  private void undo(Entry e, Kernel k, Set<String> ours, int group, String alias) {
    if (e instanceof Entry.Netns n) {
      if (!k.netnsExists(n.name())) {
        return;
      }
      if (!ours.contains(n.name())) {
        keep(
            e,
            "it is not the namespace this lab created (another with that name, or not " + "empty)");
        return;
      }
      k.netnsDelete(n.name());
      done(e);
    } else if (e instanceof Entry.Link l) {
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
      if (!s.key().matches("net\\.[^./]+([./][^./]+)*")) {
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

  private void report(String what, String result) {
    out.println("REMOVE [" + what + "] ... " + result);
    out.flush();
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

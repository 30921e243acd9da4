package nsplay.engine;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nsplay.jni.Errno;
import nsplay.jni.NativeException;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.kernel.NetnsFile;
import nsplay.state.Entry;
import nsplay.state.Ledger;
import nsplay.state.Ownership;
import nsplay.state.Removal;
import nsplay.util.Threads;

/**
 * Removes what a lab created, from its journal alone, newest first. Every record is checked against
 * the kernel: what is gone is skipped (the run may have died before making it), what does not carry
 * the lab's marks is kept (someone else's, even if the journal names it). How each kind is undone
 * is the kind's ({@link Entry#undo}); this class orders the records and removes the links and
 * namespaces fast.
 *
 * <p>Objects inside a namespace the lab created are not removed one by one: deleting the namespace
 * removes them all, and its veth pairs with them.
 */
public final class Teardown {
  private final PrintWriter out;
  private Removal removal;

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
    return run(lab, entries, kernel, Removal.Neighbours.NONE);
  }

  /** The same, with the other labs that may rely on the sysctls it would restore. */
  public Result run(String lab, List<Entry> entries, Kernel kernel, Removal.Neighbours others) {
    // One pass over the journal for everything the passes below look up (a 500-namespace lab
    // has some 5000 records).
    return run(lab, entries, Ledger.of(entries), kernel, others);
  }

  /** The same, with the ledger of {@code entries} ({@link Ledger#of}) that the caller has. */
  public Result run(
      String lab, List<Entry> entries, Ledger ledger, Kernel kernel, Removal.Neighbours others) {
    Ownership own = Ownership.of(lab, ledger, kernel);
    // The lab's namespaces, by their inode, before anything is removed; and the names a killed
    // run left half made or half removed, which hold nothing either: one stat of each name
    // answers both. The whole identity (inode, and birth or else the token on lo) is checked
    // again right before each namespace is removed (Entry.Netns#remove), from a stat made then,
    // on the second thread while the group delete sleeps in the kernel. A namespace with the
    // inode but not the identity is one re-made by hand: what the lab made in it went with the
    // old one, so what is journalled in it is no more the lab's business than if it were removed.
    Set<String> ours = new HashSet<>();
    for (String ns : ledger.namespaceNames()) {
      try {
        NetnsFile f = kernel.netnsFile(ns);
        if (own.hasLabsInode(ns, f) || own.isLabsLeftover(ns, f)) {
          ours.add(ns);
        }
      } catch (RuntimeException e) {
        // A name no kernel call takes (e.g. too long for a file): not the lab's; its record
        // says why when the third pass meets it.
      }
    }
    removal = new Removal(kernel, own, ours).neighbours(others);
    try {
      passes(ledger, entries, kernel, own.group());
    } finally {
      flush();
    }
    return new Result(removal.removed(), removal.kept(), removal.failed());
  }

  private void passes(Ledger ledger, List<Entry> entries, Kernel kernel, int group) {
    List<Entry> reversed = new ArrayList<>(entries);
    Collections.reverse(reversed);
    // Three passes, each newest first: what lives on links and tables; then links outside the
    // lab's namespaces; then the namespaces, which take everything inside them along. Links go
    // before namespaces so that a veth pair dies once, with its host end, in one grace period
    // for all of them (deleting a link waits ~30 ms for RCU; a group delete waits once).
    for (Entry e : reversed) {
      if (e.pass() == Entry.Pass.FIRST) {
        removal.undo(e);
      }
    }
    List<Entry.Netns> namespaces = new ArrayList<>(ledger.namespaces());
    Collections.reverse(namespaces);
    List<Entry.Link> links = new ArrayList<>(ledger.links());
    Collections.reverse(links);
    List<GroupPlan> plans = planLinks(links, kernel, group);
    if (plans != null) {
      // Every link left is in a group that one RTM_DELLINK removes, and nothing else is to
      // be deleted one by one: remove the namespaces meanwhile, on a second thread. The group
      // delete sleeps in the kernel (~0.35 s for 500 veth pairs) and holds RTNL, which an
      // unmount does not need; a veth pair whose namespace goes first dies in that namespace's
      // cleanup instead, under the same RTNL, so either way no link of the lab is left when
      // the group delete returns.
      NetnsRemover remover = new NetnsRemover(namespaces, removal);
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
      deleteLinks(links, kernel, group);
      Set<String> seen = new HashSet<>();
      for (Entry.Netns n : namespaces) {
        outcome(n, removeNetns(n, removal, seen));
      }
    }
  }

  /** Reports what became of one namespace record: a {@link Entry.Netns.Removed}, or what broke. */
  private void outcome(Entry.Netns n, Object o) {
    if (o instanceof RuntimeException ex) {
      removal.failed(n, ex);
    } else {
      n.report(removal, (Entry.Netns.Removed) o);
    }
  }

  /**
   * Removes one namespace of the lab; returns what became of it, or the exception that stopped it.
   */
  private static Object removeNetns(Entry.Netns n, Removal r, Set<String> seen) {
    try {
      return n.remove(r, seen);
    } catch (RuntimeException ex) {
      return ex;
    }
  }

  /** The third pass on its own thread; its outcomes are reported, in order, once it is done. */
  private static final class NetnsRemover implements Runnable {
    private final List<Entry.Netns> namespaces;
    private final Removal removal;
    final Object[] outcomes;
    private volatile RuntimeException crashed;

    NetnsRemover(List<Entry.Netns> namespaces, Removal removal) {
      this.namespaces = namespaces;
      this.removal = removal;
      this.outcomes = new Object[namespaces.size()];
    }

    @Override
    public void run() {
      try {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < namespaces.size(); i++) {
          outcomes[i] = removeNetns(namespaces.get(i), removal, seen);
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

  /** One group delete in one namespace, and the journal's links that it takes along. */
  private record GroupPlan(String netns, List<Entry.Link> links, Set<String> inGroup) {}

  /**
   * The group deletes that remove every link the lab has left outside its own namespaces, when
   * nothing else is needed there: in each namespace, every link of the group is one the journal
   * names and the lab marked, and every link the journal names that is still there is in the group.
   * Null when any namespace needs more (links deleted one by one), or cannot be read, or when the
   * journal's lab record is lost (see {@link Removal#undo}).
   */
  private List<GroupPlan> planLinks(List<Entry.Link> reversed, Kernel k, int group) {
    if (!removal.hostKnown()) {
      return null;
    }
    List<GroupPlan> plans = new ArrayList<>();
    for (List<Entry.Link> links : linksByNetns(reversed, k).values()) {
      String netns = links.get(0).netns();
      List<Iface> present;
      try {
        present = k.links(netns).all();
      } catch (NativeException ex) {
        return null;
      }
      Set<String> inGroup = ownGroup(netns, links, present, group);
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
   * link the journal names ({@code links}) and is the lab's; null when any is not, so that one
   * RTM_DELLINK of the group could take something foreign along.
   */
  private Set<String> ownGroup(
      String netns, List<Entry.Link> links, List<Iface> present, int group) {
    Set<String> named = new HashSet<>();
    for (Entry.Link l : links) {
      named.add(l.name());
    }
    Set<String> inGroup = new HashSet<>();
    for (Iface i : present) {
      if (i.group() == group) {
        if (!named.contains(i.name()) || !removal.ownership().isLabsLink(netns, i)) {
          return null;
        }
        inGroup.add(i.name());
      }
    }
    return inGroup;
  }

  /** Carries out one {@link GroupPlan}. */
  private void deleteGroup(GroupPlan p, Kernel k, int group) {
    if (!removal.mayTouch(p.links().get(0))) {
      return;
    }
    try {
      try {
        k.links(p.netns()).deleteGroup(group);
      } catch (NativeException ex) {
        // ENODEV: no link is left in the group, because a namespace that went meanwhile
        // took the veth pairs with it.
        if (ex.errno() != Errno.ENODEV) {
          throw ex;
        }
      }
    } catch (RuntimeException ex) {
      removal.failed(p.links().get(0), ex);
      return;
    }
    Set<String> gone = new HashSet<>(p.inGroup());
    for (Entry.Link l : p.links()) {
      if (gone.remove(l.name())) {
        removal.done(l);
      }
    }
  }

  /** The journal's links outside the lab's namespaces, per namespace that still exists. */
  private Map<String, List<Entry.Link>> linksByNetns(List<Entry.Link> reversed, Kernel k) {
    Map<String, List<Entry.Link>> byNetns = new LinkedHashMap<>();
    for (Entry.Link l : reversed) {
      boolean needed;
      try {
        needed = removal.needed(l.netns());
      } catch (RuntimeException ex) {
        needed = true; // let its own undo say what is wrong with it
      }
      if (needed) {
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
  private void deleteLinks(List<Entry.Link> reversed, Kernel k, int group) {
    for (List<Entry.Link> links : linksByNetns(reversed, k).values()) {
      String netns = links.get(0).netns();
      List<Iface> present;
      try {
        present = k.links(netns).all();
      } catch (RuntimeException ex) {
        links.forEach(removal::undo);
        continue;
      }
      Set<String> inGroup = ownGroup(netns, links, present, group);
      if (inGroup == null || inGroup.isEmpty()) {
        links.forEach(removal::undo);
        continue;
      }
      deleteGroup(new GroupPlan(netns, links, inGroup), k, group);
      // Links the journal names but that were not in the group: checked one by one.
      for (Entry.Link l : links) {
        if (!inGroup.contains(l.name())) {
          removal.undo(l);
        }
      }
    }
  }

  private void flush() {
    out.print(removal.takeLines());
    out.flush();
  }
}

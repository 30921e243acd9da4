package nsplay.state;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nsplay.jni.NativeException;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.kernel.NetnsFile;

/**
 * The one answer to "is this the lab's?", from the lab's journal (and the other labs' journals,
 * where owners are named) and the kernel. Everything that removes, refuses, repairs or shows an
 * object by whose it is asks here, so that down, status, report, the checks before a run and the
 * tasks cannot disagree.
 *
 * <p>Built once per command. The journal side is live when built over a running lab's {@link
 * Ledger}: what a task records, the next task's questions see.
 */
public final class Ownership {
  /** The owner of what exists but was not made by nsplay: the host's, or another tool's. */
  public static final String NOT_NSPLAY = "-";

  private final String lab;
  private final int group;
  private final String alias;
  private final Ledger ledger;
  private final Kernel kernel;
  private final Map<String, Ledger> others;

  private Ownership(
      String lab, int group, Ledger ledger, Kernel kernel, Map<String, Ledger> others) {
    this.lab = lab;
    this.group = group;
    this.alias = Marks.alias(lab);
    this.ledger = ledger;
    this.kernel = kernel;
    this.others = others;
  }

  /** Over a journal's records; the link group is the lab record's (derived when it is lost). */
  public static Ownership of(String lab, List<Entry> entries, Kernel kernel) {
    return of(lab, Ledger.of(entries), kernel);
  }

  /** Over a ledger; the link group is its lab record's (derived when it is lost). */
  public static Ownership of(String lab, Ledger ledger, Kernel kernel) {
    int group = ledger.head() != null ? ledger.head().group() : Marks.group(lab);
    return new Ownership(lab, group, ledger, kernel, Map.of());
  }

  /** Over a running lab's ledger, whose links are created in {@code group}. */
  public static Ownership of(String lab, int group, Ledger ledger, Kernel kernel) {
    return new Ownership(lab, group, ledger, kernel, Map.of());
  }

  /** The same, also knowing the other labs' journals (by lab name) to name owners. */
  public Ownership withOthers(Map<String, List<Entry>> journals) {
    Map<String, Ledger> o = new TreeMap<>();
    journals.forEach((name, entries) -> o.put(name, Ledger.of(entries)));
    return new Ownership(lab, group, ledger, kernel, o);
  }

  public String lab() {
    return lab;
  }

  /** The link group of the lab's links (IFLA_GROUP, set in the create request itself). */
  public int group() {
    return group;
  }

  /** The alias the lab's links carry: {@code nsplay:LAB}. */
  public String alias() {
    return alias;
  }

  /** The only nft table the lab may have: {@code ip nsplay-LAB}. */
  public String table() {
    return Marks.nftTable(lab);
  }

  public Ledger ledger() {
    return ledger;
  }

  // Namespaces.

  /** Whether the journal records creating namespace {@code name} (the kernel not asked). */
  public boolean journalsNetns(String name) {
    return name != null && ledger.hasNetns(name);
  }

  /**
   * Strict, for removal: the journal made namespace {@code name} and the one there now has the
   * identity recorded for it: its inode, and its lo carries the token ({@link #carriesToken}). up
   * records the identity before the namespace gets its name, so a name in the journal without one
   * (an edited journal) is never taken for the lab's.
   */
  public boolean isLabsNetns(String name) {
    return hasLabsInode(name) && carriesToken(ledger, name);
  }

  /**
   * {@link #isLabsNetns(String)} answered from {@code file}, what one stat of the name found
   * ({@link Kernel#netnsFile}; null: no such name): its inode is the one recorded ({@link
   * #hasLabsInode(String, NetnsFile)}), and its birth is too, or else its lo carries the token
   * ({@link #carriesLabsToken}). What down asks right before it removes a namespace, from a stat
   * made right then.
   */
  public boolean isLabsNetns(String name, NetnsFile file) {
    return hasLabsInode(name, file) && carriesLabsToken(name, file);
  }

  /**
   * The first half of {@link #isLabsNetns(String)}, a stat: the journal made namespace {@code name}
   * and the one there now has the inode recorded for it.
   */
  public boolean hasLabsInode(String name) {
    if (!journalsNetns(name)) {
      return false;
    }
    Long was = ledger.identity(name);
    return was != null && was == kernel.netnsInode(name);
  }

  /**
   * {@link #hasLabsInode(String)} answered from {@code file}, one stat of the name (null: there is
   * none); a leftover has no namespace, so no identity. Teardown asks it of every namespace up
   * front, from one stat each, and {@link #isLabsNetns(String, NetnsFile)} right before removing
   * each one, from another.
   */
  public boolean hasLabsInode(String name, NetnsFile file) {
    if (file == null || file.leftover() || !journalsNetns(name)) {
      return false;
    }
    Long was = ledger.identity(name);
    return was != null && was == file.inode();
  }

  /**
   * The second half of {@link #isLabsNetns(String, NetnsFile)}: namespace {@code name}, as {@code
   * file} found it, was born when the journal says, or its lo carries the token recorded for it (or
   * none was: a journal from before tokens). Through {@link Kernel#loAlias}, so safe on teardown's
   * second thread.
   */
  public boolean carriesLabsToken(String name, NetnsFile file) {
    String token = ledger.token(name);
    if (token == null) {
      return true;
    }
    // The inode matched (hasLabsInode); the same birth too means the same namespace: one made
    // again under the reused inode number is born later. It comes with the inode, from the same
    // stat, where the token takes a socket inside the namespace (~0.25 ms each, 500 of them in a
    // down). Any other answer (no birth recorded, or a changed ctime) is settled by the token.
    long born = ledger.born(name);
    if (born != 0 && file != null && !file.leftover() && born == file.born()) {
      return true;
    }
    try {
      return Marks.netnsAlias(lab, token).equals(kernel.loAlias(name));
    } catch (NativeException e) {
      return false; // cannot be entered: not a namespace the lab can vouch for
    }
  }

  /**
   * Whether namespace {@code name}'s lo carries the token {@code l} recorded for it. The kernel
   * reuses nsfs inode numbers (a namespace deleted and made again by hand 0.5-2 s later often gets
   * the old one), so the inode alone does not tell the lab's namespace from its replacement; the
   * token does, as up sets it before the namespace has its name. A journal from before tokens has
   * none: the inode alone, as it was then.
   */
  private boolean carriesToken(Ledger l, String name) {
    String token = l.token(name);
    if (token == null) {
      return true;
    }
    try {
      Optional<Iface> lo = kernel.links(name).get("lo");
      // The alias names the lab that made it: another lab's ledger is checked against its own.
      String madeBy = l.head() != null ? l.head().lab() : lab;
      return lo.isPresent() && Marks.netnsAlias(madeBy, token).equals(lo.get().alias());
    } catch (NativeException e) {
      return false; // cannot be entered: not a namespace the lab can vouch for
    }
  }

  /**
   * Lenient, for showing: the namespace exists, the journal made it, and it has not been replaced
   * (same identity, or none recorded: a journal from before identities, or edited). Never enough to
   * remove it.
   */
  public boolean showsAsLabsNetns(String name) {
    if (!journalsNetns(name)) {
      return false;
    }
    long inode = kernel.netnsInode(name);
    return inode != -1 && made(ledger, name, inode);
  }

  /**
   * Whether the name {@code name} is an unfinished leftover of this lab, to be removed by the next
   * run: no namespace but an empty file nothing is mounted on ({@link Kernel#netnsLeftover}), under
   * a name whose creation the journal records with an identity (which up records before the name
   * exists). A run killed between creating the file and mounting, or between unmounting and
   * removing the file, leaves one.
   */
  public boolean isLabsLeftover(String name) {
    return leftover(ledger, name);
  }

  /**
   * {@link #isLabsLeftover(String)} answered from {@code file}, one stat of the name (see {@link
   * #isLabsNetns(String, NetnsFile)}).
   */
  public boolean isLabsLeftover(String name, NetnsFile file) {
    return file != null
        && file.leftover()
        && ledger.hasNetns(name)
        && ledger.identity(name) != null;
  }

  private boolean leftover(Ledger l, String name) {
    return l.hasNetns(name) && l.identity(name) != null && kernel.netnsLeftover(name);
  }

  /**
   * Whose namespace {@code name} is: null when there is none, "" when this lab's (leniently, or an
   * unfinished leftover of it), "lab X" when another lab's journal made it, else {@link
   * #NOT_NSPLAY}.
   */
  public String netnsOwner(String name) {
    if (!kernel.netnsExists(name)) {
      return null;
    }
    long inode = kernel.netnsInode(name);
    if (made(ledger, name, inode)) {
      return "";
    }
    if (leftover(ledger, name)) {
      return ""; // its netns_add removes it and creates the namespace
    }
    for (Map.Entry<String, Ledger> e : others.entrySet()) {
      if (made(e.getValue(), name, inode) || leftover(e.getValue(), name)) {
        return "lab " + e.getKey();
      }
    }
    return NOT_NSPLAY;
  }

  private boolean made(Ledger l, String name, long inode) {
    if (!l.hasNetns(name)) {
      return false;
    }
    Long was = l.identity(name);
    return was == null || (was == inode && carriesToken(l, name));
  }

  // Links.

  /** Whether the journal records creating link {@code name} in {@code netns}. */
  public boolean journalsLink(String netns, String name) {
    return ledger.hasLink(netns, name);
  }

  /** Where a link made in {@code netns} is now, following the lab's own moves. */
  public String whereIs(String netns, String link) {
    return ledger.whereIs(netns, link);
  }

  /**
   * Whether {@code link}, found in {@code netns} (null: the host), is the lab's: it carries the
   * lab's alias, or the journal made it (there, or moved it there) and it is in the lab's link
   * group. The alias is set right after creation, so a crash in between, or a hand that changed it,
   * leaves only the group, which the create request itself set; the group alone is not enough, as
   * anyone with CAP_NET_ADMIN can put a link in any group.
   */
  public boolean isLabsLink(String netns, Iface link) {
    if (alias.equals(link.alias())) {
      return true;
    }
    return link.group() == group && journalledAt(netns, link.name());
  }

  private boolean journalledAt(String netns, String name) {
    if (ledger.hasLink(netns, name)) {
      return true;
    }
    for (Entry.LinkMove m : ledger.moves()) {
      if (m.name().equals(name) && java.util.Objects.equals(m.to(), netns)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whose link {@code name} in {@code netns} is: null when there is none (or it cannot tell), ""
   * when this lab's (by {@link #isLabsLink}, or inside a namespace of this lab), "lab X" when it
   * carries another lab's alias, else {@link #NOT_NSPLAY}.
   */
  public String linkOwner(String netns, String name) {
    Optional<Iface> link;
    try {
      if (netns != null && !kernel.netnsExists(netns)) {
        return null;
      }
      link = kernel.links(netns).get(name);
    } catch (NativeException e) {
      return null;
    }
    if (link.isEmpty()) {
      return null;
    }
    if (isLabsLink(netns, link.get())) {
      return "";
    }
    String a = link.get().alias();
    if (a != null && a.startsWith(Marks.ALIAS_PREFIX)) {
      // A lab namespace's lo says "nsplay:LAB netns TOKEN": the lab's name ends at the space.
      return "lab " + a.substring(Marks.ALIAS_PREFIX.length()).split(" ", 2)[0];
    }
    if (netns != null && "".equals(netnsOwner(netns))) {
      return ""; // inside this lab's own namespace
    }
    return NOT_NSPLAY;
  }

  /** Like {@link #netnsOwner}, for the lab's nft table in {@code netns} (null: the host). */
  public String nftTableOwner(String netns) {
    try {
      if ((netns != null && !kernel.netnsExists(netns)) || !kernel.nft(netns).hasTable(table())) {
        return null;
      }
    } catch (NativeException e) {
      return null;
    }
    for (Entry.NftTable t : ledger.tables()) {
      if (java.util.Objects.equals(t.netns(), netns)) {
        return "";
      }
    }
    // Named like ours but not in our journal: someone made it by hand, or another tool.
    return NOT_NSPLAY;
  }
}

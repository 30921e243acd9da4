package nsplay.state;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import nsplay.kernel.Kernel;

/**
 * What one {@code down} knows while it undoes a lab's records, and its tally: each kind's {@link
 * Entry#undo} asks here whether a record is still its business and reports what it did. The order
 * of the records (newest first, in three passes) is the caller's.
 */
public final class Removal {
  private final Kernel kernel;
  private final Ownership ownership;
  private final Set<String> labNamespaces;
  private final boolean hostKnown;
  private final boolean hostGone;
  private final Set<String> restored = new HashSet<>();
  private Neighbours neighbours = Neighbours.NONE;
  private final StringBuilder pending = new StringBuilder();
  private int removed;
  private int kept;
  private int failed;

  /**
   * @param labNamespaces the namespaces that are the lab's by their inode ({@link
   *     Ownership#hasLabsInode(String, nsplay.kernel.NetnsFile)}, from a stat of each before
   *     anything is removed; the whole identity is checked before each is removed): what is inside
   *     them goes with them, or, with the inode but not the identity, went with the lab's namespace
   *     that had the name before; and the lab's leftovers ({@link Ownership#isLabsLeftover(String,
   *     nsplay.kernel.NetnsFile)}), names that hold no namespace and so nothing
   */
  public Removal(Kernel kernel, Ownership ownership, Set<String> labNamespaces) {
    this.kernel = kernel;
    this.ownership = ownership;
    this.labNamespaces = labNamespaces;
    // Whether the journal's lab record survived: it says which namespace played the host.
    // Without it, records about the host cannot be told from the caller's own namespace.
    this.hostKnown = ownership.ledger().head() != null;
    this.hostGone = kernel.hostNetns() != null && !kernel.netnsExists(kernel.hostNetns());
  }

  public Kernel kernel() {
    return kernel;
  }

  /**
   * The other labs that are up, as far as restoring a sysctl goes: several labs may share a host
   * namespace, and the first of them that turned forwarding on must not turn it off under the
   * others when it goes down.
   */
  public interface Neighbours {
    /**
     * The other labs that are up and rely on sysctl {@code key} in namespace {@code netns} (null:
     * the real host) being {@code value} (see {@link Ledger#reliesOn}), by name. Each of them is
     * handed {@code original}, the value from before the labs, in its own journal, so that the last
     * of them to go down restores it. Throws when it cannot tell (another lab busy too long).
     */
    List<String> handOn(String netns, String key, String value, String original);

    /** No other lab: what a lone lab (and a unit test) has. */
    Neighbours NONE = (netns, key, value, original) -> List.of();
  }

  /** Sets who else may rely on what this lab's sysctl records would restore. */
  public Removal neighbours(Neighbours n) {
    this.neighbours = n;
    return this;
  }

  public Neighbours neighbours() {
    return neighbours;
  }

  public Ownership ownership() {
    return ownership;
  }

  public boolean hostKnown() {
    return hostKnown;
  }

  /** Whether {@code netns} is one of the lab's namespaces, which take what is inside them along. */
  public boolean inLabNetns(String netns) {
    return netns != null && labNamespaces.contains(netns);
  }

  /** Whether namespace {@code netns} (null: the host) is still there. */
  public boolean exists(String netns) {
    return netns == null ? !hostGone : kernel.netnsExists(netns);
  }

  /**
   * Whether a record in {@code netns} needs undoing one by one: not inside a namespace of the lab
   * (removing it removes the record's object too), and the namespace is still there.
   */
  public boolean needed(String netns) {
    return !inLabNetns(netns) && exists(netns);
  }

  /** True the first time a sysctl is met (newest first): older records of it are done by then. */
  boolean firstOf(String netns, String key) {
    return restored.add(Ledger.key(netns, key));
  }

  /**
   * Undoes one record, guarded: whatever stops it (a kernel error, a journal entry no kernel call
   * can take, such as a name too long for a file) is reported as failed and the rest goes on.
   */
  public void undo(Entry e) {
    if (!mayTouch(e)) {
      return;
    }
    try {
      e.undo(this);
    } catch (RuntimeException ex) {
      failed(e, ex);
    }
  }

  /**
   * Whether {@code e} may be acted on; when not (it is about the host, and which namespace played
   * the host is unknown), says so as a failure.
   */
  public boolean mayTouch(Entry e) {
    if (!hostKnown && e.touchesHost()) {
      report(
          e,
          "failed: the journal's lab record is damaged, so which namespace "
              + "played the host is unknown; left as it is");
      failed++;
      return false;
    }
    return true;
  }

  /** The record's object was removed (or its change reverted). */
  public void done(Entry e) {
    did(e, "removed");
  }

  /** Says what was done to put the record's change back ("moved back", "restored to 0"). */
  public void did(Entry e, String what) {
    report(e, what);
    removed++;
  }

  public void keep(Entry e, String why) {
    report(e, "kept: " + why);
    kept++;
  }

  public void failed(Entry e, RuntimeException ex) {
    report(e, "failed: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
    failed++;
  }

  /**
   * One line per record, written out by the caller before a long wait and at the end: a write per
   * line (the caller's writer may flush on each println) costs more than the kernel work of a
   * namespace.
   */
  private void report(Entry e, String result) {
    pending.append("REMOVE [").append(e.describe()).append("] ... ").append(result).append('\n');
  }

  /** The lines reported since the last call. */
  public String takeLines() {
    String s = pending.toString();
    pending.setLength(0);
    return s;
  }

  public int removed() {
    return removed;
  }

  public int kept() {
    return kept;
  }

  public int failed() {
    return failed;
  }
}

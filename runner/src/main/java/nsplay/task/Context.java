package nsplay.task;

import java.util.Objects;
import nsplay.kernel.Kernel;
import nsplay.kernel.Op;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.Ownership;

/**
 * What a running task may use: the kernel, the lab's journal, and the lab's marks. Also the ledger
 * of ownership: which namespaces and links this lab created, read from the journal, so a task can
 * refuse to move or re-address what is not the lab's.
 */
public final class Context {
  private final Kernel kernel;
  private final Journal journal;
  private final String lab;
  private final int group;
  private final boolean checkMode;
  private final Ownership ownership;
  private final java.util.Deque<Runnable> atEnd = new java.util.ArrayDeque<>();
  private final java.util.Map<String, Long> lastRule = new java.util.HashMap<>();
  private final java.util.Set<String> ruleNames = new java.util.HashSet<>();

  public Context(Kernel kernel, Journal journal, String lab, int group) {
    this(kernel, journal, lab, group, false);
  }

  /**
   * @param checkMode --check: the kernel is a dry run and the journal is not on disk; tasks whose
   *     effect cannot be simulated (ping) report themselves skipped
   */
  public Context(Kernel kernel, Journal journal, String lab, int group, boolean checkMode) {
    this.kernel = Objects.requireNonNull(kernel);
    this.journal = Objects.requireNonNull(journal);
    this.lab = Objects.requireNonNull(lab);
    this.group = group;
    this.checkMode = checkMode;
    // Over the journal's live ledger: what one task records, the next task's questions see.
    this.ownership = Ownership.of(lab, group, journal.ledger(), kernel);
  }

  /** Whose is what: the one rule down, status and the checks before a run also use. */
  public Ownership ownership() {
    return ownership;
  }

  public boolean checkMode() {
    return checkMode;
  }

  public Kernel kernel() {
    return kernel;
  }

  public String lab() {
    return lab;
  }

  /** The link group every link of this lab is created in (IFLA_GROUP, set atomically at create). */
  public int group() {
    return group;
  }

  /** The alias every link of this lab carries: {@code nsplay:LAB}. */
  public String alias() {
    return ownership.alias();
  }

  /** Writes {@code e} to disk; call before the kernel change it describes. */
  public void record(Entry e) {
    // A stopping point for Ctrl-C: before the record, so every change made is journalled and the
    // one not begun is not.
    nsplay.util.Interruption.check();
    journal.record(e);
    nsplay.util.Interruption.changed();
  }

  /**
   * Writes {@code e} to disk for a change already made that could not be journalled before (a
   * process's pid exists only once it is forked): with no stopping point before it, so that what
   * was started is journalled even when Ctrl-C came meanwhile.
   */
  public void recordMade(Entry e) {
    journal.record(e);
    nsplay.util.Interruption.changed();
  }

  /** The lab's state folder (where the journal is), or null when it is not on disk (--check). */
  public java.nio.file.Path labDir() {
    return journal.file() == null ? null : journal.file().getParent();
  }

  /**
   * The handle of the rule the run's last rule task placed (or found) in {@code chain} of the lab's
   * table in {@code netns}; 0 when none has yet. A rule that must be added goes right after it, so
   * a repaired rule takes its place in the order the playbook writes.
   */
  public long lastRule(String netns, String chain) {
    return lastRule.getOrDefault(netns + "\0" + chain, 0L);
  }

  /** Says that the rule with {@code handle} is in place: the next one goes after it. */
  public void placedRule(String netns, String chain, long handle) {
    lastRule.put(netns + "\0" + chain, handle);
  }

  /**
   * Claims a rule's comment in a chain for this run: false when another task of the run has it
   * already (the two would take each other's rule for their own).
   */
  public boolean claimRule(String netns, String chain, String comment) {
    return ruleNames.add(netns + "\0" + chain + "\0" + comment);
  }

  /**
   * Has {@code r} run when the run ends ({@link #end}): what a task started for the rest of the run
   * only (a capture) is stopped there.
   */
  public void atEnd(Runnable r) {
    atEnd.push(r);
  }

  /**
   * The run is over, whether its tasks all ran, one failed or a signal stopped it: runs what {@link
   * #atEnd} registered, newest first, each once.
   */
  public void end() {
    while (!atEnd.isEmpty()) {
      atEnd.pop().run();
    }
  }

  /** Whether the journal says this lab created namespace {@code name}. */
  public boolean createdNetns(String name) {
    return ownership.journalsNetns(name);
  }

  /**
   * Whether a task may change {@code link} without {@code allow_host_interface}: it is inside a
   * namespace the lab made, or the lab made it (the rule down uses).
   */
  public boolean labOwns(String netns, nsplay.kernel.Iface link) {
    return (netns != null && createdNetns(netns)) || ownership.isLabsLink(netns, link);
  }

  /** Whether the journal says this lab created link {@code name} in {@code netns}. */
  public boolean createdLink(String netns, String name) {
    return ownership.journalsLink(netns, name);
  }

  /**
   * Where a link of this lab is now: {@code netns}, unless a link_move of this lab took it
   * elsewhere. Lets the task that created a link converge after a later task moved it.
   */
  public String currentNetns(String netns, String link) {
    return ownership.whereIs(netns, link);
  }

  /**
   * Puts the lab's mark (alias) back on a link the lab made, when it lacks it: the run that made it
   * died before marking it, or someone changed it by hand. The journal and the link group (set in
   * the create request itself) say the link is the lab's.
   *
   * @return the change made, in ip's words, or null when there was nothing to do
   */
  public String remark(String netns, String name) {
    if (!createdLink(netns, name)) {
      return null;
    }
    String at = currentNetns(netns, name);
    if (at != null && !kernel.netnsExists(at)) {
      return null;
    }
    var link = kernel.links(at).get(name);
    if (link.isEmpty() || alias().equals(link.get().alias()) || link.get().group() != group) {
      return null;
    }
    kernel.links(at).setAlias(link.get().index(), alias());
    return new Op.LinkSetAlias(at, name, alias(), false).words();
  }
}

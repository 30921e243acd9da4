package nsplay.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import nsplay.kernel.Kernel;
import nsplay.kernel.LiveKernel;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.LabLock;
import nsplay.state.Ledger;

/**
 * One lab, opened for one command: its state directory and journal, its lock when the command
 * changes the lab, the namespace that plays its host, and a kernel there. Every command that reads
 * or changes a lab opens it here, so that they agree on where a lab lives and what its host is.
 *
 * <p>The kernel is made on first use: a lab that turns out not to be up costs no netlink socket.
 */
public final class LabSession implements AutoCloseable {
  private final String name;
  private final LabLock lock;
  private final String hostNetns;
  private List<Entry> journal;
  private Ledger ledger;
  // What down found unreadable in the journal (see Journal.Contents); none for other commands.
  private List<String> damage = List.of();
  private LiveKernel kernel;

  private LabSession(String name, LabLock lock, List<Entry> journal, String hostNetns) {
    this.name = name;
    this.lock = lock;
    this.journal = journal;
    this.hostNetns = hostNetns;
  }

  /**
   * The lab as its journal has it, without its lock: for commands that only look (status, check,
   * report, graph).
   *
   * @throws NoSuchFileException when the lab has no journal: it is not up
   */
  public static LabSession open(String lab) throws IOException {
    List<Entry> journal = Journal.readChecked(Journal.ROOT, lab).entries();
    return new LabSession(lab, null, journal, hostOf(journal));
  }

  /**
   * The lab with its lock held (waiting up to {@code wait}, telling {@code waiting} why): for down.
   * The journal is read once the lock is held, so that it is the last run's whole journal.
   *
   * @throws NoSuchFileException when the lab has no journal; its lock is then released and its lock
   *     file removed, since /run/nsplay holds only labs that are up
   */
  public static LabSession lock(String lab, Duration wait, Consumer<String> waiting)
      throws LabLock.BusyException, IOException {
    LabLock held = LabLock.acquire(Journal.ROOT, lab, wait, waiting);
    try {
      Journal.Contents read = Journal.readChecked(Journal.ROOT, lab);
      LabSession s = new LabSession(lab, held, read.entries(), hostOf(read.entries()));
      s.damage = read.damage();
      return s;
    } catch (NoSuchFileException e) {
      held.removeFile();
      held.close();
      throw e;
    } catch (IOException | RuntimeException e) {
      held.close();
      throw e;
    }
  }

  /**
   * The lab for a run of its playbook, with {@code hostNetns} as its host as the command line says
   * (null: the real host), its journal if it has one, and its lock unless {@code wait} is null (a
   * check changes nothing and needs none).
   */
  public static LabSession forRun(
      String lab, String hostNetns, Duration wait, Consumer<String> waiting)
      throws LabLock.BusyException {
    LabLock held = wait == null ? null : LabLock.acquire(Journal.ROOT, lab, wait, waiting);
    // The journal is read when asked for: after the host namespace has been checked.
    return new LabSession(lab, held, null, hostNetns);
  }

  private static String hostOf(List<Entry> journal) {
    Entry.Lab head = Journal.labOf(journal);
    return head == null ? null : head.hostNetns();
  }

  public String name() {
    return name;
  }

  /** The journal's records; none for a lab that is not up (or whose journal is empty). */
  public List<Entry> journal() {
    if (journal == null) {
      journal = Journal.readIfExists(Journal.ROOT, name);
    }
    return journal;
  }

  /** What the journal says, indexed ({@link Ledger}): built once, for all who ask. */
  public Ledger ledger() {
    if (ledger == null) {
      ledger = Ledger.of(journal());
    }
    return ledger;
  }

  /**
   * What could not be read in the journal when the lab was locked (line by line, in file order);
   * empty when it was read whole.
   */
  public List<String> damage() {
    return damage;
  }

  /** Whether the journal records anything: what status and check call up. */
  public boolean isUp() {
    return !journal().isEmpty();
  }

  /** The lab's first record (its host and link group), or null when it has none. */
  public Entry.Lab head() {
    return Journal.labOf(journal());
  }

  /** The namespace that plays the lab's host; null for the real host. */
  public String hostNetns() {
    return hostNetns;
  }

  /** Whether the lab's host is a namespace that no longer exists. */
  public boolean hostGone() {
    return hostNetns != null && !Files.exists(Kernel.NETNS_DIR.resolve(hostNetns));
  }

  /** The live kernel, seen from the lab's host; made on first use, closed with the session. */
  public LiveKernel kernel() {
    if (kernel == null) {
      kernel = new LiveKernel(hostNetns);
    }
    return kernel;
  }

  /** The lab's state directory, /run/nsplay/LAB. */
  public Path dir() {
    return Journal.dir(Journal.ROOT, name);
  }

  /**
   * After a run that made nothing (refused before any change): no lock file is left behind, since
   * /run/nsplay holds only labs that are up. Removed while still held, so that no other run can
   * have locked the file removed.
   */
  public void forgetIfNothingMade() {
    if (lock != null && !Files.isDirectory(dir(), LinkOption.NOFOLLOW_LINKS)) {
      lock.removeFile();
    }
  }

  /** After the lab was removed: its state directory and lock file go too. Needs the lock. */
  public void removeState() {
    if (lock == null) {
      throw new IllegalStateException("lab " + name + " is not locked");
    }
    deleteTree(dir());
    lock.removeFile();
  }

  @Override
  public void close() {
    try {
      if (kernel != null) {
        kernel.close();
      }
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  /**
   * Removes a directory and what is in it. A directory listing, not Files.walk: in a process that
   * has not used streams yet, the walk took ~4.5 ms here and the listing ~1.5.
   */
  private static void deleteTree(Path dir) {
    try {
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
          for (Path p : s) {
            deleteTree(p);
          }
        }
      }
      Files.deleteIfExists(dir);
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package nsplay.app;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.LabLock;
import nsplay.state.Ledger;
import nsplay.state.Removal;
import nsplay.util.UnsafeStateException;

/**
 * The other labs on the machine, for a lab going down: which of them rely on a sysctl it would
 * restore, and handing them the value from before the labs.
 *
 * <p>Why hand it on rather than work it out from every journal at the last down: the lab that
 * recorded the real original (it turned forwarding on) may well go down first, and its journal with
 * it. The labs that came up after it saw the value already set and recorded no change, or an
 * "original" that was its value. So the original goes, as a record of its own, into the journal of
 * each lab that keeps the value; the last of them finds no one else relying and restores it.
 *
 * <p>A lab's journal is written only under its lock, as up and down do. Two labs going down at once
 * each wait for the other's lock; the wait is short, and whoever gives up fails its sysctl record,
 * so it keeps its own state (and the original in it): a second down finishes.
 */
final class Neighbours implements Removal.Neighbours {
  private final String self;
  private final Duration wait;

  Neighbours(String self, Duration lockWait) {
    this.self = self;
    this.wait = lockWait.compareTo(MAX_WAIT) < 0 ? lockWait : MAX_WAIT;
  }

  private static final Duration MAX_WAIT = Duration.ofSeconds(5);

  @Override
  public List<String> handOn(String netns, String key, String value, String original) {
    List<String> relying = new ArrayList<>();
    for (String other : Labs.all()) {
      // A first look without the lock, so that only labs that may rely on it are locked.
      if (other.equals(self) || !relies(read(other), netns, key, value)) {
        continue;
      }
      LabLock lock;
      try {
        lock = LabLock.acquire(Journal.ROOT, other, wait, msg -> {});
      } catch (LabLock.BusyException e) {
        throw new IllegalStateException(
            "lab "
                + other
                + " may rely on it but is busy (another up or down), so the value is left and"
                + " this lab's state kept; run down again");
      }
      try {
        List<Entry> entries = read(other); // under its lock: it cannot have changed since
        if (!relies(entries, netns, key, value)) {
          continue;
        }
        String host = Journal.labOf(entries).hostNetns();
        try (Journal j = Journal.open(Journal.ROOT, other)) {
          j.record(
              new Entry.Sysctl(Objects.equals(netns, host) ? null : netns, key, original, value));
        }
        relying.add(other);
      } finally {
        lock.close();
      }
    }
    return relying;
  }

  private static List<Entry> read(String lab) {
    try {
      return Journal.readIfExists(Journal.ROOT, lab);
    } catch (UncheckedIOException | UnsafeStateException e) {
      return List.of(); // a journal that cannot be read names no need
    }
  }

  /**
   * Whether a lab with journal {@code entries} relies on {@code key} in namespace {@code netns}
   * (null: the real host) being {@code value}. Its records name its own host null: the real host is
   * one it can name only when it is its host.
   */
  private static boolean relies(List<Entry> entries, String netns, String key, String value) {
    Entry.Lab head = Journal.labOf(entries);
    if (head == null) {
      return false;
    }
    String host = head.hostNetns();
    String own;
    if (Objects.equals(netns, host)) {
      own = null;
    } else if (netns == null) {
      return false;
    } else {
      own = netns;
    }
    return Ledger.of(entries).reliesOn(own, key, value);
  }
}

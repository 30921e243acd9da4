package nsplay.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The write-ahead journal of one lab: {@code /run/nsplay/LAB/journal}. {@code up} appends what it
 * is about to create and forces it to disk before asking the kernel; {@code down} reads it back, so
 * teardown needs neither the playbook nor a clean exit of the run that built the lab.
 */
public final class Journal implements AutoCloseable {
  /**
   * Where labs keep their state. /run is a tmpfs: a reboot, which also clears namespaces, clears
   * it.
   */
  public static final Path ROOT = Path.of("/run/nsplay");

  private final Path file;
  private final FileChannel channel;
  private final List<Entry> entries;
  // What the entries say, indexed as records are added (see Ledger).
  private final Ledger ledger = new Ledger();

  private Journal(Path file, FileChannel channel, List<Entry> entries) {
    this.file = file;
    this.channel = channel;
    this.entries = new ArrayList<>();
    entries.forEach(this::remember);
  }

  public static Path dir(Path root, String lab) {
    return root.resolve(lab);
  }

  /**
   * Where service {@code service} of lab {@code lab} writes its output: {@code LAB/logs/NAME.log}.
   */
  public static Path serviceLog(Path root, String lab, String service) {
    return dir(root, lab).resolve(StateFiles.LOGS).resolve(service + ".log");
  }

  /**
   * A journal that keeps records in memory only, starting from {@code existing}: what --check uses,
   * so that ownership decisions see the real journal but nothing is written.
   */
  public static Journal scratch(List<Entry> existing) {
    return new Journal(null, null, new ArrayList<>(existing));
  }

  /** The records of {@code lab}'s journal, or none when it has no journal. */
  public static List<Entry> readIfExists(Path root, String lab) {
    try {
      return readChecked(root, lab).entries();
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      Path file = dir(root, lab).resolve("journal");
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The lab record of a journal (its first), or null when there is none. */
  public static Entry.Lab labOf(List<Entry> entries) {
    Ledger l = new Ledger(); // filed one by one: the lab record is the first, in a whole journal
    for (Entry e : entries) {
      l.add(e);
      if (l.head() != null) {
        return l.head();
      }
    }
    return null;
  }

  /** Opens (creating if needed) the journal of {@code lab} for appending. */
  public static Journal open(Path root, String lab) {
    try {
      if (root.getParent() != null && !Files.isDirectory(root.getParent())) {
        Files.createDirectories(root.getParent()); // above the state: /run, or a test's folder
      }
      StateFiles.folder(root, true);
      Path dir = dir(root, lab);
      StateFiles.folder(dir, false);
      // The journal, last-run.json and whatever else is there: checked when the run starts, not
      // found to be a link when it ends.
      StateFiles.checkFiles(dir);
      Path file = dir.resolve("journal");
      List<Entry> existing = new ArrayList<>();
      long whole = 0;
      if (StateFiles.checkFile(file)) {
        byte[] bytes = StateFiles.readAll(file);
        whole = decode(bytes, existing, null);
      }
      FileChannel ch = StateFiles.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      // A crash may have cut the last record short: drop it, so that what the next record is
      // appended after, and what every later reader sees, is exactly the whole records.
      ch.truncate(whole);
      ch.position(ch.size());
      StateFiles.setMode(file, StateFiles.FILE_MODE);
      return new Journal(file, ch, existing);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot open the journal of lab " + lab + ": " + e.getMessage(), e);
    }
  }

  /** Reads a journal's whole records; damaged lines (a crash mid-write) are skipped. */
  public static List<Entry> read(Path file) throws IOException {
    return readChecked(file).entries();
  }

  /**
   * A journal as read: the records it could read, and what it could not ({@code line 7 cannot be
   * read (bad checksum)}, in file order). Only a last line without its newline is not damage: that
   * is what a crash while appending leaves, and the kernel was not asked before the record was
   * whole. Anything else unreadable may have been a record of something that exists.
   */
  public record Contents(List<Entry> entries, List<String> damage) {
    /** Whether every record could be read: only then may down forget the lab. */
    public boolean whole() {
      return damage.isEmpty();
    }
  }

  /**
   * Reads {@code lab}'s journal after checking /run/nsplay and the lab's folder (see {@link
   * StateFiles}).
   *
   * @throws NoSuchFileException when the lab has no journal
   */
  public static Contents readChecked(Path root, String lab) throws IOException {
    Path dir = dir(root, lab);
    if (!StateFiles.checkFolder(root, true) || !StateFiles.checkFolder(dir, false)) {
      throw new NoSuchFileException(dir.resolve("journal").toString());
    }
    return readChecked(dir.resolve("journal"));
  }

  /** Reads a journal and says what in it could not be read (see {@link Contents}). */
  public static Contents readChecked(Path file) throws IOException {
    byte[] bytes = StateFiles.readAll(file);
    List<Entry> out = new ArrayList<>();
    List<String> damage = new ArrayList<>();
    decode(bytes, out, damage);
    if (bytes.length == 0) {
      damage.add("it is empty");
    } else if (labOf(out) == null && (damage.isEmpty() || !damage.get(0).startsWith("line 1 "))) {
      // The lab record says which namespace played the host: without it, what the journal says
      // about the host cannot be undone, even where every line is whole.
      damage.add("it has no lab record (its first line)");
    }
    return new Contents(out, damage);
  }

  /**
   * Adds the whole records in {@code bytes} to {@code out}, and a line per unreadable one to {@code
   * damage} (when not null); returns the length up to and including the last newline. What follows
   * it is a write cut short: not a record.
   */
  private static long decode(byte[] bytes, List<Entry> out, List<String> damage) {
    int start = 0;
    int line = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        line++;
        Entry e = JournalCodec.decode(bytes, start, i);
        if (e != null) {
          out.add(e);
        } else if (damage != null) {
          damage.add(
              "line " + line + " cannot be read (" + JournalCodec.whyNot(bytes, start, i) + ")");
        }
        start = i + 1;
      }
    }
    return start;
  }

  /**
   * Appends {@code e}: on return, a crash of this process (kill -9 included) can no longer lose it,
   * because the record is in the kernel's page cache, which outlives the process.
   *
   * <p>No fsync, on purpose: it would only guard against the machine itself going down, and that
   * takes every network namespace, link and nft table with it (and /run, usually a tmpfs), so the
   * journal's records would name nothing left to remove. On a disk-backed /run an fsync per record
   * cost more than the kernel work it records.
   */
  public void record(Entry e) {
    if (channel == null) {
      remember(e);
      return;
    }
    try {
      ByteBuffer buf = ByteBuffer.wrap(JournalCodec.encode(e).getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      remember(e);
    } catch (IOException ex) {
      throw new UncheckedIOException(
          "cannot write the journal " + file + ": " + ex.getMessage(), ex);
    }
  }

  private void remember(Entry e) {
    entries.add(e);
    ledger.add(e);
  }

  /** Everything recorded so far, oldest first (a read-only view). */
  public List<Entry> entries() {
    return java.util.Collections.unmodifiableList(entries);
  }

  /** Whether this journal records creating namespace {@code name}. */
  public boolean hasNetns(String name) {
    return ledger.hasNetns(name);
  }

  /** Whether this journal records creating link {@code name} in {@code netns}. */
  public boolean hasLink(String netns, String name) {
    return ledger.hasLink(netns, name);
  }

  /** The link moves recorded, oldest first. */
  public List<Entry.LinkMove> moves() {
    return ledger.moves();
  }

  /** What the records so far say, indexed; grows as records are added. */
  public Ledger ledger() {
    return ledger;
  }

  public Path file() {
    return file;
  }

  @Override
  public void close() {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

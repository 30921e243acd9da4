package nsplay.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One {@code up} or {@code down} per lab at a time: an exclusive lock on {@code
 * /run/nsplay/LAB.lock}, which also holds the holder's pid so that a waiter can say who it waits
 * for. Different labs have different locks and never wait for each other.
 *
 * <p>The file lives beside the lab's folder, not in it, because {@code down} removes the folder.
 * {@code down} also removes the lock file when it has removed the lab; a process that was waiting
 * on the removed file notices (its inode is no longer the path's) and locks the new one.
 */
public final class LabLock implements AutoCloseable {
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;

  private LabLock(Path file, FileChannel channel, FileLock lock) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock could not be taken in time. */
  public static final class BusyException extends Exception {
    private static final long serialVersionUID = 1L;

    BusyException(String message) {
      super(message);
    }
  }

  /**
   * Takes the lab's lock, waiting up to {@code timeout}; {@code waiting} is told once, with the
   * holder's pid, if it has to wait.
   */
  public static LabLock acquire(Path root, String lab, Duration timeout, Consumer<String> waiting)
      throws BusyException {
    Path file = root.resolve(lab + ".lock");
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    boolean told = false;
    try {
      if (root.getParent() != null && !Files.isDirectory(root.getParent())) {
        Files.createDirectories(root.getParent()); // above the state: /run, or a test's folder
      }
      StateFiles.folder(root, true);
      while (true) {
        // Never through a symbolic link: the pid is written into it, as root.
        FileChannel ch =
            StateFiles.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        // The inode the path names right after opening: if down removes the file while we
        // wait, the path will name another inode (or none) by the time we hold the lock.
        Object opened = inode(file);
        FileLock l = null;
        try {
          l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
          l = null; // held by this very process (another thread)
        }
        if (l != null && opened != null && opened.equals(inode(file))) {
          ch.truncate(0);
          ch.write(ByteBuffer.wrap(ownPid().getBytes(StandardCharsets.US_ASCII)), 0);
          ch.force(false);
          return new LabLock(file, ch, l);
        }
        String holder = l == null ? holder(ch) : null;
        if (l != null) {
          l.release(); // the file was removed under us: lock the new one
        }
        ch.close();
        if (l != null) {
          continue;
        }
        if (System.nanoTime() > deadline) {
          throw new BusyException(
              "lab "
                  + lab
                  + " is busy: "
                  + who(holder)
                  + " holds its lock (another up or down); gave up after "
                  + timeout.toSeconds()
                  + "s (see --lock-timeout)");
        }
        // The holder writes its pid right after taking the lock: give it a moment, so that the
        // message can name it.
        boolean named = holder != null && !holder.isBlank();
        long waitedMs = (System.nanoTime() - start) / 1_000_000;
        if (!told && (named || waitedMs >= 500)) {
          waiting.accept(
              "lab "
                  + lab
                  + " is busy: "
                  + who(holder)
                  + " holds its lock; waiting up "
                  + "to "
                  + timeout.toSeconds()
                  + "s");
          told = true;
        }
        Thread.sleep(50);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock lab " + lab + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BusyException("interrupted while waiting for the lock of lab " + lab);
    }
  }

  /**
   * This process's pid, as /proc/self names it. Not ProcessHandle: its first use sets up the
   * process-reaper machinery (a thread pool's classes and lambdas), ~4 ms of every up and down.
   */
  private static String ownPid() throws IOException {
    return Files.readSymbolicLink(Path.of("/proc/self")).toString();
  }

  private static String who(String pid) {
    return pid == null || pid.isBlank() ? "another nsplay" : "nsplay (pid " + pid + ")";
  }

  private static String holder(FileChannel ch) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(32);
    int n = ch.read(b, 0);
    return n <= 0 ? null : new String(b.array(), 0, n, StandardCharsets.US_ASCII).trim();
  }

  private static Object inode(Path file) throws IOException {
    try {
      return Files.getAttribute(file, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Removes the lock file: the lab is gone. Call before {@link #close}. */
  public void removeFile() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        lock.release();
      }
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

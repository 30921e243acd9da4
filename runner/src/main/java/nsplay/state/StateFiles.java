package nsplay.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import nsplay.util.UnsafeStateException;

/**
 * The folders and files under /run/nsplay, used as root without being led elsewhere: nothing there
 * is followed if it is a symbolic link (every open carries O_NOFOLLOW, every folder is made with
 * mkdir, which does not follow one), and each folder and file is checked, once per use, to be what
 * nsplay makes: a folder of mode 0700 or a regular file with one name, owned by the user nsplay
 * runs as (root). Anything else is refused with a one-line {@link UnsafeStateException}.
 *
 * <p>The folders being root's alone is what makes the rest safe: only root can put anything in
 * them, so a file checked and then opened with O_NOFOLLOW cannot be swapped in between by anyone
 * else.
 */
public final class StateFiles {
  private StateFiles() {}

  static final Set<PosixFilePermission> FOLDER_MODE = PosixFilePermissions.fromString("rwx------");
  static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
  static final FileAttribute<Set<PosixFilePermission>> FILE_ATTR =
      PosixFilePermissions.asFileAttribute(FILE_MODE);

  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFREG = 0100000;

  private static Integer owner;

  /**
   * Who must own the state: the user nsplay runs as, which is root for every command that keeps
   * state (they refuse to run otherwise). /proc/self belongs to the process's effective user.
   */
  private static synchronized int owner() {
    if (owner == null) {
      try {
        owner = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
      } catch (IOException e) {
        owner = 0;
      }
    }
    return owner;
  }

  private static UnsafeStateException refuse(Path p, String what) {
    return new UnsafeStateException(
        p + " " + what + "; refusing to use it (remove it if you did not make it)");
  }

  /** lstat: the file's type and permission bits, owner and link count; null when missing. */
  private static Map<String, Object> lstat(Path p) {
    try {
      return Files.readAttributes(p, "unix:mode,uid,nlink", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
    }
  }

  private static String ownerWords(int uid) {
    return "is owned by uid " + uid + ", not " + (owner() == 0 ? "root" : "uid " + owner());
  }

  /**
   * Checks folder {@code dir}: false when it does not exist, true when it is a folder of ours with
   * mode 0700; refuses anything else. With {@code tighten}, a folder of ours with another mode is
   * set to 0700 instead: for /run/nsplay itself, which a tmpfs mounted there (as the launcher's
   * training run does) makes 1777; whatever was put in it meanwhile is checked where it is used.
   */
  public static boolean checkFolder(Path dir, boolean tighten) {
    Map<String, Object> a = lstat(dir);
    if (a == null) {
      return false;
    }
    int mode = (Integer) a.get("mode");
    int uid = (Integer) a.get("uid");
    if ((mode & S_IFMT) == S_IFLNK) {
      throw refuse(dir, "is a symbolic link");
    }
    if ((mode & S_IFMT) != S_IFDIR) {
      throw refuse(dir, "is not a folder");
    }
    if (uid != owner()) {
      throw refuse(dir, ownerWords(uid));
    }
    if ((mode & 07777) != 0700) {
      if (!tighten) {
        throw refuse(dir, String.format("has mode %04o, not 0700", mode & 07777));
      }
      setMode(dir, FOLDER_MODE);
    }
    return true;
  }

  /**
   * Makes folder {@code dir} (mode 0700) unless it exists; then checks it ({@link #checkFolder}).
   */
  public static void folder(Path dir, boolean tighten) {
    try {
      // mkdir does not follow a symbolic link that is already there: it fails with EEXIST.
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER_MODE));
      setMode(dir, FOLDER_MODE); // whatever the umask took away
    } catch (FileAlreadyExistsException e) {
      // checked below
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make " + dir + ": " + e.getMessage(), e);
    }
    checkFolder(dir, tighten);
  }

  /**
   * Checks file {@code file}: false when it does not exist, true when it is a regular file of ours
   * with no other name (a hard link to a file elsewhere would be written through); refuses anything
   * else.
   */
  public static boolean checkFile(Path file) {
    Map<String, Object> a = lstat(file);
    if (a == null) {
      return false;
    }
    int mode = (Integer) a.get("mode");
    int uid = (Integer) a.get("uid");
    if ((mode & S_IFMT) == S_IFLNK) {
      throw refuse(file, "is a symbolic link");
    }
    if ((mode & S_IFMT) != S_IFREG) {
      throw refuse(file, "is not a regular file");
    }
    if (uid != owner()) {
      throw refuse(file, ownerWords(uid));
    }
    if (((Number) a.get("nlink")).intValue() != 1) {
      throw refuse(file, "has other names (hard links)");
    }
    return true;
  }

  /** The lab folder's one sub-folder: the services' logs ({@link Journal#serviceLog}). */
  static final String LOGS = "logs";

  /**
   * Checks every entry of folder {@code dir} with {@link #checkFile}, and its {@code logs} folder
   * with {@link #checkFolder} and its files so: one listing each, no walk.
   */
  public static void checkFiles(Path dir) {
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path p : s) {
        if (p.getFileName().toString().equals(LOGS) && checkFolder(p, false)) {
          checkFiles(p);
          continue;
        }
        checkFile(p);
      }
    } catch (NoSuchFileException e) {
      // nothing in it to check
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Opens {@code file} with O_NOFOLLOW, after checking it if it exists; a file it creates gets mode
   * 0600.
   */
  public static FileChannel open(Path file, OpenOption... options) throws IOException {
    checkFile(file);
    Set<OpenOption> o = new HashSet<>(java.util.Arrays.asList(options));
    o.add(LinkOption.NOFOLLOW_LINKS);
    try {
      return FileChannel.open(file, o, FILE_ATTR);
    } catch (FileSystemException e) {
      if (e instanceof NoSuchFileException || e instanceof FileAlreadyExistsException) {
        throw e;
      }
      checkFile(file); // made a link since: say so, rather than ELOOP's words
      throw e;
    }
  }

  /** The whole content of {@code file}, read with O_NOFOLLOW after checking it. */
  public static byte[] readAll(Path file) throws IOException {
    if (!checkFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    try (FileChannel ch = open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      ByteBuffer b = ByteBuffer.allocate((int) size);
      while (b.hasRemaining() && ch.read(b) >= 0) {
        // a file that shrank meanwhile ends the loop at EOF
      }
      if (b.position() < size) {
        byte[] out = new byte[b.position()];
        System.arraycopy(b.array(), 0, out, 0, out.length);
        return out;
      }
      return b.array();
    }
  }

  /** Sets the mode of {@code p} without following it (fchmod on an O_NOFOLLOW descriptor). */
  static void setMode(Path p, Set<PosixFilePermission> mode) {
    try {
      Files.getFileAttributeView(p, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setPermissions(mode);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot set the mode of " + p + ": " + e.getMessage(), e);
    }
  }
}

package nsplay.jni;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Loads libnsplay.so once: an installed copy where the system property {@value #LIBRARY_PROPERTY}
 * names one, else from the classpath: it copies the resource to a private file in the first
 * directory that takes it ({@link #candidateDirs}), loads it and deletes the file (the mapping
 * stays valid).
 */
final class NativeLoader {
  /** Where the nsplay-native jar puts the library. */
  static final String RESOURCE = "/nsplay/native/libnsplay.so";

  private static boolean loaded;

  private NativeLoader() {}

  static synchronized void load() {
    if (loaded) {
      return;
    }
    try {
      String installed = System.getProperty(LIBRARY_PROPERTY);
      if (installed != null && !installed.isEmpty()) {
        loadInstalled(installed);
      } else {
        loadFromJar();
      }
    } catch (UnsatisfiedLinkError e) {
      // Kept for Sys.loadFailure: threads other than the one that ran this class's initialiser
      // only get "Could not initialize class" (Java 17 gives no cause), and the user needs why.
      failure = e.getMessage();
      throw e;
    }
    loaded = true;
  }

  /**
   * The system property that names an installed copy of the library (the packages' launcher sets it
   * to their lib/nsplay/libnsplay.so): loaded where it is, with nothing to extract.
   */
  static final String LIBRARY_PROPERTY = "nsplay.library";

  private static void loadInstalled(String path) {
    try {
      System.load(path);
    } catch (UnsatisfiedLinkError e) {
      throw new UnsatisfiedLinkError(
          "cannot load the native library " + path + ": " + firstLine(e.getMessage()));
    }
  }

  /** Why the library could not be loaded, in one line, or null when it was not tried or loaded. */
  static synchronized String failure() {
    return failure;
  }

  private static String failure;

  /** nsplay's state directory (nsplay.state.Journal.ROOT; this layer imports nothing of ours). */
  private static final Path STATE_DIR = Path.of("/run/nsplay");

  private static void loadFromJar() {
    List<String> problems = new ArrayList<>();
    for (Path dir : candidateDirs()) {
      try (InputStream in = NativeLoader.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new UnsatisfiedLinkError(
              "classpath resource "
                  + RESOURCE
                  + " not found: is the nsplay-native jar on the classpath"
                  + " (mvn install builds it)?");
        }
        if (dir.equals(STATE_DIR) && !Files.isDirectory(STATE_DIR)) {
          // The state directory as the journal makes it: root's only.
          Files.createDirectories(
              STATE_DIR,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path tmp = privateTempFile(dir, in);
        try {
          System.load(tmp.toAbsolutePath().toString());
          return;
        } catch (UnsatisfiedLinkError e) {
          // e.g. a directory mounted noexec: mapping the copy fails; the next one may work.
          problems.add(dir + ": " + firstLine(e.getMessage()));
        } finally {
          Files.deleteIfExists(tmp);
        }
      } catch (IOException e) {
        problems.add(dir + ": " + describe(e));
      }
    }
    throw new UnsatisfiedLinkError(
        "cannot extract the native library libnsplay.so to any directory ("
            + String.join("; ", problems)
            + ")");
  }

  /**
   * Where the library may be copied, best first. Root's first choice is /run/nsplay, where nsplay
   * keeps its state anyway, so that a read-only or full /tmp does not stop it; then the JVM's temp
   * directory, then the user's runtime directory (a tmpfs the user owns), then /dev/shm.
   */
  static List<Path> candidateDirs() {
    Set<Path> dirs = new LinkedHashSet<>();
    if (isRoot()) {
      dirs.add(STATE_DIR);
    }
    String tmp = System.getProperty("java.io.tmpdir");
    if (tmp != null && !tmp.isEmpty()) {
      dirs.add(Path.of(tmp));
    }
    String xdg = System.getenv("XDG_RUNTIME_DIR");
    if (xdg != null && xdg.startsWith("/")) {
      dirs.add(Path.of(xdg));
    }
    dirs.add(Path.of("/dev/shm"));
    return List.copyOf(dirs);
  }

  /** Whether the effective user is root, read from /proc (no native code is loaded yet). */
  private static boolean isRoot() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          // "Uid:<tab>real<tab>effective<tab>saved<tab>fs": the effective one, which decides
          // what we may write. No regular expression: this runs at every start from a checkout,
          // on the thread that loads the library.
          java.util.StringTokenizer t = new java.util.StringTokenizer(line.substring(4));
          t.nextToken();
          return t.nextToken().equals("0");
        }
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
    return false;
  }

  private static String describe(IOException e) {
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    // NIO's messages often repeat the path, or give only it: keep the reason, say what failed.
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
      reason = f.getReason();
    } else if (e instanceof java.nio.file.NoSuchFileException) {
      reason = "No such file or directory";
    } else if (e instanceof java.nio.file.AccessDeniedException) {
      reason = "Permission denied";
    }
    return reason;
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "cannot load";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /**
   * A new file only this user can read, holding {@code in}. Not Files.createTempFile: its random
   * name comes from SecureRandom, whose seeding costs ~15 ms of every start. The name needs only to
   * be unique; O_EXCL (CREATE_NEW) makes a file or link planted under that name a failure, not a
   * hijack, and the next attempt takes another name.
   */
  private static Path privateTempFile(Path dir, InputStream in) throws IOException {
    // The pid as /proc/self names it: ProcessHandle's first use costs ~4 ms of set-up.
    String pid = Files.readSymbolicLink(Path.of("/proc/self")).toString();
    for (int attempt = 0; ; attempt++) {
      Path tmp = dir.resolve("libnsplay-" + pid + "-" + System.nanoTime() + ".so");
      try (SeekableByteChannel ch =
          Files.newByteChannel(
              tmp,
              EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))) {
        in.transferTo(Channels.newOutputStream(ch));
        return tmp;
      } catch (FileAlreadyExistsException e) {
        if (attempt >= 100) {
          throw e;
        }
      }
    }
  }
}

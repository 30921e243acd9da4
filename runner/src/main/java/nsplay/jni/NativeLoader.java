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
import java.util.EnumSet;

/**
 * Loads libnsplay.so from the classpath once: copies the resource to a private temp file, loads it
 * and deletes the file (the mapping stays valid).
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
    try (InputStream in = NativeLoader.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new UnsatisfiedLinkError(
            "classpath resource "
                + RESOURCE
                + " not found: is the nsplay-native jar on the classpath"
                + " (mvn install builds it)?");
      }
      Path tmp = privateTempFile(in);
      try {
        System.load(tmp.toAbsolutePath().toString());
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      UnsatisfiedLinkError error =
          new UnsatisfiedLinkError("cannot extract " + RESOURCE + " to a temp file: " + e);
      error.initCause(e);
      throw error;
    }
    loaded = true;
  }

  /**
   * A new file only this user can read, holding {@code in}. Not Files.createTempFile: its random
   * name comes from SecureRandom, whose seeding costs ~15 ms of every start. The name needs only to
   * be unique; O_EXCL (CREATE_NEW) makes a file or link planted under that name a failure, not a
   * hijack, and the next attempt takes another name.
   */
  private static Path privateTempFile(InputStream in) throws IOException {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
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

package nsplay.jni;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

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
      Path tmp =
          Files.createTempFile(
              "libnsplay",
              ".so",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      try {
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
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
}

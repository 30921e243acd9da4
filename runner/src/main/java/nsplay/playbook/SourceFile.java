package nsplay.playbook;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads the files a run is given (the playbook, its imports, {@code -e @FILE}): regular files of
 * UTF-8 text up to {@link #MAX_BYTES}. A path can name anything: /dev/zero never ends (it ran the
 * JVM out of memory), a FIFO blocks its reader forever, so the type and size are checked before the
 * file is opened, and the read itself stops past the limit (files under /proc say size 0).
 */
public final class SourceFile {
  /** Far above any playbook (the largest example is a few KiB); what YAML loading takes too. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  private SourceFile() {}

  /**
   * The file's text. NoSuchFileException when it does not exist; any other IOException has a
   * message for the user, such as "not a regular file (a device, FIFO or socket)".
   */
  public static String read(Path file) throws IOException {
    try {
      // Follows symbolic links: a link to a playbook is a playbook.
      BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
      if (a.isDirectory()) {
        throw new IOException("a directory, not a file");
      }
      if (!a.isRegularFile()) {
        throw new IOException("not a regular file (a device, FIFO or socket)");
      }
      if (a.size() > MAX_BYTES) {
        throw tooLarge(a.size() + " bytes");
      }
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        throw tooLarge("more than " + MAX_BYTES + " bytes");
      }
      try {
        return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
      } catch (CharacterCodingException e) {
        throw new IOException("not UTF-8 text", e);
      }
    } catch (AccessDeniedException e) {
      throw new IOException("permission denied", e);
    }
  }

  private static IOException tooLarge(String size) {
    return new IOException("too large: " + size + "; a playbook file is at most 4 MiB");
  }
}

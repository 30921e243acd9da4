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
    return read(file, file.toString());
  }

  /** The same; {@code name} is what a {@link NotUtf8Exception}'s location calls the file. */
  public static String read(Path file, String name) throws IOException {
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
      return decode(bytes, name);
    } catch (AccessDeniedException e) {
      throw new IOException("permission denied", e);
    }
  }

  /**
   * A file that is not UTF-8, with the place of its first bad byte: the user can go there (an
   * editor saved it as Latin-1, a stray byte was pasted in), where "not UTF-8 text" alone left them
   * searching the whole file.
   */
  public static final class NotUtf8Exception extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Location location;
    private final int badByte;

    NotUtf8Exception(Location location, int badByte) {
      super(
          "not valid UTF-8 (byte "
              + String.format("0x%02x", badByte)
              + " at line "
              + location.line()
              + ", column "
              + location.column()
              + ")");
      this.location = location;
      this.badByte = badByte;
    }

    /** Where the first bad byte is, its column counted in characters as YAML marks count. */
    public Location location() {
      return location;
    }

    /** The message for a located problem: the place is said by the location. */
    public String problem() {
      return "not valid UTF-8 (byte " + String.format("0x%02x", badByte) + ")";
    }
  }

  /** The UTF-8 text of {@code bytes}, or where it first is not UTF-8. */
  static String decode(byte[] bytes) throws NotUtf8Exception {
    return decode(bytes, "");
  }

  static String decode(byte[] bytes, String fileName) throws NotUtf8Exception {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      // Only on the error path: find the first byte the decoder stops at.
      java.nio.CharBuffer out = java.nio.CharBuffer.allocate(bytes.length);
      ByteBuffer in = ByteBuffer.wrap(bytes);
      StandardCharsets.UTF_8.newDecoder().decode(in, out, true);
      int at = in.position();
      int lineStart = 0;
      int line = 1;
      for (int i = 0; i < at; i++) {
        if (bytes[i] == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      String before = new String(bytes, lineStart, at - lineStart, StandardCharsets.UTF_8);
      int column = before.codePointCount(0, before.length()) + 1;
      throw new NotUtf8Exception(new Location(fileName, line, column), bytes[at] & 0xff);
    }
  }

  private static IOException tooLarge(String size) {
    return new IOException("too large: " + size + "; a playbook file is at most 4 MiB");
  }
}

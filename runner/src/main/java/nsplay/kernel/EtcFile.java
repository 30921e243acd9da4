package nsplay.kernel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A file of {@code /etc/netns/NETNS/}, which {@code ip netns exec NETNS} (and {@code nsplay exec},
 * and a service) binds over {@code /etc/NAME}: {@code /etc/netns/red/hosts} is red's {@code
 * /etc/hosts}. Both names are plain file names, whatever a journal says: nothing outside {@code
 * /etc/netns} is ever read or written through one.
 */
public record EtcFile(String netns, String name) {
  /** Where iproute2 looks for a namespace's own /etc files. */
  public static final Path ROOT = Path.of("/etc/netns");

  public EtcFile {
    plain(netns, "namespace");
    plain(name, "file");
  }

  private static void plain(String s, String what) {
    if (s == null
        || s.isEmpty()
        || s.equals(".")
        || s.equals("..")
        || s.indexOf('/') >= 0
        || s.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("not a plain " + what + " name: " + s);
    }
  }

  /** {@code /etc/netns/NETNS}. */
  public Path folder() {
    return ROOT.resolve(netns);
  }

  /** {@code /etc/netns/NETNS/NAME}. */
  public Path path() {
    return folder().resolve(name);
  }

  /**
   * Where a new content is written before it is renamed over {@link #path}: a name of nsplay's, so
   * that a write cut short leaves nothing anyone else could own.
   */
  public Path temp() {
    return folder().resolve("." + name + ".nsplay");
  }

  @Override
  public String toString() {
    return path().toString();
  }

  /**
   * What is there now: whether {@code /etc/netns} and the namespace's folder exist, and the file's
   * content (null: no such file; a file that is not a regular one, or not UTF-8, reads as {@link
   * #NOT_TEXT}).
   */
  public record Seen(boolean root, boolean folder, String content) {
    /** Nothing: no {@code /etc/netns} at all. */
    public static final Seen NOTHING = new Seen(false, false, null);
  }

  /** The content of a file that is not a regular text file (a link, a folder, bad UTF-8). */
  public static final String NOT_TEXT = "\0not a regular text file\0";

  /** The SHA-256 of {@code content}'s UTF-8 bytes, in hex: how a journal remembers a content. */
  public static String sha256(String content) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(64);
      for (byte b : d) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // every Java has SHA-256
    }
  }
}

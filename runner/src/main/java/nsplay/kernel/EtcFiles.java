package nsplay.kernel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The live side of {@link EtcFile}: the files themselves, never through a symbolic link. Used by
 * {@link LiveKernel} alone.
 */
final class EtcFiles {
  private EtcFiles() {}

  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** The most nsplay reads of such a file: a hosts file of 500 namespaces is ~40 KiB. */
  private static final int MAX = 1 << 20;

  static EtcFile.Seen read(EtcFile f) {
    boolean root = Files.isDirectory(EtcFile.ROOT, NOFOLLOW);
    boolean folder = root && Files.isDirectory(f.folder(), NOFOLLOW);
    Path p = f.path();
    if (!folder || !Files.exists(p, NOFOLLOW)) {
      return new EtcFile.Seen(root, folder, null);
    }
    if (!Files.isRegularFile(p, NOFOLLOW)) {
      return new EtcFile.Seen(true, true, EtcFile.NOT_TEXT);
    }
    try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, NOFOLLOW)) {
      if (ch.size() > MAX) {
        return new EtcFile.Seen(true, true, EtcFile.NOT_TEXT);
      }
      ByteBuffer buf = ByteBuffer.allocate((int) ch.size() + 1);
      while (ch.read(buf) > 0 && buf.hasRemaining()) {
        // until the end, or past what the size said (the file grew meanwhile)
      }
      buf.flip();
      if (buf.limit() > MAX) {
        return new EtcFile.Seen(true, true, EtcFile.NOT_TEXT);
      }
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(buf)
              .toString();
      return new EtcFile.Seen(true, true, text);
    } catch (NoSuchFileException e) {
      return new EtcFile.Seen(true, true, null);
    } catch (CharacterCodingException e) {
      return new EtcFile.Seen(true, true, EtcFile.NOT_TEXT);
    } catch (IOException e) {
      throw failed("read", p, e);
    }
  }

  static void write(EtcFile f, String content) {
    Path tmp = f.temp();
    try {
      folder(EtcFile.ROOT);
      try {
        folder(f.folder());
      } catch (NoSuchFileException e) {
        // Another lab's down removed /etc/netns, empty, in between: once more.
        folder(EtcFile.ROOT);
        folder(f.folder());
      }
      try (FileChannel ch =
          FileChannel.open(
              tmp,
              StandardOpenOption.CREATE,
              StandardOpenOption.TRUNCATE_EXISTING,
              StandardOpenOption.WRITE,
              NOFOLLOW)) {
        ByteBuffer b = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
          ch.write(b);
        }
        ch.force(true);
      }
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      // rename(2): the file is the old one or the new one, never half of either.
      Files.move(tmp, f.path(), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(tmp);
      } catch (IOException ignored) {
        // what write said matters; the temp file is nsplay's, and down removes it
      }
      throw failed("write", f.path(), e);
    }
  }

  /**
   * Makes folder {@code dir} (mode 755) unless it is one; refuses a link or a file there. Another
   * lab may make it at the same moment: then it is there, which is what was wanted.
   */
  private static void folder(Path dir) throws IOException {
    if (Files.isDirectory(dir, NOFOLLOW)) {
      return;
    }
    try {
      Files.createDirectory(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (java.nio.file.FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir, NOFOLLOW)) {
        throw e;
      }
    }
  }

  static boolean remove(EtcFile f) {
    try {
      Files.deleteIfExists(f.temp());
      Path p = f.path();
      if (Files.isDirectory(p, NOFOLLOW)) {
        return false; // a folder is nobody's file: never nsplay's
      }
      return Files.deleteIfExists(p);
    } catch (IOException e) {
      throw failed("remove", f.path(), e);
    }
  }

  static boolean removeFolder(Path dir) {
    if (!Files.isDirectory(dir, NOFOLLOW)) {
      return false;
    }
    try {
      Files.delete(dir); // rmdir(2): only an empty folder
      return true;
    } catch (DirectoryNotEmptyException | NoSuchFileException e) {
      return false;
    } catch (IOException e) {
      throw failed("remove", dir, e);
    }
  }

  private static IllegalStateException failed(String verb, Path p, IOException e) {
    String why = e.getMessage() != null ? e.getMessage() : e.toString();
    if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
      why = fse.getReason();
    } else if (e instanceof java.nio.file.AccessDeniedException) {
      why = "permission denied";
    } else if (e instanceof java.nio.file.FileAlreadyExistsException x) {
      why = x.getFile() + " exists and is not a folder";
    }
    return new IllegalStateException("cannot " + verb + " " + p + ": " + why, e);
  }
}

package nsplay.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import nsplay.util.UnsafeStateException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checks that keep nsplay, as root, from following what someone put under /run/nsplay: here on
 * a temporary folder standing for /run/nsplay, so that the real one is never broken for others.
 */
class StateFilesTest {
  @TempDir Path tmp;

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static boolean root() throws IOException {
    return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
  }

  @Test
  void aSymbolicLinkForTheStateFolderIsRefused() throws IOException {
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Path root = Files.createSymbolicLink(tmp.resolve("nsplay"), elsewhere);
    UnsafeStateException e =
        assertThrows(UnsafeStateException.class, () -> StateFiles.folder(root, true));
    assertEquals(
        root + " is a symbolic link; refusing to use it (remove it if you did not make it)",
        e.getMessage());
    assertThrows(UnsafeStateException.class, () -> Journal.open(root, "lab"));
    assertThrows(
        UnsafeStateException.class,
        () -> LabLock.acquire(root, "lab", Duration.ZERO, m -> {}).close());
    try (var s = Files.list(elsewhere)) {
      assertEquals(0, s.count(), "nothing may be made through the link");
    }
  }

  @Test
  void aFileForTheStateFolderIsRefused() throws IOException {
    Path root = Files.createFile(tmp.resolve("nsplay"));
    UnsafeStateException e =
        assertThrows(UnsafeStateException.class, () -> StateFiles.folder(root, true));
    assertTrue(e.getMessage().contains("is not a folder"), e.getMessage());
  }

  @Test
  void aStateFolderOfAnotherOwnerIsRefused() throws IOException {
    assumeTrue(root(), "only root can give a folder away");
    Path root = Files.createDirectory(tmp.resolve("nsplay"));
    Files.setAttribute(root, "unix:uid", 65534);
    UnsafeStateException e =
        assertThrows(UnsafeStateException.class, () -> StateFiles.folder(root, true));
    assertTrue(e.getMessage().contains("is owned by uid 65534, not root"), e.getMessage());
  }

  @Test
  void theStateFolderIsMadePrivateAndAWiderOneIsTightened() throws IOException {
    Path root = tmp.resolve("nsplay");
    StateFiles.folder(root, true);
    assertEquals("rwx------", mode(root));
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxrwxrwx"));
    StateFiles.folder(root, true);
    assertEquals("rwx------", mode(root));
  }

  @Test
  void aLabFolderOfAnotherModeIsRefused() throws IOException {
    Path root = tmp.resolve("nsplay");
    Path lab = Files.createDirectories(root.resolve("lab"));
    Files.setPosixFilePermissions(lab, PosixFilePermissions.fromString("rwxr-xr-x"));
    UnsafeStateException e =
        assertThrows(UnsafeStateException.class, () -> Journal.open(root, "lab"));
    assertEquals(
        lab + " has mode 0755, not 0700; refusing to use it (remove it if you did not make it)",
        e.getMessage());
    assertEquals("rwxr-xr-x", mode(lab));
  }

  @Test
  void aSymbolicLinkForALabFolderIsRefused() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("nsplay"));
    Path elsewhere = Files.createDirectory(tmp.resolve("elsewhere"));
    Files.createSymbolicLink(root.resolve("lab"), elsewhere);
    assertThrows(UnsafeStateException.class, () -> Journal.open(root, "lab"));
    assertThrows(UnsafeStateException.class, () -> Journal.readChecked(root, "lab"));
    assertThrows(UnsafeStateException.class, () -> Journal.readIfExists(root, "lab"));
    assertFalse(Files.exists(elsewhere.resolve("journal")));
  }

  @Test
  void aSymbolicLinkForAJournalIsNeitherReadNorWritten() throws IOException {
    Path root = tmp.resolve("nsplay");
    Journal.open(root, "lab").close();
    Path target = tmp.resolve("target");
    Files.writeString(target, "precious\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    Path journal = root.resolve("lab/journal");
    Files.delete(journal);
    Files.createSymbolicLink(journal, target);
    assertThrows(UnsafeStateException.class, () -> Journal.open(root, "lab"));
    assertThrows(UnsafeStateException.class, () -> Journal.readChecked(root, "lab"));
    assertEquals("precious\n", Files.readString(target));
    assertEquals("rw-r--r--", mode(target));
  }

  @Test
  void aHardLinkForAJournalIsRefused() throws IOException {
    Path root = tmp.resolve("nsplay");
    Journal.open(root, "lab").close();
    Path journal = root.resolve("lab/journal");
    Files.delete(journal);
    Path target = Files.writeString(tmp.resolve("target"), "precious\n");
    Files.createLink(journal, target);
    UnsafeStateException e =
        assertThrows(UnsafeStateException.class, () -> Journal.open(root, "lab"));
    assertTrue(e.getMessage().contains("has other names"), e.getMessage());
    assertEquals("precious\n", Files.readString(target));
  }

  @Test
  void aSymbolicLinkForALockFileIsNotWritten() throws IOException {
    Path root = Files.createDirectory(tmp.resolve("nsplay"));
    Path target = Files.writeString(tmp.resolve("target"), "precious\n");
    Files.createSymbolicLink(root.resolve("lab.lock"), target);
    assertThrows(
        UnsafeStateException.class,
        () -> LabLock.acquire(root, "lab", Duration.ZERO, m -> {}).close());
    assertEquals("precious\n", Files.readString(target));
  }

  @Test
  void anotherFileInTheLabFolderMustBeARegularOneToo() throws IOException {
    Path root = tmp.resolve("nsplay");
    Journal.open(root, "lab").close();
    Path target = Files.writeString(tmp.resolve("target"), "precious\n");
    Files.createSymbolicLink(root.resolve("lab/last-run.json"), target);
    UnsafeStateException e =
        assertThrows(UnsafeStateException.class, () -> Journal.open(root, "lab"));
    assertTrue(e.getMessage().contains("last-run.json is a symbolic link"), e.getMessage());
  }

  @Test
  void readAllReadsAWholeFile() throws IOException {
    byte[] b = new byte[70000];
    new java.util.Random(1).nextBytes(b);
    Path f = Files.write(tmp.resolve("f"), b, StandardOpenOption.CREATE_NEW);
    assertArrayEquals(b, StateFiles.readAll(f));
  }
}

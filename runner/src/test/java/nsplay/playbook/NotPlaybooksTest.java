package nsplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files that are not playbooks, named as the playbook, by import_tasks or by -e @FILE: never read
 * without bound (/dev/zero), never waited on (a FIFO), and never quoted (/etc/shadow).
 */
class NotPlaybooksTest {
  static final PlaybookLoader LOADER = new PlaybookLoader(TaskRegistry.specs());

  /** What /etc/shadow looks like: its first line composes as a mapping keyed by the line. */
  static final String SHADOW =
      "root:$6$SECRETSALT$SECRETHASH:19000:0:99999:7:::\n"
          + "daemon:*:19000:0:99999:7:::\n"
          + "alice:$6$OTHERSALT$OTHERHASH:19000:0:99999:7:::\n";

  @TempDir Path dir;

  /** The problems of a playbook that imports {@code target}, as printed. */
  String importing(String target) throws IOException {
    Path pb = dir.resolve("lab.yml");
    Files.writeString(pb, "name: lab\ntasks:\n  - import_tasks: " + target + "\n");
    return assertThrows(InvalidPlaybookException.class, () -> LOADER.load(pb)).format();
  }

  @Test
  void aSecretFileIsNeitherQuotedNorShown() throws IOException {
    Files.writeString(dir.resolve("shadow"), SHADOW);
    String err = importing("shadow");
    assertEquals(
        dir.resolve("shadow")
            + ":1:1: error: not a task file: it does not start with a YAML list of tasks, or a"
            + " mapping with tasks (its lines are not shown)\n",
        err);
    // The same file as the playbook itself.
    err =
        assertThrows(InvalidPlaybookException.class, () -> LOADER.load(dir.resolve("shadow")))
            .format();
    assertEquals(
        dir.resolve("shadow")
            + ":1:1: error: not a playbook: it does not start with a YAML mapping of name, vars and"
            + " tasks (its lines are not shown)\n",
        err);
  }

  @Test
  void plainTextAndNulBytesAreNotShownEither() throws IOException {
    for (String text :
        List.of(
            "root:x:0:0:root:/root:/bin/bash\nSECRET=1\n",
            "HOME=/root\0SECRET=hunter2\0",
            "- SECRET\n- x: [\n",
            "SECRET: [1,\n")) {
      Files.writeString(dir.resolve("f"), text);
      String err = importing("f");
      assertFalse(err.contains("SECRET") || err.contains("root"), err);
      assertTrue(err.contains("error: not a task file: "), err);
    }
  }

  @Test
  void procFilesAreReadWithinTheLimit() throws IOException {
    String err = importing("/proc/self/environ");
    assertEquals(
        "/proc/self/environ:1:1: error: not a task file: it does not start with a YAML list of"
            + " tasks, or a mapping with tasks (its lines are not shown)\n",
        err);
  }

  @Test
  void devicesAreNotRead() {
    String err = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> importing("/dev/zero"));
    assertEquals(
        dir.resolve("lab.yml")
            + ":3:19: error: cannot import /dev/zero: not a regular file (a device, FIFO or"
            + " socket)\n"
            + "    - import_tasks: /dev/zero\n"
            + "                    ^\n",
        err);
    IOException e = assertThrows(IOException.class, () -> SourceFile.read(Path.of("/dev/zero")));
    assertEquals("not a regular file (a device, FIFO or socket)", e.getMessage());
  }

  @Test
  void aFifoIsNotOpened() throws Exception {
    Path fifo = dir.resolve("fifo");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    String err = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> importing("fifo"));
    assertTrue(err.contains(": error: cannot import fifo: not a regular file (a device"), err);
    IllegalArgumentException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                assertThrows(
                    IllegalArgumentException.class, () -> ExtraVars.parse(List.of("@" + fifo))));
    assertEquals(
        "-e @" + fifo + ": cannot read: not a regular file (a device, FIFO or socket)",
        e.getMessage());
  }

  @Test
  void directoriesAreNotFiles() throws IOException {
    assertTrue(importing(".").contains(": error: cannot import .: a directory, not a file\n"));
  }

  @Test
  void largeFilesAreRefusedBeforeReading() throws IOException {
    Path big = dir.resolve("big.yml");
    try (var ch =
        java.nio.channels.FileChannel.open(
            big, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(new byte[] {'x'}), 8L << 30); // 8 GiB, sparse
    }
    IOException e = assertThrows(IOException.class, () -> SourceFile.read(big));
    assertEquals("too large: 8589934593 bytes; a playbook file is at most 4 MiB", e.getMessage());
    assertTrue(importing("big.yml").contains("cannot import big.yml: too large: 8589934593 bytes"));
  }

  @Test
  void extraVarsFromASecretFileAreNotQuoted() throws IOException {
    Path f = dir.resolve("shadow");
    Files.writeString(f, SHADOW);
    assertEquals(
        "-e @" + f + ": expected a mapping of names to values",
        assertThrows(IllegalArgumentException.class, () -> ExtraVars.parse(List.of("@" + f)))
            .getMessage());
    Files.writeString(f, "n: 1\n" + SHADOW);
    assertEquals(
        "-e @"
            + f
            + ":2:1: not a variable name (letters, digits and '_', not starting with a digit)",
        assertThrows(IllegalArgumentException.class, () -> ExtraVars.parse(List.of("@" + f)))
            .getMessage());
    assertEquals(
        "-e @/dev/zero: cannot read: not a regular file (a device, FIFO or socket)",
        assertThrows(IllegalArgumentException.class, () -> ExtraVars.parse(List.of("@/dev/zero")))
            .getMessage());
  }

  /** A playbook that merely starts with a misspelt key is still shown, with its "did you mean". */
  @Test
  void aMisspeltFirstKeyIsStillAPlaybook() {
    InvalidPlaybookException e =
        assertThrows(
            InvalidPlaybookException.class, () -> LOADER.parse("t.yml", "nmae: lab\ntasks: []\n"));
    assertTrue(
        e.format().contains("unknown playbook key \"nmae\"; did you mean \"name\"?"), e.format());
    assertTrue(e.format().contains("\n  nmae: lab\n"), e.format());
  }
}

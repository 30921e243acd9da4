package nsplay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  static final Entry LAB = new Entry.Lab("seed", null, 0x4c02c30d);
  static final Entry RED = new Entry.Netns("red");
  static final Entry LINK = new Entry.Link("red", "veth-red");
  static final Entry BLUE = new Entry.Netns("blue");

  @TempDir Path root;

  static String line(Entry e) {
    return JournalCodec.encode(e);
  }

  Path write(String text) throws IOException {
    Path dir = Journal.dir(root, "seed");
    Files.createDirectories(dir);
    // As nsplay makes it: a lab folder of another mode is refused (see StateFilesTest).
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    Path file = dir.resolve("journal");
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void recordsAreReadBackInOrder() throws IOException {
    try (Journal j = Journal.open(root, "seed")) {
      assertEquals(List.of(), j.entries());
      j.record(LAB);
      j.record(RED);
      j.record(LINK);
      assertEquals(List.of(LAB, RED, LINK), j.entries());
      assertEquals(root.resolve("seed").resolve("journal"), j.file());
    }
    Path file = root.resolve("seed/journal");
    assertEquals(List.of(LAB, RED, LINK), Journal.read(file));
    assertEquals(line(LAB) + line(RED) + line(LINK), Files.readString(file));
  }

  @Test
  void reopeningKeepsAndAppends() throws IOException {
    try (Journal j = Journal.open(root, "seed")) {
      j.record(LAB);
      j.record(RED);
    }
    try (Journal j = Journal.open(root, "seed")) {
      assertEquals(List.of(LAB, RED), j.entries());
      j.record(BLUE);
      assertEquals(List.of(LAB, RED, BLUE), j.entries());
    }
    assertEquals(List.of(LAB, RED, BLUE), Journal.read(root.resolve("seed/journal")));
  }

  @Test
  void fileAndDirectoryArePrivate() throws IOException {
    try (Journal j = Journal.open(root, "seed")) {
      j.record(LAB);
      assertEquals(
          "rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(j.file())));
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(j.file().getParent())));
    }
  }

  @Test
  void createsMissingDirectories() throws IOException {
    Path deeper = root.resolve("a/b");
    try (Journal j = Journal.open(deeper, "seed")) {
      j.record(RED);
    }
    assertEquals(List.of(RED), Journal.read(deeper.resolve("seed/journal")));
  }

  @Test
  void readSkipsADamagedLineAndATruncatedLastLine() throws IOException {
    String damaged = line(LINK).replace("veth-red", "veth-rex");
    String cut = line(BLUE).substring(0, 15);
    Path file = write(line(LAB) + damaged + line(RED) + "\n" + "garbage\n" + cut);
    assertEquals(List.of(LAB, RED), Journal.read(file));
  }

  @Test
  void aLastLineWithoutItsNewlineIsNotWhole() throws IOException {
    String whole = line(RED);
    Path file = write(line(LAB) + whole.substring(0, whole.length() - 1));
    assertEquals(List.of(LAB), Journal.read(file));
  }

  @Test
  void readOfAMissingJournal() {
    assertThrows(NoSuchFileException.class, () -> Journal.read(root.resolve("none/journal")));
  }

  @Test
  void openAfterACrashDropsThePartialRecord() throws IOException {
    String partial = line(LINK).substring(0, 20);
    Path file = write(line(LAB) + line(RED) + partial);
    try (Journal j = Journal.open(root, "seed")) {
      assertEquals(List.of(LAB, RED), j.entries());
      j.record(BLUE);
      assertEquals(List.of(LAB, RED, BLUE), j.entries());
    }
    assertEquals(List.of(LAB, RED, BLUE), Journal.read(file));
    assertEquals(line(LAB) + line(RED) + line(BLUE), Files.readString(file));
  }

  @Test
  void openOfAnEmptyFile() throws IOException {
    Path file = write("");
    try (Journal j = Journal.open(root, "seed")) {
      j.record(RED);
    }
    assertEquals(line(RED), Files.readString(file));
  }

  @Test
  void recordsAreAppendedEvenIfTheFileGrewMeanwhile() throws IOException {
    try (Journal j = Journal.open(root, "seed")) {
      j.record(LAB);
    }
    Path file = root.resolve("seed/journal");
    Files.writeString(file, line(RED), StandardOpenOption.APPEND);
    assertEquals(List.of(LAB, RED), Journal.read(file));
  }

  @Test
  void aCutShortRecordStaysCutShortAfterReopening() throws IOException {
    String whole = line(LINK);
    Path file = write(line(LAB) + whole.substring(0, whole.length() - 1));
    try (Journal j = Journal.open(root, "seed")) {
      assertEquals(List.of(LAB), j.entries());
      j.record(BLUE);
    }
    assertEquals(List.of(LAB, BLUE), Journal.read(file));
  }

  @Test
  void readCheckedNamesEveryUnreadableLineButACutLastOne() throws IOException {
    String damaged = line(LINK).replace("veth-red", "veth-rex");
    String unknown = "00000000 frobnicate x\n";
    String cut = line(BLUE).substring(0, 15);
    Path file = write(line(LAB) + damaged + line(RED) + "garbage\n" + unknown + cut);
    Journal.Contents c = Journal.readChecked(file);
    assertEquals(List.of(LAB, RED), c.entries());
    assertEquals(
        List.of(
            "line 2 cannot be read (bad checksum)",
            "line 4 cannot be read (not a record)",
            "line 5 cannot be read (bad checksum)"),
        c.damage());
  }

  @Test
  void readCheckedNamesAnUnknownKindWithAGoodChecksum() throws IOException {
    String body = "frobnicate x";
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(body.getBytes(StandardCharsets.UTF_8));
    Path file = write(line(LAB) + String.format("%08x", crc.getValue()) + " " + body + "\n");
    assertEquals(
        List.of("line 2 cannot be read (unknown kind frobnicate)"),
        Journal.readChecked(file).damage());
  }

  @Test
  void aWholeJournalHasNoDamage() throws IOException {
    Path file = write(line(LAB) + line(RED) + line(LINK).substring(0, 10));
    assertTrue(Journal.readChecked(file).whole());
  }

  @Test
  void anEmptyJournalOrOneWithoutItsLabRecordIsDamaged() throws IOException {
    assertEquals(List.of("it is empty"), Journal.readChecked(write("")).damage());
    assertEquals(
        List.of("it has no lab record (its first line)"),
        Journal.readChecked(write(line(RED) + line(LINK))).damage());
    // Random bytes without a newline: one unterminated line, so no record, and no lab record.
    assertEquals(
        List.of("it has no lab record (its first line)"),
        Journal.readChecked(write("\u0001\u00ffxyz")).damage());
    // A damaged first line is said once, not also as a missing lab record.
    assertEquals(
        List.of("line 1 cannot be read (bad checksum)"),
        Journal.readChecked(write(line(LAB).replace("seed", "seex") + line(RED))).damage());
  }
}

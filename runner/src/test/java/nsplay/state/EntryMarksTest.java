package nsplay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsplay.kernel.Nftables.Table;
import org.junit.jupiter.api.Test;

/** Which table a journal record may take: by the mark it recorded, else by the older rule. */
class EntryMarksTest {
  static final Entry.NftTable MARKED = new Entry.NftTable(null, "ip", "nsplay-a", "nsplay:a");
  static final Entry.NftTable OLD = new Entry.NftTable(null, "ip", "nsplay-a");

  @Test
  void aRecordWithAMarkTakesOnlyATableWithThatComment() {
    assertNull(MARKED.foreign(new Table("nsplay-a", true, "nsplay:a"), "a"));
    assertTrue(MARKED.foreign(new Table("nsplay-a", false, null), "a") != null, "made by hand");
    assertEquals(
        "it does not carry this lab's mark (comment \"mine\")",
        MARKED.foreign(new Table("nsplay-a", true, "mine"), "a"));
  }

  @Test
  void aRecordFromBeforeMarksTakesAnUnmarkedTableOrOneWithTheLabsComment() {
    assertNull(OLD.foreign(new Table("nsplay-a", false, null), "a"), "an older nsplay's table");
    assertNull(OLD.foreign(new Table("nsplay-a", true, "nsplay:a"), "a"));
    assertTrue(OLD.foreign(new Table("nsplay-a", true, "nsplay:b"), "a") != null);
    assertTrue(OLD.foreign(new Table("nsplay-a", true, null), "a") != null, "other user data");
  }

  @Test
  void protocolsInTheJournalAreChecked() {
    assertEquals("217", Marks.routeProto());
    assertTrue(Marks.atLeast("5.18.0", 5, 18));
    assertTrue(Marks.atLeast("6.1.0-13-amd64", 5, 18));
    assertTrue(!Marks.atLeast("5.17.9", 5, 18));
    assertTrue(!Marks.atLeast("4.19", 5, 18));
    assertTrue(!Marks.atLeast("x", 5, 18));
    assertEquals("217", Marks.checkProto("217"));
    assertThrows(IllegalArgumentException.class, () -> Marks.checkProto("0"));
    assertThrows(IllegalArgumentException.class, () -> Marks.checkProto("256"));
    assertThrows(NumberFormatException.class, () -> Marks.checkProto("x"));
  }
}

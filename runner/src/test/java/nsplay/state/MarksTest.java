package nsplay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MarksTest {
  @Test
  void aliasAndTable() {
    assertEquals("nsplay:seed", Marks.alias("seed"));
    assertEquals("nsplay-seed", Marks.nftTable("seed"));
  }

  @Test
  void groupIsStableForAName() {
    // Pinned: a lab brought up by one build must be recognised by the next.
    assertEquals(Marks.group("seed"), Marks.group("seed"));
    assertEquals(0x4c02c30d, Marks.group("seed"));
    assertEquals(0x40000000 | (0x3fffffff & (int) crc("nsplay:seed")), Marks.group("seed"));
  }

  @Test
  void groupIsNeverZeroNorNegative() {
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 2000; i++) {
      int g = Marks.group("lab" + i);
      assertTrue(g >= 0x40000000, "lab" + i + ": " + g);
      assertNotEquals(0, g);
      seen.add(g);
    }
    assertTrue(seen.size() > 1990, "names spread over groups: " + seen.size());
    assertTrue(Marks.group("") > 0);
  }

  @Test
  void differentLabsDifferentGroups() {
    assertNotEquals(Marks.group("seed"), Marks.group("veth-pair"));
    assertNotEquals(Marks.group("a"), Marks.group("b"));
  }

  @Test
  void aNamespaceTokenIs64RandomBitsInHexAndLoCarriesItUnderItsOwnPrefix() {
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String t = Marks.netnsToken();
      assertTrue(t.matches("[0-9a-f]{16}"), t);
      assertTrue(seen.add(t), "a token came twice: " + t);
    }
    assertEquals(
        "nsplay:seed netns 00000000deadbeef", Marks.netnsAlias("seed", "00000000deadbeef"));
    // lo is not a link of the lab's: its alias must not read as a lab's link mark.
    assertNotEquals(Marks.alias("seed"), Marks.netnsAlias("seed", "x"));
  }

  private static long crc(String s) {
    java.util.zip.CRC32 c = new java.util.zip.CRC32();
    c.update(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return c.getValue();
  }
}

package nsplay.netlink;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compares byte arrays as hex dumps so a failure shows where they differ. */
public final class WireAssert {
  private WireAssert() {}

  public static void assertBytes(byte[] expected, byte[] actual) {
    assertEquals(Hex.dump(expected), Hex.dump(actual));
  }
}

package nsplay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class LedgerTest {
  static final String FWD = "net.ipv4.ip_forward";
  static final Entry LAB = new Entry.Lab("b", "h", 0x40000001);

  @Test
  void theOriginalIsTheOldestRealChangeOverAHandedOnValue() {
    // b came up with forwarding on (no record), a handed it 0 when it went down.
    assertEquals(
        "0", Ledger.of(List.of(LAB, new Entry.Sysctl(null, FWD, "0", "1"))).original(null, FWD));
    // A record that changed nothing stands until one that changed it.
    assertEquals(
        "0",
        Ledger.of(
                List.of(
                    LAB,
                    new Entry.Sysctl(null, FWD, "1", "1"),
                    new Entry.Sysctl(null, FWD, "0", "1")))
            .original(null, FWD));
    // Two real changes: the oldest, as before.
    assertEquals(
        "0",
        Ledger.of(
                List.of(
                    LAB,
                    new Entry.Sysctl(null, FWD, "0", "1"),
                    new Entry.Sysctl(null, FWD, "1", "2")))
            .original(null, FWD));
  }

  @Test
  void aLabReliesOnItsNewestValueOrOnForwardingWhereItsNatIs() {
    Ledger set = Ledger.of(List.of(LAB, new Entry.Sysctl(null, FWD, "0", "1")));
    assertTrue(set.reliesOn(null, FWD, "1"));
    assertFalse(set.reliesOn(null, FWD, "2"));
    assertFalse(set.reliesOn("x", FWD, "1"));
    Ledger nat = Ledger.of(List.of(LAB, new Entry.NftTable(null, "ip", "nsplay-b")));
    assertTrue(nat.reliesOn(null, FWD, "1"));
    assertFalse(nat.reliesOn(null, FWD, "0"));
    assertFalse(nat.reliesOn(null, "net.ipv4.conf.all.rp_filter", "1"));
    Ledger changedSince =
        Ledger.of(
            List.of(
                LAB,
                new Entry.NftTable(null, "ip", "nsplay-b"),
                new Entry.Sysctl(null, FWD, "1", "0")));
    assertFalse(changedSince.reliesOn(null, FWD, "1"), "its own newest record says otherwise");
  }
}

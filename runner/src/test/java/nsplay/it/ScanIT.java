package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `down --lab NAME --scan`: a lab removed by its marks when its journal is lost or unreadable. */
class ScanIT {
  private final List<Lab> labs = new ArrayList<>();

  @AfterEach
  void cleanup() {
    labs.forEach(Lab::close);
  }

  private Lab lab(String tag) {
    Lab l = new Lab(tag).playbook(StateFilesIT.PLAYBOOK);
    labs.add(l);
    return l;
  }

  private static Lab.Run scan(Lab lab) {
    return Lab.cli("down", "--lab", lab.name, "--scan", "--host-netns", lab.host);
  }

  private static void rmState(Lab lab) throws IOException {
    TestNet.run("rm", "-rf", Own.journal(lab.name).getParent().toString());
  }

  @Test
  void aLabWhoseStateWasDeletedIsFoundByItsMarks() throws IOException {
    Lab lab = lab("xa");
    lab.upTwice();
    rmState(lab);
    assertEquals(
        "lab " + lab.name + " is not up; nothing to remove", lab.down().expect(0).out().trim());
    Lab.Run r = scan(lab).expect(0);
    String out = r.out();
    // Shown first, then removed.
    int found = out.indexOf("FOUND [netns " + lab.name + "-a]");
    assertTrue(found >= 0, out);
    assertTrue(out.contains("FOUND [link br0 in " + lab.host + "]"), out);
    assertTrue(out.contains("FOUND [link vh in " + lab.host + "]"), out);
    assertTrue(
        out.contains("FOUND [nft table ip nsplay-" + lab.name + " in " + lab.host + "]"), out);
    assertTrue(found < out.indexOf("REMOVE ["), out);
    assertTrue(r.recap().startsWith("RECAP " + lab.name + ": removed="), out);
    lab.assertGone();
    assertFalse(Files.exists(Own.lockFile(lab.name)), "--scan left the lock file");
  }

  @Test
  void aLabWithAnUnreadableJournalIsFoundByItsMarks() throws IOException {
    Lab lab = lab("xb");
    lab.upTwice();
    byte[] random = new byte[2048];
    new java.util.Random(3).nextBytes(random);
    Files.write(Own.journal(lab.name), random);
    lab.down().expect(1);
    Lab.Run r = scan(lab).expect(0);
    lab.assertGone();
    assertTrue(r.out().contains("note: sysctls the lab changed"), r.out());
  }

  @Test
  void aNamespaceWithALinkNotTheLabsIsNotTakenOnlyTheLabsLink() throws IOException {
    Lab lab = new Lab("xc");
    labs.add(lab);
    String foreign = TestNet.newNetns("xf");
    lab.extraNetns.add(foreign);
    TestNet.run("ip", "-n", foreign, "link", "add", "fx", "type", "veth", "peer", "name", "fy");
    // An empty namespace that is not the lab's, and one that holds the lab's mark on lo but
    // also a link that is not the lab's: neither is taken.
    String empty = TestNet.newNetns("xe");
    lab.extraNetns.add(empty);
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - veth_create: { name: va, netns: {lab}-a, peer: vh }
          - veth_create: { name: vf, netns: %s, peer: vg }
        """
            .formatted(foreign));
    lab.upTwice();
    Path dir = Own.journal(lab.name).getParent();
    rmState(lab);
    Lab.Run r = scan(lab).expect(0);
    assertTrue(r.out().contains("FOUND [link vf in " + foreign + "]"), r.out());
    assertTrue(r.out().contains("KEEP [netns " + foreign + ": it holds f"), r.out());
    assertTrue(TestNet.netnsList().contains(foreign), r.out());
    assertTrue(TestNet.netnsList().contains(empty), r.out());
    assertEquals(List.of("lo", "fy", "fx"), sorted(TestNet.linkNames(foreign)));
    assertNotNull(TestNet.link(foreign, "fx"));
    assertFalse(TestNet.netnsList().contains(lab.name + "-a"), r.out());
    assertEquals(List.of("lo"), TestNet.linkNames(lab.host), r.out());
    assertFalse(Files.exists(dir));
  }

  private static List<String> sorted(List<String> l) {
    List<String> out = new ArrayList<>(l.subList(1, l.size()));
    out.sort(java.util.Comparator.reverseOrder());
    out.add(0, l.get(0));
    return out;
  }

  @Test
  void scanNeedsALabName() {
    Lab.Run r = Lab.cli("down", "--scan").expect(2);
    assertTrue(r.err().contains("--scan takes the lab by name: --lab NAME"), r.err());
    Lab.cli("down", "--all", "--scan", "--lab", "x").expect(2);
    // Without --scan, --host-netns is a check against the journal (a lab not up: nothing to do).
    Lab.Run h = Lab.cli("down", "--lab", "x", "--host-netns", "y").expect(0);
    assertTrue(h.out().contains("lab x is not up"), h.out());
    Lab.Run bad = Lab.cli("down", "--lab", "../etc", "--scan").expect(2);
    assertTrue(bad.err().contains("not a lab name"), bad.err());
  }

  /** Damages the record of the lab's namespace's identity; down then keeps the namespace. */
  private static void loseTheIdentity(Lab lab) throws IOException {
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    List<String> all = new ArrayList<>(Files.readAllLines(journal));
    // Every record of it: up records the identity before the name and again with its birth.
    int damaged = 0;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).contains(" netns-inode ")) {
        all.set(i, "0" + all.get(i).substring(1).replace(" netns-inode ", " netns-inodX "));
        damaged++;
      }
    }
    assertTrue(damaged > 0, all.toString());
    Files.writeString(journal, String.join("\n", all) + "\n");
    lab.down().expect(1);
  }

  /**
   * A journal damaged where it held a namespace's identity: down keeps that namespace (it cannot
   * prove it is the lab's), but its lo still carries the lab's mark (`nsplay:LAB netns TOKEN`, set
   * before it had its name), so --scan finds it and removes it.
   */
  @Test
  void aNamespaceWhoseIdentityIsLostIsFoundByTheMarkOnItsLo() throws IOException {
    Lab lab = lab("xm");
    loseTheIdentity(lab);
    Lab.Run r = scan(lab).expect(0);
    assertTrue(r.out().contains("FOUND [netns " + lab.name + "-a"), r.out());
    assertFalse(TestNet.netnsList().contains(lab.name + "-a"), r.out());
    assertFalse(Files.exists(Own.journal(lab.name).getParent()));
    lab.assertGone();
  }

  /**
   * The same, in a namespace whose lo lost the mark too (or that a lab made before namespaces were
   * marked): --scan cannot tell it from anyone's empty namespace, and says so instead of taking it.
   */
  @Test
  void aNamespaceTheJournalNamesWithoutItsIdentityOrMarkIsNamedNotTaken() throws IOException {
    Lab lab = lab("xd");
    loseTheIdentity(lab);
    TestNet.run("ip", "-n", lab.name + "-a", "link", "set", "lo", "alias", "");
    Path journal = Own.journal(lab.name);
    Lab.Run r = scan(lab).expect(0);
    assertTrue(
        r.out().contains("KEEP [netns " + lab.name + "-a: the journal names it, but without"),
        r.out());
    assertEquals(List.of("lo"), TestNet.linkNames(lab.host), r.out());
    assertFalse(Files.exists(journal.getParent()));
    TestNet.deleteNetns(lab.name + "-a");
    lab.assertGone();
  }
}

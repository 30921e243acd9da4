package nsplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nsplay.engine.Inspect;
import nsplay.kernel.Iface;
import nsplay.state.Entry;
import nsplay.state.Marks;
import nsplay.state.Ownership;
import org.junit.jupiter.api.Test;

/**
 * The one ownership rule ({@link Ownership}) and status's judgement of records by their kinds,
 * against the report tests' in-memory kernel (here because that kernel is).
 */
class OwnershipTest {
  private static final int GROUP = Marks.group("t");

  private static FakeKernel kernel() {
    FakeKernel k = new FakeKernel(null);
    k.add("red");
    k.add("plain");
    k.add("other");
    return k;
  }

  private static long inode(FakeKernel k, String ns) {
    return k.netnsInode(ns);
  }

  @Test
  void aNamespaceWithoutItsIdentityIsShownAsTheLabsButNeverRemoved() {
    FakeKernel k = kernel();
    List<Entry> journal =
        List.of(
            new Entry.Lab("t", null, GROUP),
            new Entry.Netns("red"),
            new Entry.NetnsIdentity("red", inode(k, "red")),
            new Entry.Netns("plain"),
            new Entry.Netns("other"),
            new Entry.NetnsIdentity("other", 1));
    Ownership own = Ownership.of("t", journal, k);
    assertTrue(own.isLabsNetns("red"));
    assertTrue(own.showsAsLabsNetns("red"));
    assertFalse(own.isLabsNetns("plain"), "no identity recorded: never removed");
    assertTrue(own.showsAsLabsNetns("plain"), "but shown as the lab's");
    assertFalse(own.isLabsNetns("other"), "replaced by another namespace");
    assertFalse(own.showsAsLabsNetns("other"));
    assertEquals("", own.netnsOwner("plain"));
    assertEquals(Ownership.NOT_NSPLAY, own.netnsOwner("other"));
    assertEquals(null, own.netnsOwner("absent"));
    Ownership withOthers =
        own.withOthers(
            Map.of(
                "u",
                List.of(
                    new Entry.Netns("other"),
                    new Entry.NetnsIdentity("other", inode(k, "other")))));
    assertEquals("lab u", withOthers.netnsOwner("other"));
  }

  /**
   * The kernel reuses nsfs inode numbers: a namespace deleted and made again by hand can have the
   * recorded inode (here it always has: the in-memory kernel's inode is the name's hash). Only the
   * token on its lo, set before the lab's namespace had its name, tells them apart.
   */
  @Test
  void aNamespaceWithTheRecordedInodeButWithoutItsTokenIsNotTheLabs() {
    FakeKernel k = kernel();
    String token = Marks.netnsToken();
    k.ns.get("red").link(1, "lo", "loopback", 0, 0, Marks.netnsAlias("t", token));
    k.ns.get("plain").link(1, "lo", "loopback", 0, 0, null); // re-made by hand
    k.ns.get("other").link(1, "lo", "loopback", 0, 0, Marks.netnsAlias("t", "0000000000000000"));
    List<Entry> journal =
        List.of(
            new Entry.Lab("t", null, GROUP),
            new Entry.Netns("red"),
            new Entry.NetnsIdentity("red", inode(k, "red"), token),
            new Entry.Netns("plain"),
            new Entry.NetnsIdentity("plain", inode(k, "plain"), token),
            new Entry.Netns("other"),
            new Entry.NetnsIdentity("other", inode(k, "other"), token));
    Ownership own = Ownership.of("t", journal, k);
    assertTrue(own.isLabsNetns("red"), "inode and token");
    assertFalse(own.isLabsNetns("plain"), "the recorded inode, reused; no token");
    assertFalse(own.isLabsNetns("other"), "the recorded inode; another token");
    assertFalse(own.showsAsLabsNetns("plain"));
    assertEquals("", own.netnsOwner("red"));
    assertEquals(Ownership.NOT_NSPLAY, own.netnsOwner("plain"));
    assertEquals(
        List.of(
            "netns red: present",
            "netns plain: changed: replaced by another namespace",
            "netns other: changed: replaced by another namespace"),
        Inspect.run("t", journal, k).stream().map(Inspect.ObjectState::describe).toList());

    // A journal from before tokens: the inode alone, as then.
    List<Entry> old =
        List.of(
            new Entry.Lab("t", null, GROUP),
            new Entry.Netns("plain"),
            new Entry.NetnsIdentity("plain", inode(k, "plain")));
    assertTrue(Ownership.of("t", old, k).isLabsNetns("plain"));
  }

  @Test
  void aLinkIsTheLabsByItsAliasOrByTheJournalAndItsGroup() {
    FakeKernel k = kernel();
    List<Entry> journal =
        List.of(
            new Entry.Lab("t", null, GROUP),
            new Entry.Link(null, "made"),
            new Entry.Link(null, "moved"),
            new Entry.LinkMove("moved", null, "red"));
    Ownership own = Ownership.of("t", journal, k);
    Iface aliased = new Iface(1, "x", "veth", true, 0, 0, "nsplay:t", 0);
    Iface made = new Iface(2, "made", "veth", true, 0, 0, null, GROUP);
    Iface forged = new Iface(3, "forged", "veth", true, 0, 0, null, GROUP);
    Iface moved = new Iface(4, "moved", "veth", true, 0, 0, null, GROUP);
    Iface foreign = new Iface(5, "made", "veth", true, 0, 0, null, 0);
    assertTrue(own.isLabsLink(null, aliased));
    assertTrue(own.isLabsLink(null, made), "unmarked after a crash: the journal and group say so");
    assertFalse(own.isLabsLink(null, forged), "the group alone is anyone's to set");
    assertTrue(own.isLabsLink("red", moved), "moved there by the lab");
    assertFalse(own.isLabsLink(null, foreign), "same name, not the lab's group or alias");
    k.host().put(new Iface(6, "ours-b", "bridge", true, 0, 0, "nsplay:u", 0));
    assertEquals("lab u", own.linkOwner(null, "ours-b"));
  }

  @Test
  void statusSeesALabLinkSetDownAndAPortDetachedWhateverComesLater() {
    FakeKernel k = kernel();
    k.host().put(new Iface(1, "br0", "bridge", true, 0, 0, "nsplay:t", GROUP));
    k.host().put(new Iface(2, "vh", "veth", false, 0, 0, "nsplay:t", GROUP));
    List<Entry> journal =
        List.of(
            new Entry.Lab("t", null, GROUP),
            new Entry.Link(null, "br0"),
            new Entry.Link(null, "vh"),
            new Entry.LinkUp(null, "vh"),
            new Entry.Master(null, "vh", "br0"),
            new Entry.Link(null, "vh"), // journalled again by a repair: present, as made
            new Entry.LinkUp(null, "eth9")); // not the lab's link, and not there: not listed
    List<Inspect.ObjectState> s = Inspect.run("t", journal, k);
    assertEquals(
        List.of("link br0: present", "link vh: changed: down"),
        s.stream().map(Inspect.ObjectState::describe).toList());
    k.host().put(new Iface(2, "vh", "veth", true, 0, 0, "nsplay:t", GROUP));
    assertEquals(
        "link vh: changed: not a port of br0", Inspect.run("t", journal, k).get(1).describe());
    k.host().put(new Iface(2, "vh", "veth", true, 1, 0, "nsplay:t", GROUP));
    assertTrue(Inspect.run("t", journal, k).stream().noneMatch(Inspect.ObjectState::drifted));
  }
}

package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import nsplay.state.Entry;
import nsplay.state.JournalForge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lab's state on disk: private modes, and journals damaged the ways a crash (or a careless
 * hand) damages them, which must still let down remove what the whole records say.
 */
class StateFilesIT {
  static final String PLAYBOOK =
      """
      name: {lab}
      tasks:
        - nat_masquerade: { source: 10.94.0.0/24, out: up0 }
        - bridge_create: { name: br0 }
        - netns_add: { name: {lab}-a }
        - veth_create: { name: va, netns: {lab}-a, peer: vh }
        - bridge_attach: { link: vh, bridge: br0 }
        - addr_assign: { link: va, address: 10.94.0.2/24, netns: {lab}-a }
      """;

  private final List<Lab> labs = new ArrayList<>();

  private Lab lab(String tag) {
    Lab l = new Lab(tag).playbook(PLAYBOOK);
    labs.add(l);
    return l;
  }

  @AfterEach
  void cleanup() {
    labs.forEach(Lab::close);
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  private static List<String> lines(Path journal) throws IOException {
    return Files.readAllLines(journal, StandardCharsets.UTF_8);
  }

  @Test
  void stateIsPrivate() throws IOException {
    Lab lab = lab("sm");
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    assertEquals("rwx------", mode(Path.of("/run/nsplay")));
    assertEquals("rwx------", mode(journal.getParent()));
    assertEquals("rw-------", mode(journal));
    assertEquals("rw-------", mode(Own.lockFile(lab.name)));
    lab.down().expect(0);
    lab.assertGone();
    assertFalse(Files.exists(Own.lockFile(lab.name)), "down left the lock file");
  }

  @Test
  void lastLineCutInTheMiddle() throws IOException {
    Lab lab = lab("st");
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    String text = Files.readString(journal);
    List<String> all = lines(journal);
    String last = all.get(all.size() - 1);
    assertTrue(last.contains(" addr "), last); // in the lab's namespace: goes with it
    Files.writeString(journal, text.substring(0, text.length() - last.length() / 2 - 1));
    lab.down().expect(0);
    lab.assertGone();
    assertEquals("0", TestNet.sysctl(lab.host, "net.ipv4.ip_forward"));
  }

  @Test
  void aRecordCutShortThenAnotherUpThenDown() throws IOException {
    Lab lab = lab("sc");
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    int whole = lines(journal).size();
    // A crash while writing the record of a link that was therefore never made.
    String partial = JournalForge.line(new Entry.Link(null, "never"));
    Files.writeString(
        journal,
        partial.substring(0, partial.length() / 2),
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
    // Drift, so that the next up journals something after the cut record.
    TestNet.run(
        "ip", "netns", "exec", lab.host, "nft", "delete", "table", "ip", "nsplay-" + lab.name);
    Lab.Run r = lab.up().expect(0);
    assertTrue(r.recap().contains(" changed=1 "), r.out());
    assertTrue(Files.readString(journal).endsWith("\n"));
    List<String> kinds = lines(journal).stream().map(l -> l.split(" ")[1]).toList();
    assertEquals("nft-table", kinds.get(kinds.size() - 1), kinds.toString());
    assertEquals(whole + 1, kinds.size(), "the cut record must be dropped, not glued to: " + kinds);
    assertTrue(lines(journal).stream().allMatch(l -> l.matches("[0-9a-f]{8} [a-z-]+ .*")));
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void aDamagedLineInTheMiddleKeepsTheLabsState() throws IOException {
    Lab lab = lab("sd");
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    List<String> all = new ArrayList<>(lines(journal));
    int br = -1;
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).endsWith(" link - br0")) {
        br = i;
      }
    }
    assertTrue(br > 0 && br < all.size() - 1, all.toString());
    String l = all.get(br);
    all.set(br, l.substring(0, l.length() - 1) + "X"); // br0 -> brX: the CRC no longer matches
    Files.writeString(journal, String.join("\n", all) + "\n");
    Lab.Run down = lab.down().expect(1);
    assertTrue(
        down.err()
            .contains(
                "journal of lab "
                    + lab.name
                    + ": line "
                    + (br + 1)
                    + " cannot be read (bad checksum); the lab's state is kept"),
        down.err());
    // Everything the other lines record is gone...
    assertFalse(TestNet.netnsList().contains(lab.name + "-a"), down.out());
    assertNull(TestNet.link(lab.host, "vh"), down.out());
    assertEquals(List.of(), TestNet.nftTables(lab.host), down.out());
    assertEquals("0", TestNet.sysctl(lab.host, "net.ipv4.ip_forward"), down.out());
    // ...the damaged line's bridge is left, still marked as the lab's, and so is the state
    // that says the lab is not gone.
    assertEquals(List.of("lo", "br0"), TestNet.linkNames(lab.host));
    assertEquals("nsplay:" + lab.name, TestNet.link(lab.host, "br0").path("ifalias").asText());
    assertTrue(Files.exists(journal), "the journal of a lab not wholly read must be kept");
    lab.down().expect(1); // still damaged: still kept
    assertTrue(Files.exists(journal));
    TestNet.run("ip", "-n", lab.host, "link", "del", "br0");
    all.remove(br);
    Files.writeString(journal, String.join("\n", all) + "\n");
    lab.down().expect(0);
    lab.assertGone();
  }

  /**
   * A journal that down cannot read at all, or whose lab record is lost: down removes nothing it
   * cannot trust, says why, keeps the state and fails; with the journal back, it finishes.
   */
  private void unreadableJournal(String tag, byte[] content, String says) throws IOException {
    Lab lab = lab(tag);
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    byte[] good = Files.readAllBytes(journal);
    Files.write(journal, content);
    Lab.Run down = lab.down().expect(1);
    assertTrue(
        down.err().contains("journal of lab " + lab.name + ": " + says),
        () -> down.out() + down.err());
    assertTrue(down.err().contains("the lab's state is kept"), down.err());
    assertFalse(down.out().contains("REMOVE [netns"), down.out());
    assertTrue(Files.exists(journal), "the state of an unreadable journal must be kept");
    assertTrue(TestNet.netnsList().contains(lab.name + "-a"), down.out());
    assertEquals(
        List.of(lab.name),
        TestNet.nftTables(lab.host).stream().map(t -> t.substring("nsplay-".length())).toList());
    Files.write(journal, good);
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void randomBytesForAJournal() throws IOException {
    byte[] random = new byte[4096];
    new java.util.Random(7).nextBytes(random);
    random[100] = '\n'; // at least one whole line, which cannot be a record
    unreadableJournal("sr", random, "line 1 cannot be read (");
  }

  @Test
  void anEmptyJournal() throws IOException {
    unreadableJournal("se", new byte[0], "it is empty");
  }

  @Test
  void aJournalWithoutItsLabRecord() throws IOException {
    Lab lab = lab("sg");
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    byte[] good = Files.readAllBytes(journal);
    List<String> all = lines(journal);
    assertTrue(all.get(0).contains(" lab "), all.get(0));
    Files.writeString(journal, String.join("\n", all.subList(1, all.size())) + "\n");
    Lab.Run down = lab.down().expect(1);
    assertTrue(
        down.err().contains("journal of lab " + lab.name + ": it has no lab record"), down.err());
    // What it could trust went (the namespace, by its identity); the host's records stay.
    assertFalse(TestNet.netnsList().contains(lab.name + "-a"), down.out());
    assertEquals(List.of("nsplay-" + lab.name), TestNet.nftTables(lab.host), down.out());
    assertTrue(Files.exists(journal));
    Files.write(journal, good);
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void aDamagedFirstLineDoesNotMakeDownActOnTheCallersNamespace() throws IOException {
    Lab lab = lab("sh");
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    List<String> all = new ArrayList<>(lines(journal));
    assertTrue(all.get(0).contains(" lab "), all.get(0));
    String labLine = all.get(0);
    all.set(0, "00000000" + all.get(0).substring(8));
    Files.writeString(journal, String.join("\n", all) + "\n");
    // down runs inside a sandbox namespace that stands for the machine's own, with forwarding on
    // as a real host often has it.
    String sandbox = TestNet.newNetns("sbx");
    lab.extraNetns.add(sandbox);
    TestNet.run("ip", "netns", "exec", sandbox, "sysctl", "-qw", "net.ipv4.ip_forward=1");
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", sandbox));
    cmd.addAll(ForeignIT.javaCommand());
    cmd.addAll(List.of("down", "--lab", lab.name));
    TestNet.Result r = TestNet.exec(cmd.toArray(new String[0]));
    assertEquals("1", TestNet.sysctl(sandbox, "net.ipv4.ip_forward"), () -> r.out() + r.err());
    assertNotNull(TestNet.link(sandbox, "lo"));
    // It says so, fails, and keeps the journal: what it could not do is still recorded.
    assertEquals(1, r.code(), () -> r.out() + r.err());
    assertTrue(r.out().contains("the journal's lab record is damaged"), r.out());
    assertTrue(Files.exists(journal), "the journal must be kept when down could not finish");
    // With the lab record mended, down finishes the job.
    List<String> mended = new ArrayList<>(lines(journal));
    mended.set(0, labLine);
    Files.writeString(journal, String.join("\n", mended) + "\n");
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void downAllRemovesEveryLab() throws IOException {
    Lab one = lab("sa");
    Lab two = lab("sb");
    one.upTwice();
    two.upTwice();
    // --all means every lab on the machine: it runs where /run/nsplay holds only these two (a
    // private mount namespace), so that labs of anyone else on this machine are not touched.
    Path root = Files.createTempDirectory("nsplay-all");
    for (Lab l : List.of(one, two)) {
      TestNet.run("cp", "-a", Own.journal(l.name).getParent().toString(), root.toString());
    }
    TestNet.Result r =
        TestNet.exec(
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            "mount --bind "
                + root
                + " /run/nsplay && exec "
                + String.join(" ", ForeignIT.javaCommand())
                + " down --all");
    assertEquals(0, r.code(), () -> r.out() + r.err());
    assertTrue(r.out().contains("RECAP " + one.name + ": "), r.out());
    assertTrue(r.out().contains("RECAP " + two.name + ": "), r.out());
    try (var s = Files.list(root)) {
      assertEquals(List.of(), s.filter(p -> !p.toString().endsWith(".lock")).toList());
    }
    for (Lab l : List.of(one, two)) {
      assertEquals(List.of("lo"), TestNet.linkNames(l.host));
      assertEquals(List.of(), TestNet.nftTables(l.host));
      assertFalse(TestNet.netnsList().contains(l.name + "-a"));
      l.down().expect(0); // the copies' originals: nothing left to remove
      l.assertGone();
    }
    TestNet.run("rm", "-rf", root.toString());
  }

  @Test
  void downByLabNameWithThePlaybookDeleted() throws IOException {
    Lab lab = lab("sn");
    lab.upTwice();
    Files.delete(lab.file);
    Lab.Run byFile = Lab.cli("down", lab.file.toString()).expect(2);
    assertTrue(byFile.err().contains("no such file"), byFile.err());
    Lab.Run r = Lab.jar(java.util.Map.of(), "down", "--lab", lab.name).expect(0);
    assertTrue(r.recap().startsWith("RECAP " + lab.name + ": removed="), r.out());
    lab.assertGone();
  }

  /**
   * A lab journalled by the code from before `master` records and journalled link_up of the lab's
   * own links (what an upgrade finds in /run/nsplay): its journal, without those records, still
   * tears down completely.
   */
  @Test
  void aJournalWithoutTheNewerKindsStillTearsDown() throws IOException {
    Lab lab = lab("so");
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    List<String> old =
        lines(journal).stream()
            .filter(l -> !l.split(" ")[1].equals("master") && !l.split(" ")[1].equals("link-up"))
            .toList();
    assertTrue(old.size() < lines(journal).size(), lines(journal).toString());
    Files.writeString(journal, String.join("\n", old) + "\n");
    Lab.Run r = lab.down().expect(0);
    lab.assertGone();
    assertEquals("0", TestNet.sysctl(lab.host, "net.ipv4.ip_forward"), r.out());
  }

  /**
   * Records no kernel call can take are reported for what they are, by status and by down, and
   * everything else is still judged and removed: a namespace name of 300 bytes (no file may have
   * it: asking for its identity fails with "File name too long"), an address that is no CIDR.
   */
  @Test
  void aRecordNoKernelCallTakesDoesNotStopStatusOrDown() throws IOException {
    Lab lab = lab("sl");
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    String name = "n".repeat(300);
    JournalForge.append(journal, new Entry.Netns(name));
    JournalForge.append(journal, new Entry.NetnsIdentity(name, 4026531840L));
    JournalForge.append(journal, new Entry.Addr(null, "vh", "not-a-cidr"));
    var status = Own.status(lab.name);
    List<String> drift = Own.drift(status);
    assertEquals(
        2, drift.stream().filter(d -> d.contains("cannot tell: ")).count(), drift.toString());
    assertTrue(status.path("objects").size() > drift.size(), status.toString());
    Lab.Run down = lab.down().expect(1);
    assertTrue(down.out().contains("REMOVE [addr not-a-cidr dev vh] ... failed: "), down.out());
    assertFalse(down.out().contains("Exception"), down.out());
    assertFalse(TestNet.netnsList().contains(lab.name + "-a"), down.out());
    assertEquals(List.of(), TestNet.nftTables(lab.host), down.out());
    // The journal is kept when down could not finish; without the record, down finishes.
    List<String> rest = lines(journal).stream().filter(l -> !l.contains("not-a-cidr")).toList();
    Files.writeString(journal, String.join("\n", rest) + "\n");
    lab.down().expect(0);
    lab.assertGone();
  }

  /** A file outside /run/nsplay that a symbolic link there points at: it must stay as it is. */
  private static Path precious() throws IOException {
    Path target = Files.createTempFile("nsplay-precious", ".txt");
    Files.writeString(target, "precious\n");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    return target;
  }

  private static void untouched(Path target) throws IOException {
    assertEquals("precious\n", Files.readString(target));
    assertEquals("rw-r--r--", mode(target));
    Files.delete(target);
  }

  private static void refused(Lab.Run r, Path link) {
    assertTrue(
        r.err()
            .contains(
                "nsplay: "
                    + link
                    + " is a symbolic link; refusing to use it (remove it if you did not make"
                    + " it)"),
        () -> r.out() + r.err());
  }

  @Test
  void aSymbolicLinkForTheJournalIsNotFollowed() throws IOException {
    Lab lab = lab("yj");
    lab.upTwice();
    Path journal = Own.journal(lab.name);
    byte[] good = Files.readAllBytes(journal);
    Path target = precious();
    Files.delete(journal);
    Files.createSymbolicLink(journal, target);
    refused(lab.up().expect(1), journal);
    refused(lab.down().expect(1), journal);
    refused(Lab.cli("status", "--lab", lab.name).expect(1), journal);
    untouched(target);
    Files.delete(journal);
    Files.write(journal, good);
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void aSymbolicLinkForTheLabFolderIsNotFollowed() throws IOException {
    Lab lab = lab("yd");
    Path elsewhere = Files.createTempDirectory("nsplay-elsewhere");
    Path dir = Own.journal(lab.name).getParent();
    Files.createDirectories(dir.getParent());
    Files.createSymbolicLink(dir, elsewhere);
    try {
      String before = Own.snapshot(lab.host);
      refused(lab.up().expect(1), dir);
      assertEquals(before, Own.snapshot(lab.host), "a refused up must change nothing");
      refused(lab.down().expect(1), dir);
      try (var s = Files.list(elsewhere)) {
        assertEquals(List.of(), s.toList(), "nothing may be written through the link");
      }
    } finally {
      Files.delete(dir);
      Files.delete(elsewhere);
    }
    lab.upTwice();
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void aSymbolicLinkForTheLockFileIsNotFollowed() throws IOException {
    Lab lab = lab("yl");
    Path lock = Own.lockFile(lab.name);
    Path target = precious();
    Files.createDirectories(lock.getParent());
    Files.createSymbolicLink(lock, target);
    try {
      String before = Own.snapshot(lab.host);
      refused(lab.up().expect(1), lock);
      assertEquals(before, Own.snapshot(lab.host), "a refused up must change nothing");
      refused(lab.down().expect(1), lock);
      untouched(target);
    } finally {
      Files.delete(lock);
    }
    assertFalse(Files.exists(Own.journal(lab.name).getParent()), "a refused up made state");
  }

  @Test
  void aSymbolicLinkForTheLastRunIsNotFollowed() throws IOException {
    Lab lab = lab("yr");
    lab.upTwice();
    Path last = Own.journal(lab.name).resolveSibling("last-run.json");
    assertTrue(Files.exists(last));
    Path target = precious();
    Files.delete(last);
    Files.createSymbolicLink(last, target);
    refused(lab.up().expect(1), last);
    refused(Lab.cli("report", "--lab", lab.name, "--format", "txt", "--no-probe").expect(1), last);
    untouched(target);
    Files.delete(last);
    lab.down().expect(0);
    lab.assertGone();
  }
}

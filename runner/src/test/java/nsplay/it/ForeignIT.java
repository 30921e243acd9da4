package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.JournalForge;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Objects that are not the lab's: names that collide with them are refused before anything changes
 * (or adopted on request, and then left by down), and down leaves them even when the journal was
 * edited to name them or the name was re-used by someone else.
 */
@Tag(StockKernel.TAG)
class ForeignIT {
  private final List<Lab> labs = new ArrayList<>();

  private Lab lab(String tag) {
    Lab l = new Lab(tag);
    labs.add(l);
    return l;
  }

  @AfterEach
  void cleanup() {
    labs.forEach(Lab::close);
  }

  /** up is refused with exit 2 naming the owner, and nothing at all changed. */
  private static void refused(Lab lab, String message) {
    String before = Own.snapshot(lab.host);
    Lab.Run r = lab.up().expect(2);
    assertTrue(r.err().contains(message), r.err());
    assertFalse(r.out().contains("TASK ["), r.out());
    assertEquals(before, Own.snapshot(lab.host), "a refused up changed something");
    assertFalse(Files.exists(Own.journal(lab.name).getParent()), "a refused up left state");
    assertFalse(Files.exists(Own.lockFile(lab.name)), "a refused up left its lock file");
    Lab.Run down = lab.down().expect(0);
    assertEquals("lab " + lab.name + " is not up; nothing to remove\n", down.out());
    assertEquals(before, Own.snapshot(lab.host), "down of a refused lab changed something");
  }

  @Test
  void foreignNamespaceIsRefusedThenAdoptedAndLeftByDown() {
    Lab lab = lab("fns");
    String a = lab.name + "-a";
    TestNet.run("ip", "netns", "add", a);
    lab.extraNetns.add(a);
    String pb =
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
            ADOPT
          - veth_create: { name: va, netns: {lab}-a, peer: vh }
        """;
    lab.playbook(pb.replace("ADOPT", ""));
    refused(lab, "namespace \"" + a + "\" already exists and was not made by nsplay");
    assertTrue(TestNet.netnsList().contains(a));

    lab.playbook(pb.replace("ADOPT", "adopt: true"));
    lab.upTwice();
    assertNotNull(TestNet.link(a, "va"));
    lab.down().expect(0);
    assertTrue(TestNet.netnsList().contains(a), "down removed an adopted namespace");
    assertEquals(List.of("lo"), TestNet.linkNames(a), "down left the lab's link in it");
    assertEquals(List.of("lo"), TestNet.linkNames(lab.host));
  }

  @Test
  void foreignHostLinkIsRefusedThenAdoptedAndLeftByDown() {
    Lab lab = lab("flk");
    TestNet.run("ip", "-n", lab.host, "link", "add", "br0", "type", "bridge");
    TestNet.run("ip", "-n", lab.host, "link", "add", "vh", "type", "ifb");
    String pb =
        """
        name: {lab}
        tasks:
          - bridge_create: { name: br0 }
            ADOPT
          - netns_add: { name: {lab}-a }
          - veth_create: { name: va, netns: {lab}-a, peer: vh2 }
        """;
    lab.playbook(pb.replace("ADOPT", ""));
    refused(lab, "bridge \"br0\" on the host already exists and was not made by nsplay");

    // A veth end colliding with a foreign link is refused the same way.
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - veth_create: { name: va, netns: {lab}-a, peer: vh }
        """);
    refused(lab, "link \"vh\" on the host already exists and was not made by nsplay");

    lab.playbook(pb.replace("ADOPT", "adopt: true"));
    lab.upTwice();
    lab.down().expect(0);
    assertNotNull(TestNet.link(lab.host, "br0"), "down removed an adopted bridge");
    assertNotNull(TestNet.link(lab.host, "vh"), "down removed a foreign link");
    assertEquals(List.of("lo", "br0", "vh"), TestNet.linkNames(lab.host));
    TestNet.run("ip", "-n", lab.host, "link", "del", "br0");
    TestNet.run("ip", "-n", lab.host, "link", "del", "vh");
    lab.assertGone();
  }

  @Test
  void foreignNftTableIsRefused() {
    Lab lab = lab("fnf");
    String table = "nsplay-" + lab.name;
    TestNet.run("ip", "netns", "exec", lab.host, "nft", "add", "table", "ip", table);
    lab.playbook(
        """
        name: {lab}
        tasks:
          - nat_masquerade: { source: 10.92.0.0/24, out: up0 }
        """);
    refused(lab, "already exists and was not made by nsplay");
    assertEquals(List.of(table), TestNet.nftTables(lab.host));
  }

  @Test
  void anotherLabsNamespaceAndLinkAreRefusedNamingThatLab() {
    Lab other = lab("oth");
    String shared = TestNet.name("shared");
    other.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: SHARED }
          - bridge_create: { name: br0 }
        """
            .replace("SHARED", shared));
    other.upTwice();

    Lab lab = lab("mine");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: SHARED }
        """
            .replace("SHARED", shared));
    refused(lab, "namespace \"" + shared + "\" already exists and belongs to lab " + other.name);

    // The other lab's bridge, in a host they share.
    lab.playbook(
        """
        name: {lab}
        tasks:
          - bridge_create: { name: br0 }
        """);
    String before = Own.snapshot(other.host);
    Lab.Run r = Lab.cli("up", "--host-netns", other.host, lab.file.toString()).expect(2);
    assertTrue(
        r.err()
            .contains("bridge \"br0\" on the host already exists and belongs to lab " + other.name),
        r.err());
    assertEquals(before, Own.snapshot(other.host));

    other.down().expect(0);
    other.assertGone();
  }

  @Test
  void recreatedNamespaceIsNotTheLabsAndDownKeepsIt() {
    Lab lab = lab("frc");
    String a = lab.name + "-a";
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - veth_create: { name: va, netns: {lab}-a, peer: vh }
        """);
    lab.upTwice();
    TestNet.run("ip", "netns", "del", a);
    TestNet.run("ip", "netns", "add", a);
    lab.extraNetns.add(a);
    assertTrue(
        Own.drift(Own.status(lab.name))
            .contains("netns|" + a + "||changed: replaced by another namespace"),
        () -> Own.drift(Own.status(lab.name)).toString());
    // up must not take the impostor for the lab's.
    Lab.Run up = lab.up().expect(2);
    assertTrue(
        up.err().contains("\"" + a + "\" already exists and was not made by nsplay"), up.err());
    Lab.Run down = lab.down();
    assertTrue(down.code() == 0 || down.code() == 1, down.out() + down.err());
    assertTrue(down.out().contains("REMOVE [netns " + a + "] ... kept"), down.out());
    assertTrue(TestNet.netnsList().contains(a), "down deleted a namespace it did not create");
  }

  private static String loShown(String netns) {
    return TestNet.run("ip", "netns", "exec", netns, "ip", "link", "show", "lo");
  }

  /**
   * The kernel reuses nsfs inode numbers: a namespace deleted and made again by hand 0.5-2 s later
   * often gets the old one. Whether or not it did here, the journal is made to say it did: only the
   * token on the lab's lo, set before its namespace had a name, tells the two apart.
   */
  @Test
  void aNamespaceRemadeByHandWithTheRecordedInodeIsNotTheLabs() throws IOException {
    Lab lab = lab("fri");
    String a = lab.name + "-a";
    String b = lab.name + "-b";
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - netns_add: { name: {lab}-b }
          - veth_create: { name: va, netns: {lab}-a, peer: vh }
        """);
    lab.upTwice();
    assertTrue(loShown(a).contains("alias nsplay:" + lab.name + " netns "), loShown(a));
    assertTrue(loShown(b).contains("alias nsplay:" + lab.name + " netns "), loShown(b));

    TestNet.run("ip", "netns", "del", a);
    TestNet.run("ip", "netns", "add", a);
    lab.extraNetns.add(a);
    assertFalse(loShown(a).contains("alias"), "a namespace made by hand has no alias on lo");
    var journal = Own.journal(lab.name);
    String token = null;
    for (Entry e : Journal.read(journal)) {
      if (e instanceof Entry.NetnsIdentity id && id.name().equals(a)) {
        token = id.token();
      }
    }
    assertNotNull(token, "up records a token with the identity");
    long inode =
        ((Number) Files.getAttribute(java.nio.file.Path.of("/run/netns", a), "unix:ino"))
            .longValue();
    JournalForge.append(journal, new Entry.NetnsIdentity(a, inode, token));

    assertTrue(
        Own.drift(Own.status(lab.name))
            .contains("netns|" + a + "||changed: replaced by another namespace"),
        () -> Own.drift(Own.status(lab.name)).toString());
    Lab.Run up = lab.up().expect(2);
    assertTrue(
        up.err().contains("\"" + a + "\" already exists and was not made by nsplay"), up.err());
    Lab.Run down = lab.down();
    assertTrue(down.code() == 0 || down.code() == 1, down.out() + down.err());
    assertTrue(down.out().contains("REMOVE [netns " + a + "] ... kept"), down.out());
    assertTrue(down.out().contains("REMOVE [netns " + b + "] ... removed"), down.out());
    assertTrue(TestNet.netnsList().contains(a), "down deleted a namespace it did not create");
    assertFalse(TestNet.netnsList().contains(b));
    assertFalse(loShown(a).contains("alias"));
  }

  /** Foreign objects of every kind, named by lines appended to the lab's journal. */
  @Test
  void editedJournalDoesNotMakeForeignObjectsTheLabs() throws IOException {
    Lab lab = lab("fed");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - bridge_create: { name: br0 }
        """);
    lab.upTwice();
    String ns = TestNet.newNetns("theirs");
    lab.extraNetns.add(ns);
    TestNet.run("ip", "-n", ns, "link", "add", "d0", "type", "ifb");
    TestNet.run("ip", "-n", lab.host, "link", "add", "fl", "type", "ifb");
    TestNet.run("ip", "netns", "exec", lab.host, "nft", "add", "table", "ip", "theirs");
    TestNet.run(
        "ip", "netns", "exec", lab.host, "nft", "add", "table", "inet", "nsplay-" + lab.name);
    var journal = Own.journal(lab.name);
    JournalForge.append(journal, new Entry.Netns(ns));
    JournalForge.append(journal, new Entry.Link(null, "fl"));
    JournalForge.append(journal, new Entry.Link(ns, "d0"));
    JournalForge.append(journal, new Entry.NftTable(null, "ip", "theirs"));
    JournalForge.append(journal, new Entry.NftTable(null, "inet", "nsplay-" + lab.name));

    Lab.Run down = lab.down();
    assertTrue(down.code() == 0 || down.code() == 1, down.out() + down.err());
    assertTrue(
        TestNet.netnsList().contains(ns), "down deleted a foreign namespace:\n" + down.out());
    assertNotNull(TestNet.link(ns, "d0"), "down deleted a foreign link in a foreign namespace");
    assertNotNull(TestNet.link(lab.host, "fl"), "down deleted a foreign link:\n" + down.out());
    assertEquals(
        List.of("theirs", "nsplay-" + lab.name),
        TestNet.nftTables(lab.host),
        "down deleted a foreign nft table:\n" + down.out());
    assertTrue(down.out().contains("REMOVE [link fl] ... kept"), down.out());
    assertTrue(down.out().contains("REMOVE [nft table ip theirs] ... kept"), down.out());
    assertTrue(down.out().contains("REMOVE [netns " + ns + "] ... kept"), down.out());
    // The lab's own objects went all the same.
    assertFalse(TestNet.netnsList().contains(lab.name + "-a"));
    assertEquals(null, TestNet.link(lab.host, "br0"));
    TestNet.run("ip", "-n", lab.host, "link", "del", "fl");
    TestNet.run("ip", "netns", "exec", lab.host, "nft", "flush", "ruleset");
    lab.assertGone();
  }

  /**
   * Objects that the kernel can mark, of the same identity as the lab's: a table named like the
   * lab's but made by hand (no comment), an address and a route on a foreign link made by hand (no
   * nsplay protocol number). An edited journal names each as the lab's, marks and all; down keeps
   * each, because the kernel's object does not carry the mark.
   */
  @Test
  void editedJournalKeepsAForeignTableAddressAndRouteOfTheSameIdentity() throws IOException {
    Lab lab = lab("fmk");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - bridge_create: { name: br0 }
        """);
    lab.upTwice();
    String table = "nsplay-" + lab.name;
    TestNet.run("ip", "-n", lab.host, "link", "add", "fa", "type", "ifb");
    TestNet.run("ip", "-n", lab.host, "link", "set", "fa", "up");
    TestNet.run("ip", "-n", lab.host, "addr", "add", "10.61.0.1/24", "dev", "fa");
    TestNet.run("ip", "-n", lab.host, "route", "add", "10.62.0.0/24", "dev", "fa");
    TestNet.run("ip", "netns", "exec", lab.host, "nft", "add", "table", "ip", table);
    var journal = Own.journal(lab.name);
    JournalForge.append(journal, new Entry.NftTable(null, "ip", table, "nsplay:" + lab.name));
    JournalForge.append(journal, new Entry.Addr(null, "fa", "10.61.0.1/24", "217"));
    JournalForge.append(journal, new Entry.Route(null, "10.62.0.0/24", null, "fa", "217"));

    Lab.Run status = Lab.cli("status", "-v", "--lab", lab.name);
    assertTrue(
        status.out().contains("changed: made by another (proto 3)"), status.out() + status.err());
    assertTrue(
        status.out().contains("changed: it does not carry this lab's mark"),
        status.out() + status.err());
    Lab.Run down = lab.down();
    assertTrue(down.code() == 0 || down.code() == 1, down.out() + down.err());
    assertEquals(List.of(table), TestNet.nftTables(lab.host), "down deleted a foreign table");
    assertTrue(
        TestNet.run("ip", "-n", lab.host, "addr", "show", "dev", "fa").contains("10.61.0.1/24"),
        "down deleted a foreign address:\n" + down.out());
    assertTrue(
        TestNet.run("ip", "-n", lab.host, "route", "show").contains("10.62.0.0/24"),
        "down deleted a foreign route:\n" + down.out());
    assertTrue(
        down.out().contains("REMOVE [nft table ip " + table + "] ... kept: it does not carry"),
        down.out());
    assertTrue(down.out().contains("REMOVE [addr 10.61.0.1/24 dev fa] ... kept"), down.out());
    assertTrue(down.out().contains("REMOVE [route 10.62.0.0/24 dev fa] ... kept"), down.out());
    TestNet.run("ip", "-n", lab.host, "link", "del", "fa");
    TestNet.run("ip", "netns", "exec", lab.host, "nft", "flush", "ruleset");
    lab.assertGone();
  }

  /**
   * The same objects made by the lab itself carry the marks, and down removes them: the table's
   * comment, the route's and the address's protocol number, as nft and ip show them.
   */
  @Test
  void theLabsTableAddressAndRouteCarryTheirMarks() throws IOException {
    Lab lab = lab("fmo");
    TestNet.run("ip", "-n", lab.host, "link", "add", "fo", "type", "ifb");
    TestNet.run("ip", "-n", lab.host, "link", "set", "fo", "up");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - addr_assign: { link: fo, address: 10.63.0.1/24, allow_host_interface: true }
          - route_add: { to: 10.64.0.0/24, dev: fo }
          - nat_masquerade: { source: 10.63.0.0/24, out: fo }
        """);
    lab.upTwice();
    String table = "nsplay-" + lab.name;
    assertTrue(
        TestNet.run("ip", "netns", "exec", lab.host, "nft", "list", "table", "ip", table)
            .contains("comment \"nsplay:" + lab.name + "\""));
    assertTrue(
        TestNet.run("ip", "-n", lab.host, "route", "show", "10.64.0.0/24").contains("proto 217"));
    // The address's IFA_PROTO: iproute2 6.1 here does not print it; LiveKernelContractIT reads it
    // back from the kernel (AddrInfo.NSPLAY).
    Lab.Run down = lab.down();
    assertEquals(0, down.code(), down.out() + down.err());
    assertEquals(List.of(), TestNet.nftTables(lab.host));
    assertFalse(TestNet.run("ip", "-n", lab.host, "addr", "show", "dev", "fo").contains("10.63."));
    assertFalse(TestNet.run("ip", "-n", lab.host, "route", "show").contains("10.64.0.0/24"));
    TestNet.run("ip", "-n", lab.host, "link", "del", "fo");
    lab.assertGone();
  }

  @Test
  void editedJournalDoesNotDeleteAnEmptyForeignNamespace() throws IOException {
    Lab lab = lab("fee");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - bridge_create: { name: br0 }
        """);
    lab.upTwice();
    String ns = TestNet.newNetns("empty");
    lab.extraNetns.add(ns);
    JournalForge.append(Own.journal(lab.name), new Entry.Netns(ns));
    lab.down();
    assertTrue(TestNet.netnsList().contains(ns), "down deleted a namespace it did not create");
  }

  @ParameterizedTest
  @ValueSource(strings = {"kernel.domainname", "net.//.kernel.domainname"})
  void editedJournalDoesNotRestoreASysctlOutsideNet(String key) throws IOException {
    Lab lab = lab("fsy");
    lab.playbook(
        """
        name: {lab}
        tasks:
          - bridge_create: { name: br0 }
        """);
    lab.upTwice();
    // kernel.domainname belongs to the UTS namespace: down runs in a UTS namespace of its own,
    // so whatever it does cannot reach the machine's, and the shell reports the value after it.
    JournalForge.append(Own.journal(lab.name), new Entry.Sysctl(null, key, "pwned", "(none)"));
    TestNet.Result r =
        TestNet.exec(
            "unshare",
            "--uts",
            "sh",
            "-c",
            "domainname '(none)' && "
                + String.join(" ", javaCommand())
                + " down --lab "
                + lab.name
                + "; echo; echo DOMAIN=$(cat /proc/sys/kernel/domainname)");
    assertTrue(r.out().contains("DOMAIN=(none)"), () -> r.out() + r.err());
    lab.assertGone();
  }

  static List<String> javaCommand() {
    return List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1",
        "-XX:+UseSerialGC",
        "-jar",
        Lab.jarPath());
  }
}

package nsplay.task;

import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nsplay.kernel.DryRunKernel;
import nsplay.kernel.EtcFile;
import nsplay.kernel.LinkSpec;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.Ownership;
import nsplay.state.Removal;
import nsplay.state.Sight;
import org.junit.jupiter.api.Test;

/**
 * hosts_file and resolv_conf: their content, and their whole life over the in-memory kernel: write,
 * converge, repair, refuse a file nsplay did not write, status, and down.
 */
class HostsFileTest {
  static final String HEADER =
      "# written by nsplay for lab lab: nsplay up rewrites it, nsplay down removes it\n"
          + "127.0.0.1\tlocalhost\n"
          + "::1\tlocalhost ip6-localhost ip6-loopback\n";

  @Test
  void namesEveryAddressByNamespaceAndLinkInTheLabsOrder() {
    List<HostsFile.Name> names =
        List.of(
            new HostsFile.Name(Ip.parse("2001:db8::2"), "blue", "veth-blue"),
            new HostsFile.Name(Ip.parse("192.168.15.2"), "blue", "veth-blue"),
            new HostsFile.Name(Ip.parse("127.0.0.1"), "blue", "lo"),
            new HostsFile.Name(Ip.parse("fe80::1"), "blue", "veth-blue"),
            new HostsFile.Name(Ip.parse("10.0.2.1"), "red", "eth1"),
            new HostsFile.Name(Ip.parse("192.168.15.1"), "red", "veth-red"),
            new HostsFile.Name(Ip.parse("10.9.9.9"), "red", "we@ird"),
            new HostsFile.Name(Ip.parse("10.8.8.8"), "other", "eth0"));
    assertEquals(
        HEADER
            + "10.0.2.1\tred.eth1 red\n"
            + "192.168.15.1\tred.veth-red red\n"
            + "192.168.15.2\tblue.veth-blue blue\n"
            + "2001:db8::2\tblue.veth-blue blue\n"
            + "10.0.0.1\tgw\n",
        HostsFile.render("lab", List.of("red", "blue"), names, Map.of("gw", Ip.parse("10.0.0.1"))));
  }

  @Test
  void resolvConf() {
    assertEquals(
        "# written by nsplay for lab lab: nsplay up rewrites it, nsplay down removes it\n"
            + "search lab.test\n"
            + "nameserver 10.0.0.53\n"
            + "nameserver 2001:db8::53\n",
        ResolvConf.render(
            "lab", List.of(Ip.parse("10.0.0.53"), Ip.parse("2001:db8::53")), List.of("lab.test")));
  }

  @Test
  void badInputIsALocatedError() {
    assertTrue(
        Decls.bindError("resolv_conf: { netns: red, nameservers: [10.0.0.300] }")
            .contains("\"10.0.0.300\" is not an IP address"));
    assertTrue(
        Decls.bindError(
                "resolv_conf: { netns: red, nameservers: [1.1.1.1, 2.2.2.2, 3.3.3.3, 4.4.4.4] }")
            .contains("at most 3 name servers"));
    assertTrue(
        Decls.bindError("hosts_file: { extra: { gw: nope } }")
            .contains("the address of gw, \"nope\", is not an IP address"));
    assertTrue(
        Decls.bindError("hosts_file: { extra: { 'a b': 10.0.0.1 } }")
            .contains("\"a b\" is not a host name"));
  }

  private final DryRunKernel k = new DryRunKernel();
  private final Journal journal = Journal.scratch(List.of(new Entry.Lab("lab", null, 7)));
  private final Context ctx = new Context(k, journal, "lab", 7);

  private void netns(String ns, String link, String... cidrs) {
    journal.record(new Entry.Netns(ns));
    k.netnsAdd(ns, null, inode -> {});
    int i = k.links(ns).add(link, new LinkSpec.Bridge(), true, 7);
    for (String c : cidrs) {
      k.links(ns).addAddr(i, Cidr.parse(c), true);
    }
    k.takeOperations();
  }

  private Outcome run(String task) {
    return TaskRegistry.bind(decl(task)).run(ctx);
  }

  private String content(String ns, String name) {
    return k.etcRead(new EtcFile(ns, name)).content();
  }

  private List<String> status() {
    List<String> out = new ArrayList<>();
    Sight s = new Sight(k, Ownership.of("lab", journal.ledger(), k));
    for (Entry e : journal.entries()) {
      Sight.Seen seen = e.judge(s);
      if (seen != null && seen.kind().equals("file")) {
        out.add(seen.name() + ": " + seen.state());
      }
    }
    return out;
  }

  private String down() {
    Removal r = new Removal(k, Ownership.of("lab", journal.ledger(), k), Set.of());
    List<Entry> newestFirst = new ArrayList<>(journal.entries());
    java.util.Collections.reverse(newestFirst);
    newestFirst.stream().filter(e -> e instanceof Entry.File).forEach(r::undo);
    return r.takeLines();
  }

  @Test
  void writesEveryNamespacesHostsConvergesRepairsAndDownRemovesWhatItWrote() {
    netns("red", "veth-red", "192.168.15.1/24");
    netns("blue", "veth-blue", "192.168.15.2/24", "2001:db8::2/64");
    String want =
        HEADER
            + "192.168.15.1\tred.veth-red red\n"
            + "192.168.15.2\tblue.veth-blue blue\n"
            + "2001:db8::2\tblue.veth-blue blue\n";
    Outcome first = run("hosts_file: {}");
    assertEquals(Outcome.Status.CHANGED, first.status());
    assertEquals(
        List.of("write /etc/netns/red/hosts (6 lines)", "write /etc/netns/blue/hosts (6 lines)"),
        first.changes());
    assertEquals(first.changes(), k.takeOperations());
    assertEquals(want, content("red", "hosts"));
    assertEquals(want, content("blue", "hosts"));
    Entry.File rec = journal.ledger().file("red", "hosts");
    assertEquals(EtcFile.sha256(want), rec.sha256());
    assertEquals("/etc/netns", rec.made(), "the first write made /etc/netns");

    assertEquals(Outcome.Status.OK, run("hosts_file: {}").status(), "a second run: nothing");
    assertEquals(
        List.of("/etc/netns/red/hosts: present", "/etc/netns/blue/hosts: present"), status());

    // Drift: edited by hand, removed by hand. Status sees it; the task writes it back.
    k.etcWrite(new EtcFile("red", "hosts"), "10.0.0.1 evil\n");
    k.etcRemove(new EtcFile("blue", "hosts"));
    assertEquals(
        List.of(
            "/etc/netns/red/hosts: changed: not the content nsplay wrote (edited since?)",
            "/etc/netns/blue/hosts: missing"),
        status());
    assertEquals(Outcome.Status.CHANGED, run("hosts_file: {}").status());
    assertEquals(want, content("red", "hosts"));
    assertEquals(want, content("blue", "hosts"));

    // A resolver file beside it, in red only.
    assertEquals(
        Outcome.Status.CHANGED,
        run("resolv_conf: { netns: red, nameservers: [10.0.0.53] }").status());
    k.takeOperations();

    // Down: blue's hosts edited since keeps it and its folder; red's files and folder go.
    k.etcWrite(new EtcFile("blue", "hosts"), "mine\n");
    k.takeOperations();
    assertEquals(
        "REMOVE [file /etc/netns/red/resolv.conf] ... removed\n"
            + "REMOVE [file /etc/netns/blue/hosts] ... kept: its content is not what nsplay"
            + " wrote (changed since); it is left, with its folder, for you to remove\n"
            + "REMOVE [file /etc/netns/red/hosts] ... removed (and the folder /etc/netns/red,"
            + " which nsplay made)\n",
        down());
    assertNull(content("red", "hosts"));
    assertFalse(k.etcRead(new EtcFile("red", "hosts")).folder());
    assertEquals("mine\n", content("blue", "hosts"));
    assertTrue(k.etcRead(new EtcFile("blue", "hosts")).root(), "/etc/netns holds blue's");
  }

  @Test
  void aFileNsplayDidNotWriteIsRefusedAndLeft() {
    netns("red", "veth-red", "10.0.0.1/24");
    k.etcWrite(new EtcFile("red", "hosts"), "someone's\n");
    k.takeOperations();
    TaskFailure f = assertThrows(TaskFailure.class, () -> run("hosts_file: { netns: red }"));
    assertEquals(
        "/etc/netns/red/hosts exists and nsplay did not write it; nothing was written: move it"
            + " away, or drop the task",
        f.getMessage());
    assertEquals("someone's\n", content("red", "hosts"));
    assertTrue(journal.ledger().file("red", "hosts") == null, "nothing journalled");
  }

  @Test
  void aFolderThatWasThereIsLeftByDown() {
    netns("red", "veth-red", "10.0.0.1/24");
    k.etcWrite(new EtcFile("red", "other"), "someone's\n");
    k.takeOperations();
    run("resolv_conf: { netns: red, nameservers: [10.0.0.53], search: [lab.test] }");
    assertNull(journal.ledger().file("red", "resolv.conf").made());
    assertEquals("REMOVE [file /etc/netns/red/resolv.conf] ... removed\n", down());
    assertEquals("someone's\n", content("red", "other"));
  }

  @Test
  void aRunKilledBetweenTheRecordAndTheWriteLeavesDownTheFolder() {
    netns("red", "veth-red", "10.0.0.1/24");
    // The record of a write that never happened, after the folders were made.
    journal.record(new Entry.File("red", "hosts", EtcFile.sha256("x"), "/etc/netns"));
    k.etcWrite(new EtcFile("red", "hosts"), "");
    k.etcRemove(new EtcFile("red", "hosts"));
    k.takeOperations();
    assertEquals(
        "REMOVE [file /etc/netns/red/hosts] ... already gone (and the folders /etc/netns/red"
            + " and /etc/netns, which nsplay made)\n",
        down());
    assertFalse(k.etcRead(new EtcFile("red", "hosts")).root());
  }
}

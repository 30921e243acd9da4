package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Drift, one object kind at a time: changed by hand with ip/nft/sysctl, reported by `status` (for
 * the kinds the journal records; one line per lab, -v every object, --json every detail; exit 1
 * while anything drifted), repaired by `up`, which reports exactly the task that owns the object as
 * changed and every other task ok; a further `up` changes nothing.
 */
@Tag(StockKernel.TAG)
class DriftIT {
  static final String PLAYBOOK =
      """
      name: {lab}
      tasks:
        - name: ns
          netns_add: { name: {lab}-a }
        - name: bridge
          bridge_create: { name: br0 }
        - name: gw addr
          addr_assign: { link: br0, address: 10.91.0.1/24 }
        - name: pair
          veth_create: { name: va, netns: {lab}-a, peer: vh }
        - name: attach
          bridge_attach: { link: vh, bridge: br0 }
        - name: addr a
          addr_assign: { link: va, address: 10.91.0.2/24, netns: {lab}-a }
        - name: route a
          route_add: { to: default, via: 10.91.0.1, netns: {lab}-a }
        - name: nat
          nat_masquerade: { source: 10.91.0.0/24, out: up0 }
        - name: ttl
          sysctl: { name: net.ipv4.ip_default_ttl, value: 42 }
        - name: reach
          ping: { from: {lab}-a, to: 10.91.0.1, count: 1 }
      """;

  private static final List<String> TASKS =
      List.of(
          "ns", "bridge", "gw addr", "pair", "attach", "addr a", "route a", "nat", "ttl", "reach");

  private Lab lab;
  private String ttlBefore;
  private boolean ttlDrifted;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
    }
  }

  private Lab upLab(String tag) {
    lab = new Lab(tag).playbook(PLAYBOOK);
    ttlBefore = TestNet.sysctl(lab.host, "net.ipv4.ip_default_ttl");
    lab.upTwice();
    assertEquals(List.of(), Own.drift(Own.status(lab.name)), "no drift right after up");
    return lab;
  }

  /**
   * The drift is seen by status as exactly {@code drift} (kind|name|netns|state, empty when the
   * journal does not record that kind), up repairs it changing exactly {@code task}, then nothing
   * is left to change, and down still removes everything.
   */
  private void repairs(List<String> drift, String task) {
    repairs(drift, task, () -> {});
  }

  private void repairs(List<String> drift, String task, Runnable afterRepair) {
    assertEquals(drift, Own.drift(Own.status(lab.name)), "status --json after the drift");
    assertStatusText(drift);
    Lab.Run r = lab.up().expect(0);
    var tasks = Own.tasks(r);
    assertEquals(TASKS, List.copyOf(tasks.keySet()), r.out());
    for (String t : TASKS) {
      String want = t.equals(task) ? "changed" : "ok";
      assertEquals(want, tasks.get(t), () -> "task " + t + ":\n" + r.out());
    }
    assertTrue(r.recap().contains(" changed=1 "), r.out());
    afterRepair.run();
    Lab.Run again = lab.up().expect(0);
    assertTrue(again.recap().contains(" changed=0 "), again.out());
    assertEquals(List.of(), Own.drift(Own.status(lab.name)), "no drift after the repair");
    assertStatusText(List.of());
    lab.down().expect(0);
    lab.assertGone();
    if (!ttlDrifted) {
      assertEquals(ttlBefore, TestNet.sysctl(lab.host, "net.ipv4.ip_default_ttl"));
    }
    assertEquals("0", TestNet.sysctl(lab.host, "net.ipv4.ip_forward"));
  }

  /**
   * `status` without --json says the same as the JSON: one line for the lab, with the count of
   * objects and of those drifted, and exit 1 while any did; -v lists each drifted object.
   */
  private void assertStatusText(List<String> drift) {
    int objects = Own.status(lab.name).path("objects").size();
    int code = drift.isEmpty() ? 0 : 1;
    Lab.Run line = Lab.cli("status", "--lab", lab.name).expect(code);
    assertEquals(
        lab.name
            + " (host: netns "
            + lab.host
            + "): "
            + objects
            + " objects, "
            + (drift.isEmpty()
                ? "no drift"
                : drift.size() + " drifted (run nsplay status -v --lab " + lab.name + ")")
            + "\n",
        line.out());
    Lab.Run all = Lab.cli("status", "-v", "--lab", lab.name).expect(code);
    assertTrue(all.out().startsWith("LAB " + lab.name + " (host: netns " + lab.host + ")\n"));
    assertEquals(objects + 2, all.out().lines().count(), all.out());
    assertTrue(
        all.out()
            .endsWith(
                drift.isEmpty()
                    ? "  no drift\n"
                    : "repairs " + (drift.size() == 1 ? "it" : "them") + "\n"),
        all.out());
  }

  @Test
  void addressRemoved() {
    upLab("dad");
    TestNet.run("ip", "-n", lab.host, "addr", "del", "10.91.0.1/24", "dev", "br0");
    repairs(List.of("addr|10.91.0.1/24 dev br0||missing"), "gw addr");
  }

  @Test
  void routeReplacedWithAnotherGateway() {
    upLab("drt");
    String a = lab.name + "-a";
    TestNet.run("ip", "-n", a, "route", "replace", "default", "via", "10.91.0.9");
    repairs(List.of("route|default via 10.91.0.1|" + a + "|changed: via 10.91.0.9"), "route a");
    // (the repair put the route back: checked by the second up changing nothing)
  }

  @Test
  void linkSetDown() {
    upLab("ddn");
    TestNet.run("ip", "-n", lab.host, "link", "set", "vh", "down");
    // veth_create journals LinkUp for the ends it brings up: status sees a lab link set down.
    repairs(
        List.of("link|vh||changed: down"),
        "pair",
        () -> assertTrue(TestNet.isUp(TestNet.link(lab.host, "vh"))));
  }

  @Test
  void bridgePortDetached() {
    upLab("dnm");
    TestNet.run("ip", "-n", lab.host, "link", "set", "vh", "nomaster");
    repairs(
        List.of("link|vh||changed: not a port of br0"),
        "attach",
        () -> assertEquals("br0", TestNet.link(lab.host, "vh").path("master").asText()));
  }

  @Test
  void nftTableDeleted() {
    upLab("dnf");
    TestNet.run(
        "ip", "netns", "exec", lab.host, "nft", "delete", "table", "ip", "nsplay-" + lab.name);
    repairs(List.of("nft table|ip nsplay-" + lab.name + "||missing"), "nat");
  }

  @Test
  void forwardingSetBackToZero() {
    upLab("dfw");
    TestNet.run("ip", "netns", "exec", lab.host, "sysctl", "-qw", "net.ipv4.ip_forward=0");
    repairs(List.of("sysctl|net.ipv4.ip_forward||changed: 0, was set to 1"), "nat");
  }

  @Test
  void sysctlSetBack() {
    upLab("dtt");
    ttlDrifted = true; // what down restores after such a repair: see the test below
    TestNet.run("ip", "netns", "exec", lab.host, "sysctl", "-qw", "net.ipv4.ip_default_ttl=50");
    repairs(List.of("sysctl|net.ipv4.ip_default_ttl||changed: 50, was set to 42"), "ttl");
  }

  @Test
  void downRestoresThePreLabValueOfASysctlRepairedByUp() {
    upLab("dtr");
    TestNet.run("ip", "netns", "exec", lab.host, "sysctl", "-qw", "net.ipv4.ip_default_ttl=50");
    lab.up().expect(0);
    assertEquals("42", TestNet.sysctl(lab.host, "net.ipv4.ip_default_ttl"));
    lab.down().expect(0);
    lab.assertGone();
    assertEquals(ttlBefore, TestNet.sysctl(lab.host, "net.ipv4.ip_default_ttl"));
  }

  @Test
  void linkAliasChangedByHand() {
    upLab("dal");
    TestNet.run("ip", "-n", lab.host, "link", "set", "br0", "alias", "foo");
    repairs(
        List.of("link|br0||changed: no longer marked nsplay:" + lab.name),
        "bridge",
        () ->
            assertEquals(
                "nsplay:" + lab.name, TestNet.link(lab.host, "br0").path("ifalias").asText()));
  }

  /**
   * A link_up of a link of the lab is journalled: the lab wants it up, so status says when it is
   * down (and down, which removes the link, does not set it down first).
   */
  @Test
  void labLinkBroughtUpByATaskSetDown() {
    lab =
        new Lab("dlu")
            .playbook(
                """
                name: {lab}
                tasks:
                  - netns_add: { name: {lab}-a }
                  - veth_create: { name: va, netns: {lab}-a, peer: vh, up: false }
                  - name: up
                    link_up: { link: vh }
                """);
    lab.upTwice();
    assertEquals(List.of(), Own.drift(Own.status(lab.name)), "no drift right after up");
    TestNet.run("ip", "-n", lab.host, "link", "set", "vh", "down");
    assertEquals(List.of("link|vh||changed: down"), Own.drift(Own.status(lab.name)));
    Lab.Run r = lab.up().expect(0);
    assertEquals(List.of("up"), Own.changed(r), r.out());
    assertEquals(List.of(), Own.drift(Own.status(lab.name)), "no drift after the repair");
    Lab.Run down = lab.down().expect(0);
    assertFalse(down.out().contains("set down"), down.out());
    lab.assertGone();
  }
}

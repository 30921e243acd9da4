package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The {@code netem} task and {@code nsplay netem} against the real kernel, with {@code ping} and
 * {@code tc} as oracles. Round-trip times run on Debian's stock kernel in the stock-kernel stage
 * (this machine's kernel has no netem); there, emulation is slow, so an upper bound is generous.
 */
class NetemIT {
  private static final Pattern RTT = Pattern.compile("= ([0-9.]+)/([0-9.]+)/([0-9.]+)/");

  /** Whether the kernel has netem, asked the way tc would be: adding one on lo of {@code ns}. */
  static boolean hasNetem(String ns) {
    TestNet.Result r =
        TestNet.exec("tc", "-n", ns, "qdisc", "add", "dev", "lo", "root", "netem", "delay", "1ms");
    if (r.code() == 0) {
      TestNet.run("tc", "-n", ns, "qdisc", "del", "dev", "lo", "root");
      return true;
    }
    assertTrue(r.err().contains("Specified qdisc kind is unknown"), r.err());
    return false;
  }

  /** min and avg round-trip time in ms of pings from {@code ns} to {@code to}. */
  private static double[] rtt(String ns, String to) {
    String out =
        TestNet.run("ip", "netns", "exec", ns, "ping", "-n", "-q", "-c", "5", "-i", "0.2", to);
    Matcher m = RTT.matcher(out);
    assertTrue(m.find(), out);
    return new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))};
  }

  private static boolean reaches(String ns, String to) {
    return TestNet.exec("ip", "netns", "exec", ns, "ping", "-n", "-q", "-c", "2", "-W", "1", to)
            .code()
        == 0;
  }

  private static final String BASE =
      """
      name: {lab}
      tasks:
        - netns_add: { name: {lab}-a }
        - netns_add: { name: {lab}-b }
        - veth_create: { name: ea, netns: {lab}-a, peer: eb, peer_netns: {lab}-b }
        - addr_assign: { link: ea, address: 10.83.0.1/24, netns: {lab}-a }
        - addr_assign: { link: eb, address: 10.83.0.2/24, netns: {lab}-b }
      """;

  @Test
  @Tag(StockKernel.TAG)
  void delayLossClearDriftAndDown() {
    try (Lab lab = new Lab("nm")) {
      StockKernel.assumeFeature(hasNetem(lab.host), "netem (CONFIG_NET_SCH_NETEM)");
      String a = lab.name + "-a";
      // A link that is not the lab's, on its host: refused unless the task allows it, and then
      // down gives it its default qdisc back.
      TestNet.run("ip", "-n", lab.host, "link", "add", "nmf0", "type", "veth", "peer", "nmf1");
      lab.playbook(BASE).up().expect(0);
      double[] base = rtt(a, "10.83.0.2");

      lab.playbook(BASE + "  - netem: { link: nmf0, delay: 1ms }\n");
      Lab.Run refused = lab.up().expect(1);
      assertTrue(refused.out().contains("add `allow_host_interface: true`"), refused.out());
      assertTrue(
          !TestNet.run("tc", "-n", lab.host, "qdisc", "show", "dev", "nmf0").contains("netem"),
          "a refused task changes nothing");
      lab.playbook(
          BASE
              + """
                - netem: { link: ea, netns: {lab}-a, delay: 50ms }
                - netem: { link: nmf0, delay: 1ms, loss: 0.1%, allow_host_interface: true }
              """);
      lab.upTwice();
      String tc = TestNet.run("tc", "-n", a, "qdisc", "show", "dev", "ea");
      assertTrue(tc.contains("qdisc netem") && tc.contains("delay 50ms"), tc);
      double[] slow = rtt(a, "10.83.0.2");
      // Every packet waits 50 ms; the mean is at least 50 ms over the fastest unimpaired round trip
      // (the minima alone differ by scheduling noise of a few tenths of a ms under emulation).
      assertTrue(slow[0] >= 50, () -> "min rtt " + slow[0] + " vs " + base[0]);
      assertTrue(slow[1] >= base[0] + 50, () -> "avg rtt " + slow[1] + " vs min " + base[0]);
      assertTrue(slow[1] <= base[1] + 50 + 250, () -> "avg rtt " + slow[1] + " vs " + base[1]);
      Lab.Run status = Lab.cli("status", "-v", "--lab", lab.name).expect(0);
      assertTrue(status.out().contains("qdisc root dev ea"), status.out());

      // Drift: changed by hand, then put back by up, which says so.
      TestNet.run("tc", "-n", a, "qdisc", "change", "dev", "ea", "root", "netem", "delay", "10ms");
      Lab.Run drifted = Lab.cli("status", "-v", "--lab", lab.name);
      assertTrue(drifted.out().contains("changed: netem delay 10ms"), drifted.out());
      Lab.Run repaired = lab.up().expect(0);
      assertTrue(repaired.recap().contains(" changed=1 "), repaired.out());
      assertTrue(
          repaired.out().contains("drift repaired: it was netem delay 10ms"), repaired.out());

      // A live experiment: all lost, shown, cleared.
      Lab.cli("netem", a, "ea", "--loss", "100%").expect(0);
      assertFalse(reaches(a, "10.83.0.2"));
      Lab.Run show = Lab.cli("netem", a, "ea", "--show").expect(0);
      assertTrue(show.out().contains("netem loss 100%"), show.out());
      Lab.cli("netem", a, "ea", "--clear").expect(0);
      assertTrue(reaches(a, "10.83.0.2"));
      assertFalse(TestNet.run("tc", "-n", a, "qdisc", "show", "dev", "ea").contains("netem"));
      Lab.Run back = lab.up().expect(0);
      assertTrue(
          back.out().contains("drift repaired: it was removed"),
          () ->
              back.out()
                  + back.err()
                  + TestNet.exec("cat", "/run/nsplay/" + lab.name + "/journal").out());

      lab.down().expect(0);
      String f0 = TestNet.run("tc", "-n", lab.host, "qdisc", "show", "dev", "nmf0");
      assertFalse(f0.contains("netem"), f0);
      TestNet.run("ip", "-n", lab.host, "link", "del", "nmf0");
      lab.assertGone();
    }
  }

  /** On a kernel without netem: a located error, before any change. */
  @Test
  void withoutNetemALocatedErrorFirst() {
    try (Lab lab = new Lab("nn")) {
      Assumptions.assumeFalse(hasNetem(lab.host), "this kernel has netem");
      lab.playbook(
          """
          name: {lab}
          tasks:
            - netns_add: { name: {lab}-a }
            - netem: { link: lo, netns: {lab}-a, delay: 20ms }
          """);
      Lab.Run r = lab.up().expect(2);
      assertTrue(
          r.err().contains(":4:") && r.err().contains("this kernel has no netem support"), r.err());
      assertFalse(TestNet.netnsList().contains(lab.name + "-a"));
    }
  }

  /** Bad values are located errors; links of no lab are refused by `nsplay netem`. */
  @Test
  void badInput() {
    try (Lab lab = new Lab("nb")) {
      lab.playbook(
          """
          name: {lab}
          tasks:
            - netns_add: { name: {lab}-a }
            - netem: { link: lo, netns: {lab}-a, delay: -5ms }
            - netem: { link: lo, netns: {lab}-a, loss: 1 }
            - netem: { link: lo, netns: {lab}-a, rate: 10 }
          """);
      Lab.Run r = lab.up().expect(2);
      assertTrue(r.err().contains(":4:") && r.err().contains("must not be negative"), r.err());
      assertTrue(r.err().contains(":5:") && r.err().contains("needs a % sign"), r.err());
      assertTrue(r.err().contains(":6:") && r.err().contains("needs a unit"), r.err());
      assertFalse(TestNet.netnsList().contains(lab.name + "-a"));
      Lab.Run cli = Lab.cli("netem", lab.host, "lo", "--delay", "5ms");
      assertEquals(2, cli.code(), cli.err());
      assertTrue(cli.err().contains("not a link of a lab that is up"), cli.err());
      assertEquals(2, Lab.cli("netem", lab.host, "lo", "--delay", "5").code());
    }
  }

  /**
   * playbooks/impaired.yml as PlaybooksIT runs every example (which skips it on a kernel without
   * netem): valid, up with its slow ping, a second up that changes nothing, down, nothing left.
   */
  @Test
  @Tag(StockKernel.TAG)
  void theImpairedPlaybook() throws Exception {
    String ns = TestNet.newNetns("nq");
    boolean netem;
    try {
      netem = hasNetem(ns);
    } finally {
      TestNet.deleteNetns(ns);
    }
    StockKernel.assumeFeature(netem, "netem (CONFIG_NET_SCH_NETEM)");
    PlaybooksIT examples = new PlaybooksIT();
    try {
      examples.validUpIdempotentDownClean("impaired.yml");
    } finally {
      examples.cleanup();
    }
  }
}

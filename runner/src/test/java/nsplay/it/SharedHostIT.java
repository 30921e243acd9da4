package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Labs that share one host namespace: the first turns forwarding on for its NAT, the others find it
 * on. Whichever goes down first must not turn it off under the others, and the last one down
 * restores the value from before the first.
 */
class SharedHostIT {
  static final String PLAYBOOK =
      """
      name: {lab}
      tasks:
        - nat_masquerade: { source: 10.96.%d.0/24, out: up0 }
      """;

  private final List<Lab> labs = new ArrayList<>();

  @AfterEach
  void cleanup() {
    labs.forEach(Lab::close);
  }

  private Lab lab(String tag) {
    Lab l = new Lab(tag).playbook(PLAYBOOK.formatted(labs.size()));
    labs.add(l);
    return l;
  }

  private static final String FORWARD = "net.ipv4.ip_forward";

  private static Lab.Run up(Lab lab, String host) {
    return Lab.cli("up", "--host-netns", host, lab.file.toString());
  }

  private static String forwarding(String host) {
    return TestNet.sysctl(host, FORWARD);
  }

  @Test
  void theLastLabDownRestoresForwardingAndNoneTurnsItOffUnderAnother() {
    Lab a = lab("fa");
    Lab b = lab("fb");
    Lab c = lab("fc");
    String host = a.host; // b's and c's own host namespaces stay unused
    TestNet.run("ip", "netns", "exec", host, "sysctl", "-qw", FORWARD + "=0");
    up(a, host).expect(0);
    up(b, host).expect(0);
    up(c, host).expect(0);
    assertEquals("1", forwarding(host));

    // a turned it on; b and c need it for their NAT.
    Lab.Run downA = a.down().expect(0);
    assertTrue(
        downA
            .out()
            .contains(
                "REMOVE [sysctl "
                    + FORWARD
                    + "] ... kept: labs "
                    + b.name
                    + ", "
                    + c.name
                    + " still rely on it (it will restore 0)"),
        downA.out());
    assertEquals("1", forwarding(host), downA.out());
    assertFalse(Files.exists(Own.journal(a.name)), "a's down must finish");
    assertEquals(List.of(), Own.drift(Own.status(b.name)));
    assertEquals(List.of(), Own.drift(Own.status(c.name)));

    // Each still judges its own need: set back by hand, both report it.
    TestNet.run("ip", "netns", "exec", host, "sysctl", "-qw", FORWARD + "=0");
    assertTrue(
        Own.drift(Own.status(b.name)).stream().anyMatch(d -> d.startsWith("sysctl|" + FORWARD)),
        Own.status(b.name).toString());
    assertTrue(
        Own.drift(Own.status(c.name)).stream().anyMatch(d -> d.startsWith("sysctl|" + FORWARD)));
    TestNet.run("ip", "netns", "exec", host, "sysctl", "-qw", FORWARD + "=1");

    Lab.Run downB = b.down().expect(0);
    assertTrue(
        downB.out().contains("kept: lab " + c.name + " still relies on it (it will restore 0)"),
        downB.out());
    assertEquals("1", forwarding(host));
    assertEquals(List.of(), Own.drift(Own.status(c.name)));

    Lab.Run downC = c.down().expect(0);
    assertTrue(
        downC.out().contains("REMOVE [sysctl " + FORWARD + "] ... restored to 0"), downC.out());
    assertEquals("0", forwarding(host));
    assertEquals(List.of(), TestNet.nftTables(host));
  }

  @Test
  void aLabInAnotherHostNamespaceDoesNotKeepIt() {
    Lab a = lab("fo");
    Lab b = lab("fp");
    TestNet.run("ip", "netns", "exec", a.host, "sysctl", "-qw", FORWARD + "=0");
    TestNet.run("ip", "netns", "exec", b.host, "sysctl", "-qw", FORWARD + "=0");
    a.up().expect(0);
    b.up().expect(0);
    Lab.Run downA = a.down().expect(0);
    assertTrue(downA.out().contains("restored to 0"), downA.out());
    assertEquals("0", forwarding(a.host));
    assertEquals("1", forwarding(b.host));
    Lab.Run downB = b.down().expect(0);
    assertTrue(downB.out().contains("restored to 0"), downB.out());
    assertEquals("0", forwarding(b.host));
  }
}

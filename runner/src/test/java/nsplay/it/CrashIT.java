package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: `up` of the seed lab is killed with SIGKILL right after its k-th kernel change, for
 * every k, and `down` must then leave nothing behind. Likewise a `down` killed midway, followed by
 * another `down`. The kill comes from the product's test hooks: NSPLAY_CRASH_AFTER_CHANGES, so the
 * cut falls exactly between two kernel operations, and NSPLAY_CRASH_AT, which cuts inside one
 * namespace's creation or removal (several system calls each).
 *
 * <p>The stock-kernel stage runs the tests tagged for it: a kill inside a namespace's creation and
 * removal, and a down killed midway. The every-step test starts some 30 JVMs, ~10 minutes under
 * emulation, and runs on the host only.
 */
class CrashIT {
  private static final int SIGKILLED = 128 + 9;
  private Lab lab;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
    }
  }

  private Lab.Run upCrashingAfter(int k) {
    return Lab.jar(
        Map.of("NSPLAY_CRASH_AFTER_CHANGES", Integer.toString(k)),
        "up",
        "--host-netns",
        lab.host,
        lab.file.toString());
  }

  @Test
  void downCleansUpAfterUpIsKilledAtEveryStep() throws IOException {
    lab = new Lab("crash");
    lab.playbook(SeedLabIT.seedPlaybook(lab.name));
    String forward = TestNet.sysctl(lab.host, "net.ipv4.ip_forward");
    int k = 1;
    while (true) {
      Lab.Run r = upCrashingAfter(k);
      if (r.code() == 0) {
        break; // the whole lab came up before the k-th change: every step has been tried
      }
      assertEquals(SIGKILLED, r.code(), "up after " + k + " changes: " + r.out() + r.err());
      lab.down().expect(0);
      lab.assertGone();
      assertEquals(forward, TestNet.sysctl(lab.host, "net.ipv4.ip_forward"), "after k=" + k);
      k++;
      assertTrue(k < 200, "up never completed");
    }
    assertTrue(k > 20, "the seed lab should take more than 20 changes, took " + (k - 1));
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  @Tag(StockKernel.TAG)
  void downKilledMidwayIsFinishedByTheNextDown() throws IOException {
    lab = new Lab("crashd");
    lab.playbook(SeedLabIT.seedPlaybook(lab.name));
    for (int k = 1; ; k++) {
      lab.up().expect(0);
      Lab.Run r =
          Lab.jar(
              Map.of("NSPLAY_CRASH_AFTER_CHANGES", Integer.toString(k)), "down", "--lab", lab.name);
      if (r.code() == 0) {
        lab.assertGone();
        assertTrue(k > 3, "down should take several changes");
        return;
      }
      assertEquals(SIGKILLED, r.code(), r.out() + r.err());
      lab.down().expect(0);
      lab.assertGone();
    }
  }

  /**
   * The steps inside one namespace's creation and removal that NSPLAY_CRASH_AT can name. KEEP IN
   * SYNC WITH nsplay.kernel.CrashPoint.STEPS.
   */
  private static final List<String> ADD_STEPS =
      List.of(
          "netns-add:after-new",
          "netns-add:after-record",
          "netns-add:after-alias",
          "netns-add:after-file");

  private static final String DEL_STEP = "netns-del:after-umount";

  /** Two namespaces joined by a veth pair, and a veth from one of them to the host. */
  private static final String TWO_NAMESPACES =
      """
      name: {lab}
      tasks:
        - netns_add: { name: "{lab}-a" }
        - netns_add: { name: "{lab}-b" }
        - veth_create: { name: va, netns: "{lab}-a", peer: vb, peer_netns: "{lab}-b" }
        - veth_create: { name: vh, netns: "{lab}-b", peer: vhost }
        - addr_assign: { link: va, netns: "{lab}-a", address: 10.77.0.1/24 }
      """;

  private static final String LEFTOVER_REMOVED =
      "removed (an unfinished leftover: not a mounted namespace)";

  private Lab.Run crashingAt(String at, String... args) {
    Lab.Run r = Lab.jar(Map.of("NSPLAY_CRASH_AT", at), args);
    assertEquals(SIGKILLED, r.code(), at + ": " + r.out() + r.err());
    return r;
  }

  private Lab.Run upCrashingAt(String at) {
    return crashingAt(at, "up", "--host-netns", lab.host, lab.file.toString());
  }

  /** What a cut at {@code at} leaves under /run/netns: a file that is no namespace, or nothing. */
  private static boolean leavesAFile(String at) {
    return at.startsWith("netns-add:after-file") || at.startsWith(DEL_STEP);
  }

  /** None of the lab's namespaces is listed by ip, and no file of theirs is left in /run/netns. */
  private void assertNoNamespaceLeft(String at) {
    for (String ns : List.of(lab.name + "-a", lab.name + "-b")) {
      assertTrue(!TestNet.netnsList().contains(ns), at + ": ip netns list shows " + ns);
      assertTrue(!Files.exists(Path.of("/run/netns", ns)), at + ": /run/netns/" + ns + " is left");
    }
    lab.assertGone();
  }

  @Test
  @Tag(StockKernel.TAG)
  void upKilledInsideANamespaceCreationIsFinishedByTheNextDown() {
    lab = new Lab("crashna");
    lab.playbook(TWO_NAMESPACES);
    for (String step : ADD_STEPS) {
      for (String at : List.of(step, step + "@2")) {
        upCrashingAt(at);
        if (leavesAFile(at)) {
          String ns = lab.name + (at.endsWith("@2") ? "-b" : "-a");
          assertTrue(Files.exists(Path.of("/run/netns", ns)), at + ": the cut left no file");
        }
        Lab.Run down = lab.down().expect(0);
        assertEquals(
            leavesAFile(at), down.out().contains(LEFTOVER_REMOVED), at + ": " + down.out());
        assertNoNamespaceLeft(at);
      }
    }
  }

  @Test
  void upKilledInsideANamespaceCreationIsFinishedByTheNextUp() {
    lab = new Lab("crashnu");
    lab.playbook(TWO_NAMESPACES);
    for (String step : ADD_STEPS) {
      for (String at : List.of(step, step + "@2")) {
        upCrashingAt(at);
        Lab.Run up = lab.up().expect(0);
        assertEquals(
            leavesAFile(at),
            up.out().contains("an unfinished leftover: not a mounted namespace"),
            at + ": " + up.out());
        assertNotNull(TestNet.link(lab.name + "-a", "va"), at + ": up did not re-create it");
        lab.up().expect(0); // and converged: the second run has nothing left to finish
        lab.down().expect(0);
        assertNoNamespaceLeft(at);
      }
    }
  }

  @Test
  @Tag(StockKernel.TAG)
  void downKilledInsideANamespaceRemovalIsFinishedByTheNextDownOrUp() {
    lab = new Lab("crashnd");
    lab.playbook(TWO_NAMESPACES);
    for (String at : List.of(DEL_STEP, DEL_STEP + "@2")) {
      lab.up().expect(0);
      crashingAt(at, "down", "--lab", lab.name);
      Lab.Run down = lab.down().expect(0);
      assertTrue(down.out().contains(LEFTOVER_REMOVED), at + ": " + down.out());
      assertNoNamespaceLeft(at);

      lab.up().expect(0);
      crashingAt(at, "down", "--lab", lab.name);
      Lab.Run up = lab.up().expect(0);
      assertTrue(
          up.out().contains("an unfinished leftover: not a mounted namespace"),
          at + ": " + up.out());
      assertNotNull(TestNet.link(lab.name + "-b", "vb"), at + ": up did not re-create it");
      lab.down().expect(0);
      assertNoNamespaceLeft(at);
    }
  }
}

package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: `up` of the seed lab is killed with SIGKILL right after its k-th kernel change, for
 * every k, and `down` must then leave nothing behind. Likewise a `down` killed midway, followed by
 * another `down`. The kill comes from the product's test hook (NSPLAY_CRASH_AFTER_CHANGES), so the
 * cut falls exactly between two kernel operations.
 */
@Tag(StockKernel.TAG)
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
}

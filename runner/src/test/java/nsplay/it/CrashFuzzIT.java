package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crash fuzzing: `up` and `down` of a 50-namespace lab are killed with SIGKILL at random points,
 * after a random number of kernel changes (NSPLAY_CRASH_AFTER_CHANGES) or at a random step inside a
 * random namespace's creation or removal (NSPLAY_CRASH_AT=STEP@N), and after every round the next
 * `down` must leave nothing: no namespace of the lab and no file of one under /run/netns, no link
 * in the host namespace but lo (so none with the lab's alias or group), no nft table, no
 * /run/nsplay/LAB.
 *
 * <p>Rounds per half: 50 (50 ups and 50 downs take ~190 s on a 2-vCPU machine, so the suite runs
 * them all); system property {@code nsplay.fuzz.rounds} changes it, e.g. {@code
 * -Dnsplay.fuzz.rounds=500} for a long hunt. The seed is printed and can be replayed with {@code
 * -Dnsplay.fuzz.seed=S}.
 */
class CrashFuzzIT {
  private static final int SIGKILLED = 128 + 9;
  private static final int NAMESPACES = 50;

  /** Rounds of each half; 50 is the documented full run. */
  private static final int ROUNDS = Integer.getInteger("nsplay.fuzz.rounds", 50);

  private static final List<String> ADD_STEPS =
      List.of(
          "netns-add:after-new",
          "netns-add:after-record",
          "netns-add:after-alias",
          "netns-add:after-file");
  private static final String DEL_STEP = "netns-del:after-umount";

  /** 50 namespaces, each with a veth pair to one host bridge and an address, and NAT. */
  private static final String PLAYBOOK =
      """
      name: {lab}
      vars:
        n: %d
      tasks:
        - bridge_create: { name: br0 }
        - netns_add: { name: "{lab}-${item}" }
          loop: ${1..n}
        - veth_create: { name: eth0, netns: "{lab}-${item}", peer: "fz${item}" }
          loop: ${1..n}
        - bridge_attach: { link: "fz${item}", bridge: br0 }
          loop: ${1..n}
        - addr_assign: { link: eth0, netns: "{lab}-${item}", address: "10.88.0.${item + 1}/24" }
          loop: ${1..n}
        - nat_masquerade: { source: 10.88.0.0/24, out: br0 }
      """
          .formatted(NAMESPACES);

  private Lab lab;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
    }
  }

  private Lab.Run jar(String variable, String value, String... args) {
    return Lab.jar(Map.of(variable, value), args);
  }

  /** How many kernel changes a whole up makes: the operations its --json events list. */
  private int changesOfUp() throws IOException {
    Lab.Run r = Lab.cli("up", "--json", "--host-netns", lab.host, lab.file.toString()).expect(0);
    ObjectMapper json = new ObjectMapper();
    int n = 0;
    for (String line : r.out().lines().toList()) {
      JsonNode e = json.readTree(line);
      if (e.path("event").asText().equals("task_result")) {
        n += e.path("operations").size();
      }
    }
    lab.down().expect(0);
    lab.assertGone();
    return n;
  }

  /** Nothing of the lab is left, after the round described by {@code what}. */
  private void assertNoResidue(String what) throws IOException {
    lab.assertGone();
    try (Stream<Path> files = Files.list(Path.of("/run/netns"))) {
      List<String> left =
          files
              .map(p -> p.getFileName().toString())
              .filter(f -> f.startsWith(lab.name + "-"))
              .toList();
      assertTrue(left.isEmpty(), what + ": left in /run/netns: " + left);
    }
  }

  private static void killedOrDone(Lab.Run r, String what) {
    assertTrue(r.code() == SIGKILLED || r.code() == 0, what + ": " + r.code() + r.out() + r.err());
  }

  @Test
  void upAndDownKilledAtRandomPointsLeaveNothingAfterTheNextDown() throws IOException {
    long seed = Long.getLong("nsplay.fuzz.seed", System.nanoTime());
    System.out.println("CrashFuzzIT: seed " + seed + ", " + ROUNDS + " rounds each");
    SplittableRandom rnd = new SplittableRandom(seed);
    lab = new Lab("fuzz");
    lab.playbook(PLAYBOOK);
    int total = changesOfUp();
    assertTrue(total > 4 * NAMESPACES, "the lab should take many changes, took " + total);
    String up = "up --host-netns " + lab.host + " " + lab.file;

    for (int round = 1; round <= ROUNDS; round++) {
      String what;
      Lab.Run r;
      if (rnd.nextBoolean()) {
        String k = Integer.toString(1 + rnd.nextInt(total));
        what = "seed " + seed + " up round " + round + ": NSPLAY_CRASH_AFTER_CHANGES=" + k;
        r = jar("NSPLAY_CRASH_AFTER_CHANGES", k, up.split(" "));
      } else {
        String at =
            ADD_STEPS.get(rnd.nextInt(ADD_STEPS.size())) + "@" + (1 + rnd.nextInt(NAMESPACES));
        what = "seed " + seed + " up round " + round + ": NSPLAY_CRASH_AT=" + at;
        r = jar("NSPLAY_CRASH_AT", at, up.split(" "));
      }
      killedOrDone(r, what);
      lab.down().expect(0);
      assertNoResidue(what);
    }

    for (int round = 1; round <= ROUNDS; round++) {
      lab.up().expect(0);
      String what;
      Lab.Run r;
      if (rnd.nextBoolean()) {
        // down makes one change per namespace, about, and a few more (group, table, sysctl).
        String k = Integer.toString(1 + rnd.nextInt(NAMESPACES + 4));
        what = "seed " + seed + " down round " + round + ": NSPLAY_CRASH_AFTER_CHANGES=" + k;
        r = jar("NSPLAY_CRASH_AFTER_CHANGES", k, "down", "--lab", lab.name);
      } else {
        String at = DEL_STEP + "@" + (1 + rnd.nextInt(NAMESPACES));
        what = "seed " + seed + " down round " + round + ": NSPLAY_CRASH_AT=" + at;
        r = jar("NSPLAY_CRASH_AT", at, "down", "--lab", lab.name);
      }
      killedOrDone(r, what);
      lab.down().expect(0);
      assertNoResidue(what);
    }
  }
}

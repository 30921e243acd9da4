package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import nsplay.state.LabLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One up or down per lab at a time, and labs that do not see each other: runs of one lab started
 * together, a lock held by someone else, and several labs built side by side.
 */
class ConcurrencyIT {
  static final String PAIR =
      """
      name: {lab}
      tasks:
        - netns_add: { name: {lab}-a }
        - netns_add: { name: {lab}-b }
        - bridge_create: { name: br0 }
        - veth_create: { name: va, netns: {lab}-a, peer: vha }
        - veth_create: { name: vb, netns: {lab}-b, peer: vhb }
        - bridge_attach: { link: vha, bridge: br0 }
        - bridge_attach: { link: vhb, bridge: br0 }
        - addr_assign: { link: va, address: 10.93.0.1/24, netns: {lab}-a }
        - addr_assign: { link: vb, address: 10.93.0.2/24, netns: {lab}-b }
        - name: a reaches b
          ping: { from: {lab}-a, to: 10.93.0.2, count: 2 }
        - name: b reaches a
          ping: { from: {lab}-b, to: 10.93.0.1, count: 2 }
      """;

  private static final Pattern WAITED =
      Pattern.compile("is busy: nsplay \\(pid \\d+\\) holds its lock; waiting up to \\d+s");

  private final List<Lab> labs = new ArrayList<>();
  private final ExecutorService pool = Executors.newFixedThreadPool(4);

  private Lab lab(String tag) {
    Lab l = new Lab(tag);
    labs.add(l);
    return l;
  }

  @AfterEach
  void cleanup() {
    pool.shutdownNow();
    labs.forEach(Lab::close);
  }

  private Future<Lab.Run> jar(String... args) {
    return pool.submit(() -> Lab.jar(Map.of(), args));
  }

  private static Lab.Run up(Lab lab) {
    return Lab.cli("up", "--host-netns", lab.host, lab.file.toString());
  }

  @Test
  void twoUpsOfOneLabTogetherBuildItOnce() throws Exception {
    Lab lab = lab("cc").playbook(PAIR);
    Future<Lab.Run> a = jar("up", "--host-netns", lab.host, lab.file.toString());
    Future<Lab.Run> b = jar("up", "--host-netns", lab.host, lab.file.toString());
    Lab.Run ra = a.get().expect(0);
    Lab.Run rb = b.get().expect(0);
    for (Lab.Run r : List.of(ra, rb)) {
      assertEquals("ok", Own.tasks(r).get("a reaches b"), r.out());
      assertTrue(r.err().isEmpty() || WAITED.matcher(r.err()).find(), r.err());
    }
    // One built the lab, the other found it built.
    List<Lab.Run> both = List.of(ra, rb);
    assertEquals(
        1,
        both.stream().filter(r -> r.recap().contains(" changed=0 ")).count(),
        () -> ra.out() + rb.out() + ra.err() + rb.err());
    assertTrue(up(lab).expect(0).recap().contains(" changed=0 "));
    assertEquals(List.of("lo", "br0", "vha", "vhb"), TestNet.linkNames(lab.host));
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void aHeldLockMakesUpAndDownFailNamingTheHolder() throws Exception {
    Lab lab = lab("cl").playbook(PAIR);
    String pid = Long.toString(ProcessHandle.current().pid());
    String before = Own.snapshot(lab.host);
    try (LabLock held =
        LabLock.acquire(Path.of("/run/nsplay"), lab.name, Duration.ofSeconds(5), m -> {})) {
      for (Lab.Run r :
          List.of(
              Lab.jar(
                  Map.of(),
                  "up",
                  "--lock-timeout",
                  "1",
                  "--host-netns",
                  lab.host,
                  lab.file.toString()),
              Lab.jar(Map.of(), "down", "--lock-timeout", "1", "--lab", lab.name),
              Lab.cli(
                  "up", "--lock-timeout", "1", "--host-netns", lab.host, lab.file.toString()))) {
        r.expect(1);
        assertTrue(
            r.err()
                .contains(
                    "nsplay: lab "
                        + lab.name
                        + " is busy: nsplay (pid "
                        + pid
                        + ") holds its lock (another up or down); gave up after 1s"),
            r.err());
        assertTrue(r.recap().isEmpty(), r.out());
      }
      assertEquals(
          before, Own.snapshot(lab.host), "a run that did not get the lock changed things");
      held.removeFile();
    }
  }

  @Test
  void aWaitingUpGoesOnWhenTheLockIsReleased() throws Exception {
    Lab lab = lab("cw").playbook(PAIR);
    LabLock held =
        LabLock.acquire(Path.of("/run/nsplay"), lab.name, Duration.ofSeconds(5), m -> {});
    Future<Lab.Run> waiting;
    try {
      waiting = jar("up", "--host-netns", lab.host, lab.file.toString());
      Thread.sleep(3000);
      assertEquals(List.of("lo"), TestNet.linkNames(lab.host), "up went on under a held lock");
    } finally {
      held.close();
    }
    Lab.Run r = waiting.get().expect(0);
    assertTrue(
        r.err()
            .contains("is busy: nsplay (pid " + ProcessHandle.current().pid() + ") holds its lock"),
        r.err());
    assertEquals("ok", Own.tasks(r).get("b reaches a"), r.out());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void upAndDownOfOneLabTogetherLeaveItWholeOrGone() throws Exception {
    Lab lab = lab("cud").playbook(PAIR);
    up(lab).expect(0);
    for (int i = 0; i < 3; i++) {
      Future<Lab.Run> u = jar("up", "--host-netns", lab.host, lab.file.toString());
      Future<Lab.Run> d = jar("down", "--lab", lab.name);
      u.get().expect(0);
      d.get().expect(0);
      // Whichever ran last, the lab is consistent: an up now repairs nothing it should not.
      Lab.Run again = up(lab).expect(0);
      assertEquals("ok", Own.tasks(again).get("a reaches b"), again.out());
    }
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void fourLabsSideBySide() throws Exception {
    List<Lab> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(lab("cp").playbook(PAIR));
    }
    List<Future<Lab.Run>> ups = new ArrayList<>();
    for (Lab l : four) {
      ups.add(jar("up", "--host-netns", l.host, l.file.toString()));
    }
    for (int i = 0; i < 4; i++) {
      Lab.Run r = ups.get(i).get().expect(0);
      assertEquals("ok", Own.tasks(r).get("a reaches b"), r.out());
      assertEquals("ok", Own.tasks(r).get("b reaches a"), r.out());
      assertTrue(r.recap().contains(" changed=9 "), r.out());
      assertTrue(r.err().isEmpty(), r.err());
    }
    for (Lab l : four) {
      assertTrue(up(l).expect(0).recap().contains(" changed=0 "));
      assertEquals(List.of(), Own.drift(Own.status(l.name)));
    }
    List<Future<Lab.Run>> downs = new ArrayList<>();
    for (Lab l : four) {
      downs.add(jar("down", "--lab", l.name));
    }
    for (int i = 0; i < 4; i++) {
      downs.get(i).get().expect(0);
      four.get(i).assertGone();
    }
  }
}

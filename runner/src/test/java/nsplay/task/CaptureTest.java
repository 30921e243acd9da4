package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nsplay.kernel.Processes;
import nsplay.state.Entry;
import org.junit.jupiter.api.Test;

class CaptureTest {
  /** This test's own process: a running process, by pid and start time. */
  final long pid = ProcessHandle.current().pid();

  final long start = Processes.startTime(pid);

  Capture task(String params) {
    return new Capture(decl("capture: { " + params + " }"));
  }

  @Test
  void forTheRunItAlwaysStartsAnew() {
    Capture c = task("netns: red, link: veth-red, file: /tmp/red.pcap");
    assertEquals(false, c.decl().args().value("keep"));
    assertEquals(
        List.of("capture veth-red in red to /tmp/red.pcap until the end of this run"),
        c.plan(null).changes());
    // Even when an earlier run's capture to the file ended: each run records its own.
    Entry.Capture ended = new Entry.Capture("red", "veth-red", "/tmp/red.pcap", 0, false, pid, 0);
    assertEquals(1, c.plan(ended).changes().size());
    assertNull(c.plan(ended).stop());
  }

  @Test
  void aKeptOneThatRunsIsLeftAloneAndADeadOneRestarted() {
    Capture c = task("netns: red, link: veth-red, file: /tmp/red.pcap, keep: true");
    assertEquals(
        List.of("capture veth-red in red to /tmp/red.pcap until down"), c.plan(null).changes());
    Entry.Capture running =
        new Entry.Capture("red", "veth-red", "/tmp/red.pcap", 0, true, pid, start);
    assertTrue(c.plan(running).isEmpty());
    Entry.Capture dead =
        new Entry.Capture("red", "veth-red", "/tmp/red.pcap", 0, true, pid, start + 1);
    assertEquals(
        List.of(
            "capture veth-red in red to /tmp/red.pcap until down (restart: pid " + pid + " ended)"),
        c.plan(dead).changes());
  }

  @Test
  void aKeptOneWithItsCountIsDone() {
    Capture c = task("link: veth-red-br, file: /tmp/br.pcap, keep: true, count: 10");
    Entry.Capture done = new Entry.Capture(null, "veth-red-br", "/tmp/br.pcap", 10, true, pid, 0);
    assertTrue(c.plan(done).isEmpty());
    assertEquals(
        List.of("capture veth-red-br on the host to /tmp/br.pcap (10 frames) until down"),
        c.plan(null).changes());
  }

  @Test
  void aCaptureToTheSameFileThatStillRunsIsStoppedFirst() {
    Capture c = task("netns: red, link: veth-red, file: /tmp/red.pcap");
    Entry.Capture kept = new Entry.Capture("red", "veth-red", "/tmp/red.pcap", 0, true, pid, start);
    Capture.Start p = c.plan(kept);
    assertEquals(kept, p.stop());
    assertEquals("stop the capture to /tmp/red.pcap (pid " + pid + ")", p.changes().get(0));
    // Another link to the same file: the kept one makes way too.
    Capture other = task("netns: red, link: eth1, file: /tmp/red.pcap, keep: true");
    assertEquals(kept, other.plan(kept).stop());
  }

  @Test
  void aRelativeFileIsFromWhereNsplayRuns() {
    Capture c = task("netns: red, link: veth-red, file: red.pcap");
    assertEquals(java.nio.file.Path.of("red.pcap").toAbsolutePath().toString(), c.file());
  }

  @Test
  void badInputIsLocated() {
    assertTrue(
        bindError("capture: { link: lo, file: /no/such/folder/x.pcap }")
            .contains("the folder of \"/no/such/folder/x.pcap\" does not exist"),
        bindError("capture: { link: lo, file: /no/such/folder/x.pcap }"));
    assertTrue(bindError("capture: { link: lo, file: /tmp }").contains("is a folder"));
    assertTrue(
        bindError("capture: { link: lo, file: /tmp/x.pcap, count: 0 }")
            .contains("count must be at least 1"));
    assertTrue(
        bindError("capture: { link: lo, file: /tmp/x.pcap, keep: sometimes }")
            .contains("true or false"));
  }
}

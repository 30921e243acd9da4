package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.bindProblems;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nsplay.kernel.PingResult;
import org.junit.jupiter.api.Test;

class PingTest {
  final Ping reach = new Ping(decl("ping: { from: red, to: 192.168.15.2 }"));
  final Ping noReach =
      new Ping(decl("ping: { from: red, to: 10.9.9.9, count: 2, expect: unreachable }"));

  @Test
  void holdsWhenRepliesCome() {
    Ping.Verdict v = reach.plan(new PingResult(3, List.of(0.5, 0.0625, 1.0)));
    assertEquals(new Ping.Verdict(true, "red -> 192.168.15.2: 3/3 replies, rtt min 0.063 ms"), v);
    assertTrue(v.isEmpty(), "a check changes nothing");
  }

  @Test
  void failsWhenNoReplyComes() {
    assertEquals(
        new Ping.Verdict(false, "red -> 192.168.15.2: 0/3 replies (expected reachable)"),
        reach.plan(new PingResult(3, List.of())));
  }

  @Test
  void unreachableExpectation() {
    assertEquals(
        new Ping.Verdict(true, "red -> 10.9.9.9: 0/2 replies"),
        noReach.plan(new PingResult(2, List.of())));
    assertEquals(
        new Ping.Verdict(
            false, "red -> 10.9.9.9: 1/2 replies, rtt min 2.000 ms (expected unreachable)"),
        noReach.plan(new PingResult(2, List.of(2.0))));
  }

  @Test
  void bindChecksCountAndFamily() {
    assertEquals(
        "ping: count must be between 1 and 100, got 0",
        bindError("ping: { from: red, to: 10.0.0.1, count: 0 }"));
    assertEquals(
        "ping: count must be between 1 and 100, got 101",
        bindError("ping: { from: red, to: 10.0.0.1, count: 101 }"));
    assertEquals(List.of(), bindProblems("ping: { from: red, to: 10.0.0.1, count: 100 }"));
    assertEquals(List.of(), bindProblems("ping: { from: red, to: \"2001:db8::1\" }"));
  }
}

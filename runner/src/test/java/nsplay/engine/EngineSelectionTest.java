package nsplay.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.playbook.Playbook;
import nsplay.playbook.PlaybookLoader;
import nsplay.task.Outcome;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;

/** Which tasks a run selects, how loop items are labelled, and what register stores. */
class EngineSelectionTest {
  static final String TAGGED =
      """
      name: lab
      tasks:
        - name: a
          netns_add: { name: a }
          tags: [red]
        - name: b
          netns_add: { name: b }
          tags: [blue, shared]
        - name: c
          netns_add: { name: c }
          tags: always
        - name: d
          netns_add: { name: d }
        - name: a
          netns_add: { name: e }
          tags: red
      """;

  static boolean[] selection(List<String> tags, List<String> skip, String startAt)
      throws Exception {
    Playbook pb = new PlaybookLoader(TaskRegistry.specs()).parse("t.yml", TAGGED);
    Engine e = new Engine(null, new Engine.Options(false, false, tags, skip, startAt));
    return e.selection(pb);
  }

  static boolean[] b(boolean... v) {
    return v;
  }

  @Test
  void everythingByDefault() throws Exception {
    assertArrayEquals(b(true, true, true, true, true), selection(List.of(), List.of(), null));
  }

  @Test
  void tagsSelectTheirTasksAndAlways() throws Exception {
    assertArrayEquals(
        b(true, false, true, false, true), selection(List.of("red"), List.of(), null));
    assertArrayEquals(
        b(false, true, true, false, false), selection(List.of("shared", "x"), List.of(), null));
    assertArrayEquals(
        b(false, false, true, false, false), selection(List.of("nothing"), List.of(), null));
  }

  @Test
  void skipTagsWinIncludingOverAlways() throws Exception {
    assertArrayEquals(
        b(false, true, true, true, false), selection(List.of(), List.of("red"), null));
    assertArrayEquals(
        b(true, true, false, true, true), selection(List.of(), List.of("always"), null));
    assertArrayEquals(
        b(false, false, true, false, false), selection(List.of("red"), List.of("red"), null));
  }

  @Test
  void neverRunsOnlyWhenAnotherOfItsTagsIsAsked() throws Exception {
    String pbText =
        """
        name: lab
        tasks:
          - name: a
            netns_add: { name: a }
          - name: graded
            ping: { from: a, to: 10.0.0.1 }
            tags: [never, check]
        """;
    Playbook pb = new PlaybookLoader(TaskRegistry.specs()).parse("t.yml", pbText);
    boolean[] plain =
        new Engine(null, new Engine.Options(false, false, List.of(), List.of(), null))
            .selection(pb);
    assertArrayEquals(b(true, false), plain);
    boolean[] asked =
        new Engine(null, new Engine.Options(false, false, List.of("check"), List.of(), null))
            .selection(pb);
    assertArrayEquals(b(false, true), asked);
    boolean[] neverAsked =
        new Engine(null, new Engine.Options(false, false, List.of("never"), List.of(), null))
            .selection(pb);
    assertArrayEquals(b(false, false), neverAsked);
  }

  @Test
  void startAtTheFirstTaskOfThatName() throws Exception {
    assertArrayEquals(b(false, false, true, true, true), selection(List.of(), List.of(), "c"));
    assertArrayEquals(b(true, true, true, true, true), selection(List.of(), List.of(), "a"));
    assertArrayEquals(
        b(false, false, false, false, true), selection(List.of("red"), List.of(), "d"));
  }

  @Test
  void labels() {
    assertEquals("1", Engine.label(1));
    assertEquals("x", Engine.label("x"));
    assertEquals("null", Engine.label(null));
    Map<String, Object> named = new LinkedHashMap<>();
    named.put("name", "left");
    named.put("dev", "eth0");
    assertEquals("left", Engine.label(named));
    Map<String, Object> flow = new LinkedHashMap<>();
    flow.put("ns", "left");
    flow.put("devs", List.of("eth0", 1));
    assertEquals("{ns: left, devs: [eth0, 1]}", Engine.label(flow));
  }

  @Test
  void registeredResults() {
    assertEquals(
        List.of("status", "changed", "failed", "skipped", "message"),
        List.copyOf(Engine.result(Outcome.ok(null)).keySet()));
    assertEquals(
        Map.of(
            "status", "skipped",
            "changed", false,
            "failed", false,
            "skipped", true,
            "message", ""),
        Engine.result(Outcome.skipped(null)));
    assertEquals(
        Map.of(
            "status", "changed",
            "changed", true,
            "failed", false,
            "skipped", false,
            "message", ""),
        Engine.result(Outcome.changed(List.of("netns add a"))));
    assertEquals(
        Map.of(
            "status", "failed",
            "changed", false,
            "failed", true,
            "skipped", false,
            "message", "no"),
        Engine.result(Outcome.failed("no", List.of())));
    Map<String, Object> ping =
        Engine.result(
            Outcome.ok("r").withFacts(Map.of("sent", 2, "received", 1, "rtt_ms", List.of(0.1))));
    assertEquals(2, ping.get("sent"));
    assertEquals(1, ping.get("received"));
    assertEquals(List.of(0.1), ping.get("rtt_ms"));
    assertEquals("ok", ping.get("status"));
  }

  @Test
  void recapFormat() {
    assertEquals(
        "RECAP lab: ok=1 changed=2 failed=3 skipped=4",
        new Engine.Recap(1, 2, 3, 4, 0).format("lab"));
    assertEquals(
        "RECAP lab: ok=1 changed=2 failed=0 skipped=4 ignored=5",
        new Engine.Recap(1, 2, 0, 4, 5).format("lab"));
  }
}

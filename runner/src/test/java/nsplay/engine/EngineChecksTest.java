package nsplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import nsplay.playbook.Playbook;
import nsplay.playbook.PlaybookLoader;
import nsplay.report.FakeKernel;
import nsplay.state.Journal;
import nsplay.task.Context;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed check is counted and the run goes on; a failed building task stops it, and says so. */
class EngineChecksTest {
  @TempDir Path dir;

  static final World ALL =
      new World() {
        @Override
        public boolean netnsExists(String name) {
          return true;
        }

        @Override
        public Optional<Boolean> hasLink(String netns, String name) {
          return Optional.of(true);
        }
      };

  String up(String yaml) throws Exception {
    return up(yaml, new FakeKernel(null));
  }

  String up(String yaml, FakeKernel kernel) throws Exception {
    Playbook pb = new PlaybookLoader(TaskRegistry.specs()).parse("t.yml", yaml);
    StringWriter out = new StringWriter();
    Engine engine =
        new Engine(
            new TextReporter(new PrintWriter(out), false, false, false), Engine.Options.defaults());
    Engine.Prepared run = (Engine.Prepared) engine.prepare(pb, Map.of(), ALL);
    try (Journal journal = Journal.open(dir, "lab")) {
      run.run(new Context(kernel, journal, "lab", 1));
    }
    return out.toString();
  }

  @Test
  void aFailedPingIsCountedAndTheRunGoesOn() throws Exception {
    // Every ping is answered: "unreachable before the routes" fails, as on a second run.
    String out =
        up(
            """
            name: lab
            tasks:
              - name: not yet
                ping: { from: a, to: 10.0.0.1, expect: unreachable }
              - name: in a loop too
                ping: { from: a, to: "10.0.0.${item}", expect: unreachable }
                loop: [1, 2]
              - name: reached
                ping: { from: a, to: 10.0.0.1 }
            """);
    assertEquals(
        "TASK [not yet] ... failed: a -> 10.0.0.1: 1/3 replies, rtt min 0.250 ms (expected"
            + " unreachable)\n"
            + "TASK [in a loop too] (item=1) ... failed: a -> 10.0.0.1: 1/3 replies, rtt min 0.250"
            + " ms (expected unreachable)\n"
            + "TASK [in a loop too] (item=2) ... failed: a -> 10.0.0.2: 1/3 replies, rtt min 0.250"
            + " ms (expected unreachable)\n"
            + "TASK [reached] ... ok (a -> 10.0.0.1: 1/3 replies, rtt min 0.250 ms)\n"
            + "RECAP lab: ok=1 changed=0 failed=2 skipped=0\n",
        out);
  }

  @Test
  void aFailedBuildingTaskStopsAndSaysWhatDidNotRun() throws Exception {
    // The fake kernel has no link eth9 (the world said it had): the task fails.
    String out =
        up(
            """
            name: lab
            tasks:
              - name: up
                link_up: { link: eth9 }
              - ping: { from: a, to: 10.0.0.1 }
              - ping: { from: a, to: 10.0.0.2 }
            """);
    assertEquals(
        "TASK [up] ... failed: no link eth9 on the host; the 2 tasks after it did not run\n"
            + "RECAP lab: ok=0 changed=0 failed=1 skipped=0\n",
        out);
  }

  /** `from: host` pings from the lab's host namespace: the kernel is asked with no namespace. */
  @Test
  void aCheckFromTheHost() throws Exception {
    FakeKernel kernel = new FakeKernel(null);
    kernel.answers = (from, to) -> from == null;
    assertEquals(
        "TASK [ping] ... ok (host -> 10.0.0.1: 1/3 replies, rtt min 0.250 ms)\n"
            + "RECAP lab: ok=1 changed=0 failed=0 skipped=0\n",
        up("name: lab\ntasks:\n  - ping: { from: host, to: 10.0.0.1 }\n", kernel));
  }

  /** An imported task binds at run time with its import's vars (a register defers binding). */
  @Test
  void anImportsVarsReachItsTasksAtRunTime() throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("inc.yml"),
        "- name: \"ping ${to}\"\n  ping: { from: a, to: \"${to}\", count: 1 }\n");
    String out =
        up(
            """
            name: lab
            vars: { to: 10.9.9.9 }
            tasks:
              - name: first
                ping: { from: a, to: 10.0.0.1, count: 1 }
                register: r
              - import_tasks: INC
                vars: { to: 10.0.0.7 }
            """
                .replace("INC", dir.resolve("inc.yml").toString()));
    org.junit.jupiter.api.Assertions.assertTrue(out.contains("TASK [ping 10.0.0.7]"), out);
    org.junit.jupiter.api.Assertions.assertTrue(out.contains("a -> 10.0.0.7"), out);
  }
}

package nsplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Set;
import nsplay.kernel.LinkSpec;
import nsplay.net.Cidr;
import nsplay.playbook.Playbook;
import nsplay.playbook.PlaybookLoader;
import nsplay.report.FakeKernel;
import nsplay.state.Journal;
import nsplay.task.Context;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;

/**
 * The grader runs only checks, in the playbook's order, never a building task; --tags selects; a
 * check's when: sees building tasks as skipped and earlier checks' registered results.
 */
class GraderTest {
  static List<String> grade(String yaml, Set<String> tags) throws Exception {
    FakeKernel k = new FakeKernel(null);
    k.netnsAdd("red", null, inode -> {});
    int v = k.links("red").add("veth0", new LinkSpec.Bridge(), true, 0);
    k.links("red").addAddr(v, Cidr.parse("10.0.0.1/24"), false);
    k.answers = (from, to) -> to.toString().equals("10.0.0.2");
    k.takeOperations();
    Playbook pb = new PlaybookLoader(TaskRegistry.specs()).parse("t.yml", yaml);
    Context ctx = new Context(k, Journal.scratch(List.of()), "lab", 1);
    List<String> out =
        new Grader()
            .run(pb, Map.of(), tags, ctx).stream()
                .map(
                    r ->
                        r.outcome().status().word()
                            + " "
                            + JunitXml.title(r)
                            + ": "
                            + r.outcome().message())
                .toList();
    assertEquals(List.of(), k.takeOperations(), "the grader changed the kernel");
    return out;
  }

  static final String PLAYBOOK =
      """
      name: lab
      tasks:
        - name: build
          bridge_create: { name: br9, netns: red }
          register: built
        - name: before the build only
          ping: { from: red, to: 10.0.0.3, expect: unreachable }
          when: built.changed
        - name: b
          ping: { from: red, to: 10.0.0.2 }
          register: pong
          tags: [s1]
        - name: after b
          link_state: { netns: red, link: veth0, up: true }
          when: "!pong.skipped"
          tags: [s2]
        - name: addresses
          addr_present: { netns: red, link: veth0, address: "10.0.0.${item}/24" }
          loop: [1, 2]
          tags: [s2]
      """;

  @Test
  void onlyChecksInOrder() throws Exception {
    assertEquals(
        List.of(
            "skipped before the build only: its when: does not hold",
            "ok b: red -> 10.0.0.2: 1/3 replies, rtt min 0.250 ms",
            "ok after b: link veth0 in namespace red: up, no master, mtu 1500",
            "ok addresses [1]: link veth0 in namespace red: has 10.0.0.1/24",
            "failed addresses [2]: link veth0 in namespace red: addresses 10.0.0.1/24, not"
                + " 10.0.0.2/24 (expected address 10.0.0.2/24)"),
        grade(PLAYBOOK, Set.of()));
  }

  @Test
  void tagsSelect() throws Exception {
    // "b" is not selected: it registers as skipped, and "after b" is skipped with it.
    assertEquals(
        List.of(
            "skipped after b: its when: does not hold",
            "ok addresses [1]: link veth0 in namespace red: has 10.0.0.1/24",
            "failed addresses [2]: link veth0 in namespace red: addresses 10.0.0.1/24, not"
                + " 10.0.0.2/24 (expected address 10.0.0.2/24)"),
        grade(PLAYBOOK, Set.of("s2")));
  }
}

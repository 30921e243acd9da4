package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The playbook language against the real kernel: check mode, diff, loops, conditions, registered
 * results, ignore_errors, tags, imports, JSON Lines and exec. Every lab has its own throwaway host
 * namespace; namespaces it makes are named after the lab ({lab}-...), so they carry the run's
 * prefix; iproute2 and nft are the oracle.
 */
class LangIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Lab> labs = new ArrayList<>();

  private Lab lab(String tag) {
    Lab l = new Lab(tag);
    labs.add(l);
    return l;
  }

  @AfterEach
  void cleanup() {
    labs.forEach(Lab::close);
  }

  private static Lab.Run up(Lab lab, String... options) {
    List<String> args = new ArrayList<>(List.of("up", "--host-netns", lab.host));
    args.addAll(List.of(options));
    args.add(lab.file.toString());
    return Lab.cli(args.toArray(new String[0]));
  }

  /** The TASK lines of a run, without their status detail after " ... ". */
  private static List<String> tasks(Lab.Run r) {
    return r.out().lines().filter(l -> l.startsWith("TASK [")).toList();
  }

  private static Path write(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Everything a lab could change, as the oracle shows it: must not move in check mode. */
  private static Map<String, Object> snapshot(Lab lab) {
    return Map.of(
        "links", TestNet.ipJson(lab.host, "link", "show"),
        "addrs", TestNet.ipJson(lab.host, "addr", "show"),
        "routes", TestNet.ipJson(lab.host, "route", "show"),
        "nft", TestNet.nftJson(lab.host),
        "netns", TestNet.netnsList().stream().filter(n -> n.startsWith(lab.name)).toList(),
        "forward", TestNet.sysctl(lab.host, "net.ipv4.ip_forward"),
        "state", Files.exists(Path.of("/run/nsplay", lab.name)));
  }

  static final String SMALL_LAB =
      """
      name: {lab}
      tasks:
        - name: namespace
          netns_add: { name: {lab}-a }
        - name: bridge
          bridge_create: { name: br0 }
        - name: gateway address
          addr_assign: { link: br0, address: 10.71.0.1/24 }
        - name: veth
          veth_create: { name: eth0, netns: {lab}-a, peer: a-br }
        - name: attach
          bridge_attach: { link: a-br, bridge: br0 }
        - name: address
          addr_assign: { link: eth0, address: 10.71.0.2/24, netns: {lab}-a }
        - name: route
          route_add: { to: default, via: 10.71.0.1, netns: {lab}-a }
        - name: nat
          nat_masquerade: { source: 10.71.0.0/24, out: br0 }
        - name: reach
          ping: { from: {lab}-a, to: 10.71.0.1, count: 1 }
      """;

  @Test
  void checkOnAFreshHostReportsEveryChangeAndMakesNone() {
    Lab lab = lab("chk").playbook(SMALL_LAB);
    Map<String, Object> before = snapshot(lab);
    Lab.Run check = up(lab, "--check", "--detailed-exitcode").expect(2);
    assertEquals(
        List.of(
            "TASK [namespace] ... changed",
            "TASK [bridge] ... changed",
            "TASK [gateway address] ... changed",
            "TASK [veth] ... changed",
            "TASK [attach] ... changed",
            "TASK [address] ... changed",
            "TASK [route] ... changed",
            "TASK [nat] ... changed",
            "TASK [reach] ... skipped (not sent in check mode)"),
        tasks(check));
    assertEquals("RECAP " + lab.name + ": ok=0 changed=8 failed=0 skipped=1", check.recap());
    assertEquals(before, snapshot(lab), "check mode changed the kernel");
    assertEquals(List.of("lo"), TestNet.linkNames(lab.host));

    // Plain --check (no --detailed-exitcode): 0.
    up(lab, "--check").expect(0);
    assertEquals(before, snapshot(lab));

    up(lab).expect(0);
    Lab.Run again = up(lab, "--check", "--detailed-exitcode").expect(0);
    assertEquals("RECAP " + lab.name + ": ok=8 changed=0 failed=0 skipped=1", again.recap());

    // Drift: a link set down is pending again.
    TestNet.run("ip", "-n", lab.host, "link", "set", "br0", "down");
    Lab.Run drift = up(lab, "--check", "--detailed-exitcode").expect(2);
    assertTrue(drift.out().contains("TASK [bridge] ... changed\n"), drift.out());
    assertFalse(TestNet.isUp(TestNet.link(lab.host, "br0")), "check mode repaired the drift");
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void detailedExitcodeIsOneOnFailure() {
    Lab lab =
        lab("chkf")
            .playbook(
                """
        name: {lab}
        tasks:
          - bridge_create: { name: br0 }
          - name: a veth where a bridge is
            veth_create: { name: v1, peer: v1p }
            adopt: true
        """);
    // adopt: taken over knowingly, so not refused before the run; the task then fails on it.
    TestNet.run("ip", "-n", lab.host, "link", "add", "v1", "type", "bridge");
    Lab.Run r = up(lab, "--check", "--detailed-exitcode").expect(1);
    assertTrue(r.out().contains("TASK [a veth where a bridge is] ... failed: "), r.out());
    assertTrue(r.recap().contains(" failed=1 "), r.out());
  }

  @Test
  void diffShowsBeforeAndAfterOfChangedTasks() {
    Lab lab =
        lab("diff")
            .playbook(
                """
        name: {lab}
        tasks:
          - name: the namespace
            netns_add: { name: {lab}-a }
          - name: the bridge
            bridge_create: { name: br0 }
        """);
    String ns = lab.name + "-a";
    String expected =
        "TASK [the namespace] ... changed\n"
            + "    --- before\n"
            + "    netns "
            + ns
            + ": absent\n"
            + "    +++ after\n"
            + "    netns "
            + ns
            + ": present\n"
            + "TASK [the bridge] ... changed\n"
            + "    --- before\n"
            + "    br0 (host): absent\n"
            + "    +++ after\n"
            + "    br0 (host): bridge, up\n"
            + "RECAP "
            + lab.name
            + ": ok=0 changed=2 failed=0 skipped=0\n";
    // --check --diff says the same as the real run, before it.
    assertEquals(expected, up(lab, "--check", "--diff").expect(0).out());
    assertEquals(expected, up(lab, "--diff").expect(0).out());
    // Nothing changed: no diff.
    assertEquals(
        "TASK [the namespace] ... ok\nTASK [the bridge] ... ok\n"
            + "RECAP "
            + lab.name
            + ": ok=2 changed=0 failed=0 skipped=0\n",
        up(lab, "--diff").expect(0).out());
    TestNet.run("ip", "-n", lab.host, "link", "set", "br0", "down");
    assertTrue(
        up(lab, "--diff")
            .out()
            .contains(
                "TASK [the bridge] ... changed\n"
                    + "    --- before\n"
                    + "    br0 (host): bridge, down\n"
                    + "    +++ after\n"
                    + "    br0 (host): bridge, up\n"));
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void loopsOverARangeWithExtraVarsLoopVarAndWhen() {
    Lab lab =
        lab("loop")
            .playbook(
                """
        name: {lab}
        vars:
          n: 2
        tasks:
          - name: namespaces
            netns_add: { name: "{lab}-n${i}" }
            loop: ${1..n}
            loop_var: i
          - name: named ones
            netns_add: { name: "{lab}-${item.name}" }
            loop:
              - { name: x }
              - { name: y }
          - name: only with many
            netns_add: { name: {lab}-many }
            when: n > 3
          - name: only with few
            netns_add: { name: {lab}-few }
            when: [n <= 3, "n >= 1"]
        """);
    List<String> names = List.of("n1", "n2", "n3", "x", "y", "few");
    Lab.Run r = up(lab, "-e", "n=3").expect(0);
    assertEquals(
        List.of(
            "TASK [namespaces] (item=1) ... changed",
            "TASK [namespaces] (item=2) ... changed",
            "TASK [namespaces] (item=3) ... changed",
            "TASK [named ones] (item=x) ... changed",
            "TASK [named ones] (item=y) ... changed",
            "TASK [only with many] ... skipped",
            "TASK [only with few] ... changed"),
        tasks(r));
    assertEquals("RECAP " + lab.name + ": ok=0 changed=3 failed=0 skipped=1", r.recap());
    assertEquals(
        names.stream().map(s -> lab.name + "-" + s).sorted().toList(),
        TestNet.netnsList().stream().filter(s -> s.startsWith(lab.name + "-")).sorted().toList());
    Lab.Run again = up(lab, "-e", "n=3").expect(0);
    assertEquals("RECAP " + lab.name + ": ok=3 changed=0 failed=0 skipped=1", again.recap());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void registerFeedsWhenOfLaterTasks() {
    Lab lab =
        lab("reg")
            .playbook(
                """
        name: {lab}
        tasks:
          - name: namespace
            netns_add: { name: {lab}-a }
            register: ns
          - name: only when it was new
            link_up: { link: lo, netns: {lab}-a }
            when: ns.changed
          - name: loop
            bridge_create: { name: "br${item}" }
            loop: [1, 2]
            register: brs
          - name: loop registered
            bridge_create: { name: br9 }
            when:
              - brs.results?size == 2
              - brs.status == "changed" || brs.status == "ok"
              - brs.results[0].skipped == false
          - name: reach
            ping: { from: {lab}-a, to: 127.0.0.1, count: 1 }
            register: p
          - name: after a reply
            bridge_create: { name: br-reply }
            when: p.received == 1 && p.sent == 1 && p.rtt_ms?size == 1 && p.status == "ok"
        """);
    Lab.Run first = up(lab).expect(0);
    assertEquals(
        List.of(
            "TASK [namespace] ... changed",
            "TASK [only when it was new] ... changed",
            "TASK [loop] (item=1) ... changed",
            "TASK [loop] (item=2) ... changed",
            "TASK [loop registered] ... changed"),
        tasks(first).subList(0, 5));
    assertTrue(first.out().contains("TASK [after a reply] ... changed\n"), first.out());
    assertTrue(TestNet.isUp(TestNet.link(lab.name + "-a", "lo")));
    // The second run finds the namespace there: the task that wants a new one is skipped.
    Lab.Run second = up(lab).expect(0);
    assertTrue(second.out().contains("TASK [namespace] ... ok\n"), second.out());
    assertTrue(second.out().contains("TASK [only when it was new] ... skipped\n"), second.out());
    assertTrue(second.out().contains("TASK [after a reply] ... ok\n"), second.out());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void ignoreErrorsKeepsTheRunGoing() {
    Lab lab =
        lab("ign")
            .playbook(
                """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - name: no way there
            ping: { from: {lab}-a, to: 10.72.0.9, count: 1, expect: reachable }
            ignore_errors: true
            register: gone
          - name: after the failure
            netns_add: { name: {lab}-b }
            when: gone.failed
        """);
    Lab.Run r = up(lab).expect(0);
    assertTrue(
        r.out().contains("TASK [no way there] ... failed (ignored): " + lab.name + "-a -> "),
        r.out());
    assertTrue(r.out().contains("TASK [after the failure] ... changed\n"), r.out());
    assertEquals("RECAP " + lab.name + ": ok=0 changed=2 failed=0 skipped=0 ignored=1", r.recap());
    assertTrue(TestNet.netnsList().contains(lab.name + "-b"));

    // Without ignore_errors a failed check is counted and the run goes on: exit 1 at the end.
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - name: no way there
            ping: { from: {lab}-a, to: 10.72.0.9, count: 1 }
          - name: after the check
            netns_add: { name: {lab}-c }
        """);
    Lab.Run check = up(lab).expect(1);
    assertTrue(check.out().contains("TASK [after the check] ... changed\n"), check.out());
    assertEquals("RECAP " + lab.name + ": ok=1 changed=1 failed=1 skipped=0", check.recap());

    // A failed building task stops the run, and says what did not run: exit 1.
    lab.playbook(
        """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - name: no such sysctl
            sysctl: { name: net.ipv4.no_such_sysctl, value: 1, netns: {lab}-a }
          - name: never
            netns_add: { name: {lab}-d }
        """);
    Lab.Run stop = up(lab).expect(1);
    assertFalse(stop.out().contains("TASK [never]"), stop.out());
    assertTrue(stop.out().contains("; the task after it did not run\n"), stop.out());
    assertEquals("RECAP " + lab.name + ": ok=1 changed=0 failed=1 skipped=0", stop.recap());
    assertFalse(TestNet.netnsList().contains(lab.name + "-d"));
    lab.down().expect(0);
    lab.assertGone();
  }

  static final String TAGGED =
      """
      name: {lab}
      tasks:
        - name: a
          netns_add: { name: {lab}-a }
          tags: [red]
        - name: b
          netns_add: { name: {lab}-b }
          tags: [blue, shared]
          register: b
        - name: c
          netns_add: { name: {lab}-c }
          tags: always
        - name: d
          netns_add: { name: {lab}-d }
        - name: e
          netns_add: { name: {lab}-e }
          tags: red
          when: b.skipped
      """;

  private static List<String> taskNames(Lab.Run r) {
    return tasks(r).stream().map(l -> l.substring(6, l.indexOf(']'))).toList();
  }

  @Test
  void tagsSkipTagsAndStartAtTaskChooseTheTasks() {
    Lab lab = lab("tag").playbook(TAGGED);
    assertEquals(List.of("a", "c", "e"), taskNames(up(lab, "--check", "--tags", "red").expect(0)));
    assertEquals(
        List.of("b", "c"), taskNames(up(lab, "--check", "--tags", "shared,nothing").expect(0)));
    assertEquals(
        List.of("a", "b", "d", "e"),
        taskNames(up(lab, "--check", "--skip-tags", "always").expect(0)));
    assertEquals(
        List.of("c", "d"), taskNames(up(lab, "--check", "--skip-tags", "red,blue").expect(0)));
    assertEquals(
        List.of("c"), taskNames(up(lab, "--check", "--tags", "red", "--skip-tags", "red")));
    assertEquals(List.of("c", "d", "e"), taskNames(up(lab, "--check", "--start-at-task", "c")));
    // e runs when b did not (not selected is a skipped result), and is skipped when b ran.
    assertTrue(
        up(lab, "--check", "--tags", "red").out().contains("TASK [e] ... changed\n"), "b skipped");
    assertTrue(up(lab, "--check").out().contains("TASK [e] ... skipped\n"), "b ran");

    Lab.Run real = up(lab, "--tags", "red").expect(0);
    assertEquals("RECAP " + lab.name + ": ok=0 changed=3 failed=0 skipped=0", real.recap());
    assertEquals(
        List.of(lab.name + "-a", lab.name + "-c", lab.name + "-e"),
        TestNet.netnsList().stream().filter(s -> s.startsWith(lab.name + "-")).sorted().toList());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void importTasksTakesWhenAndTagsFromTheImport() {
    Lab lab = lab("imp");
    lab.playbook(
        """
        name: {lab}
        vars:
          extras: true
        tasks:
          - name: base
            netns_add: { name: {lab}-a }
          - import_tasks: inc/extras.yml
            when: extras
            tags: extra
        """);
    write(
        lab.file.resolveSibling("inc/extras.yml"),
        lab.expand(
            """
            - name: extra namespace
              netns_add: { name: {lab}-x }
            - name: its loopback
              link_up: { link: lo, netns: {lab}-x }
              tags: lo
            """));
    assertEquals(
        List.of(
            "TASK [base] ... changed",
            "TASK [extra namespace] ... skipped",
            "TASK [its loopback] ... skipped"),
        tasks(up(lab, "--check", "-e", "extras=false").expect(0)));
    assertEquals(List.of("base"), taskNames(up(lab, "--check", "--skip-tags", "extra")));
    assertEquals(
        List.of("extra namespace", "its loopback"),
        taskNames(up(lab, "--check", "--tags", "extra")));
    assertEquals(List.of("its loopback"), taskNames(up(lab, "--check", "--tags", "lo")));
    Lab.Run r = up(lab).expect(0);
    assertEquals("RECAP " + lab.name + ": ok=0 changed=3 failed=0 skipped=0", r.recap());
    assertTrue(TestNet.isUp(TestNet.link(lab.name + "-x", "lo")));
    lab.down().expect(0);
    lab.assertGone();
  }

  private static List<JsonNode> events(Lab.Run r) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.out().split("\n")) {
      try {
        out.add(JSON.readTree(line));
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + line, e);
      }
    }
    return out;
  }

  @Test
  void jsonLines() {
    Lab lab =
        lab("json")
            .playbook(
                """
        name: {lab}
        tasks:
          - name: ns
            netns_add: { name: {lab}-a }
          - name: lo
            link_up: { link: lo, netns: {lab}-a }
          - name: bridges
            bridge_create: { name: "br${item}" }
            loop: [1, 2]
          - name: never
            bridge_create: { name: br3 }
            when: false
          - name: reach
            ping: { from: {lab}-a, to: 127.0.0.1, count: 2 }
          - name: no way
            ping: { from: {lab}-a, to: 10.73.0.9, count: 1 }
            ignore_errors: true
        """);
    Lab.Run r = up(lab, "--json", "--diff").expect(0);
    assertEquals("", r.err());
    List<JsonNode> ev = events(r);
    List<String> seq =
        ev.stream()
            .map(e -> e.path("event").asText() + " " + e.path("task").asText(""))
            .map(String::strip)
            .toList();
    assertEquals(
        List.of(
            "task_start ns",
            "task_result ns",
            "task_start lo",
            "task_result lo",
            "task_start bridges",
            "task_result bridges",
            "task_start bridges",
            "task_result bridges",
            "task_result never",
            "task_start reach",
            "task_result reach",
            "task_start no way",
            "task_result no way",
            "recap"),
        seq);
    JsonNode ns = ev.get(1);
    assertEquals("changed", ns.path("status").asText());
    assertTrue(ns.path("changed").asBoolean());
    assertFalse(ns.path("ignored").asBoolean());
    assertTrue(ns.path("item").isNull());
    assertTrue(ns.path("message").isNull());
    assertEquals("netns " + lab.name + "-a: absent", ns.path("diff").path("before").asText());
    assertEquals("netns " + lab.name + "-a: present", ns.path("diff").path("after").asText());
    assertTrue(ns.path("duration_ms").isIntegralNumber());
    assertEquals(List.of("netns add " + lab.name + "-a"), strings(ns.path("operations")));
    assertEquals(0, ns.path("facts").size());
    for (String field :
        List.of(
            "event",
            "task",
            "item",
            "status",
            "changed",
            "ignored",
            "message",
            "diff",
            "duration_ms",
            "operations",
            "facts")) {
      assertTrue(ns.has(field), field);
    }
    assertEquals("1", ev.get(4).path("item").asText());
    assertEquals("2", ev.get(7).path("item").asText());
    assertEquals("skipped", ev.get(8).path("status").asText());
    JsonNode reach = ev.get(10);
    assertEquals("ok", reach.path("status").asText());
    assertTrue(reach.path("diff").isNull());
    assertEquals(2, reach.path("facts").path("sent").asInt());
    assertEquals(2, reach.path("facts").path("received").asInt());
    assertEquals(2, reach.path("facts").path("rtt_ms").size());
    JsonNode noWay = ev.get(12);
    assertEquals("failed", noWay.path("status").asText());
    assertTrue(noWay.path("ignored").asBoolean());
    assertFalse(noWay.path("message").asText().isEmpty());
    JsonNode recap = ev.get(13);
    assertEquals(lab.name, recap.path("lab").asText());
    assertEquals(
        List.of(1, 3, 0, 1, 1),
        List.of(
            recap.path("ok").asInt(-1),
            recap.path("changed").asInt(-1),
            recap.path("failed").asInt(-1),
            recap.path("skipped").asInt(-1),
            recap.path("ignored").asInt(-1)));

    JsonNode again = events(up(lab, "--json").expect(0)).get(13);
    assertEquals(4, again.path("ok").asInt());
    assertEquals(0, again.path("changed").asInt());
    lab.down().expect(0);
    lab.assertGone();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void execRunsInTheNamespaceAndPassesTheExitCodeThrough() {
    Lab lab =
        lab("exec")
            .playbook(
                """
        name: {lab}
        tasks:
          - netns_add: { name: {lab}-a }
          - veth_create: { name: ve0, netns: {lab}-a, peer: ve1, peer_netns: {lab}-a }
        """);
    up(lab).expect(0);
    String ns = lab.name + "-a";
    assertEquals(7, Lab.jar(Map.of(), "exec", ns, "--", "sh", "-c", "exit 7").code());
    assertEquals(0, Lab.jar(Map.of(), "exec", ns, "--", "true").code());
    // Without --, everything after the namespace is still the command's, its options too.
    assertEquals(7, Lab.jar(Map.of(), "exec", ns, "sh", "-c", "exit 7").code());
    // Fixed bug: the native library loads on a second thread while the command starts, and a
    // run whose first native call came early enough waited for that thread forever (8 runs
    // in 100 hung). exec makes its native call at once: many runs, none may hang.
    for (int i = 0; i < 40; i++) {
      assertEquals(0, Lab.jar(20, Map.of(), "exec", ns, "true").code());
    }
    Lab.Run links = Lab.jar(Map.of(), "exec", ns, "--", "ip", "-j", "link").expect(0);
    List<String> names = new ArrayList<>();
    try {
      JSON.readTree(links.out()).forEach(l -> names.add(l.path("ifname").asText()));
    } catch (IOException e) {
      throw new AssertionError(links.out(), e);
    }
    assertEquals(List.of("lo", "ve0", "ve1"), names.stream().sorted().toList());
    assertEquals(
        TestNet.linkNames(ns).stream().sorted().toList(), names.stream().sorted().toList());

    Lab.Run missing = Lab.jar(Map.of(), "exec", lab.name + "-none", "--", "true").expect(2);
    assertEquals(
        "nsplay: no namespace " + lab.name + "-none (see `ip netns list`)\n", missing.err());
    lab.down().expect(0);
    lab.assertGone();
  }

  @Test
  void startAtTaskSkipsTheTasksBefore() {
    Lab lab = lab("start").playbook(TAGGED);
    Lab.Run r = up(lab, "--start-at-task", "d").expect(0);
    assertEquals(List.of("TASK [d] ... changed", "TASK [e] ... changed"), tasks(r));
    assertNotNull(r.recap());
    assertEquals(
        List.of(lab.name + "-d", lab.name + "-e"),
        TestNet.netnsList().stream().filter(s -> s.startsWith(lab.name + "-")).sorted().toList());
    lab.down().expect(0);
    lab.assertGone();
  }
}

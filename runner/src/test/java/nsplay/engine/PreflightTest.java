package nsplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nsplay.playbook.Binder;
import nsplay.playbook.Playbook;
import nsplay.playbook.PlaybookLoader;
import nsplay.playbook.Problem;
import nsplay.task.TaskRegistry;
import nsplay.template.Templates;
import org.junit.jupiter.api.Test;

/** Checks made before a run that need no kernel: a world where nothing exists yet. */
class PreflightTest {
  static final World EMPTY =
      new World() {
        @Override
        public boolean netnsExists(String name) {
          return false;
        }

        @Override
        public Optional<Boolean> hasLink(String netns, String name) {
          return Optional.of(false);
        }
      };

  static List<Problem> check(String yaml, Map<String, Object> vars) throws Exception {
    return check(yaml, vars, EMPTY);
  }

  static List<Problem> check(String yaml, Map<String, Object> vars, World world) throws Exception {
    Playbook pb = new PlaybookLoader(TaskRegistry.specs()).parse("t.yml", yaml);
    Templates templates = new Templates();
    Preflight p =
        new Preflight(
            TaskRegistry.specs(), new Binder(TaskRegistry.specs(), templates), templates, world);
    return p.check(pb, vars);
  }

  /**
   * A kernel without a link kind fails the playbook before any change, located at the first task
   * that needs it, once per kind, each kind asked once; an unknown answer (validate) passes.
   */
  @Test
  void aLinkKindTheKernelLacksIsAnErrorBeforeTheRun() throws Exception {
    String yaml =
        """
        name: lab
        tasks:
          - veth_create: { name: trunk, peer: other }
          - vlan_create: { name: "trunk.${item}", link: trunk, id: "${item}" }
            loop: [10, 20]
          - macvlan_create: { name: mv, link: other }
        """;
    List<String> asked = new java.util.ArrayList<>();
    World noVlan =
        new World() {
          @Override
          public boolean netnsExists(String name) {
            return false;
          }

          @Override
          public Optional<Boolean> hasLink(String netns, String name) {
            return Optional.of(false);
          }

          @Override
          public Optional<Boolean> hasLinkKind(String kind) {
            asked.add(kind);
            return Optional.of(!kind.equals("vlan"));
          }
        };
    List<Problem> problems = check(yaml, Map.of(), noVlan);
    assertEquals(1, problems.size(), problems.toString());
    assertEquals("t.yml:4:5", problems.get(0).location().toString());
    assertEquals("this kernel has no vlan support (CONFIG_VLAN_8021Q)", problems.get(0).message());
    assertEquals(List.of("vlan", "macvlan"), asked);
    assertEquals(List.of(), check(yaml, Map.of()));
  }

  /** N veth pairs, each one's first end on bridge br0, and the rest again on br1, on the host. */
  static final String PORTS =
      """
      name: lab
      tasks:
        - bridge_create: { name: br0 }
        - bridge_create: { name: br1 }
        - veth_create: { name: "a${item}", peer: "b${item}" }
          loop: ${1..n}
        - bridge_attach: { link: "a${item}", bridge: br0 }
          loop: ${1..n}
        - bridge_attach: { link: "a${item}", bridge: br0 }
          loop: ${1..n}
        - bridge_attach: { link: "b${item}", bridge: br1 }
          loop: ${1..m}
      """;

  /**
   * A bridge takes 1024 ports (BR_MAX_PORTS): the 1025th failed halfway through `up` with "Exchange
   * full". Attaching the same link again adds no port.
   */
  @Test
  void aBridgeHoldsAtMost1024Ports() throws Exception {
    assertEquals(List.of(), check(PORTS, Map.of("n", 1024, "m", 1024)));
    List<Problem> problems = check(PORTS, Map.of("n", 1025, "m", 1025));
    assertEquals(2, problems.size());
    assertEquals("t.yml:7:48", problems.get(0).location().toString());
    assertEquals(
        "bridge \"br0\" on the host would get its port 1025 here (link \"a1025\"); a Linux bridge"
            + " holds at most 1024 ports (BR_MAX_PORTS)",
        problems.get(0).message());
    assertEquals(
        "bridge \"br1\" on the host would get its port 1025 here (link \"b1025\"); a Linux bridge"
            + " holds at most 1024 ports (BR_MAX_PORTS)",
        problems.get(1).message());
  }

  /**
   * /etc/netns files are written only for the lab's own namespaces: one that exists but that no
   * task of the playbook creates is a located error, as is one that nothing creates.
   */
  @Test
  void etcFilesOnlyForTheLabsNamespaces() throws Exception {
    World someoneElses =
        new World() {
          @Override
          public boolean netnsExists(String name) {
            return name.equals("theirs");
          }

          @Override
          public Optional<Boolean> hasLink(String netns, String name) {
            return Optional.of(false);
          }
        };
    String yaml =
        """
        name: lab
        tasks:
          - netns_add: { name: red }
          - hosts_file: { netns: red }
          - resolv_conf: { netns: theirs, nameservers: [10.0.0.53] }
          - hosts_file: { netns: blue }
        """;
    List<Problem> problems = check(yaml, Map.of(), someoneElses);
    assertEquals(2, problems.size(), problems.toString());
    assertEquals("t.yml:5:27", problems.get(0).location().toString());
    assertEquals(
        "namespace \"theirs\" is not one of this lab's: no earlier task creates it (nsplay writes"
            + " /etc/netns files only for the lab's own namespaces)",
        problems.get(0).message());
    assertEquals("t.yml:6:26", problems.get(1).location().toString());
  }

  /** Bridges in different namespaces are different bridges, and a link moved to another leaves. */
  @Test
  void portsAreCountedPerBridgeAndNamespace() throws Exception {
    String yaml =
        """
        name: lab
        tasks:
          - netns_add: { name: x }
          - bridge_create: { name: br0 }
          - bridge_create: { name: br0, netns: x }
          - bridge_create: { name: br1 }
          - veth_create: { name: "a${item}", peer: "b${item}", peer_netns: x }
            loop: ${1..1024}
          - bridge_attach: { link: "a${item}", bridge: br0 }
            loop: ${1..1024}
          - bridge_attach: { link: "b${item}", bridge: br0, netns: x }
            loop: ${1..1024}
          - bridge_attach: { link: "a${item}", bridge: br1 }
            loop: ${1..10}
          - veth_create: { name: c, peer: d }
          - bridge_attach: { link: c, bridge: br0 }
        """;
    assertEquals(List.of(), check(yaml, Map.of()));
  }

  /** Another lab's namespace or link: never to be adopted, so the message names a way out. */
  @Test
  void aNameOfAnotherLabIsNotToBeAdopted() throws Exception {
    World others =
        new World() {
          @Override
          public boolean netnsExists(String name) {
            return name.equals("red");
          }

          @Override
          public Optional<Boolean> hasLink(String netns, String name) {
            return Optional.of(name.equals("br0") || name.equals("eth9"));
          }

          @Override
          public String netnsOwner(String name) {
            return "lab other";
          }

          @Override
          public String linkOwner(String netns, String name) {
            return name.equals("br0") ? "lab other" : NOT_NSPLAY;
          }
        };
    Playbook pb =
        new PlaybookLoader(TaskRegistry.specs())
            .parse(
                "t.yml",
                "name: lab\ntasks:\n  - netns_add: { name: red }\n"
                    + "  - bridge_create: { name: br0 }\n  - bridge_create: { name: eth9 }\n");
    Templates templates = new Templates();
    List<String> messages =
        new Preflight(
                TaskRegistry.specs(),
                new Binder(TaskRegistry.specs(), templates),
                templates,
                others)
            .check(pb, Map.of()).stream().map(Problem::message).toList();
    assertEquals(
        List.of(
            "namespace \"red\" already exists and belongs to lab other; give it a different name"
                + " in this playbook",
            "bridge \"br0\" on the host already exists and belongs to lab other; give it a"
                + " different name in this playbook",
            "bridge \"eth9\" on the host already exists and was not made by nsplay; rename it in"
                + " the playbook, or add `adopt: true` to the task to use it as it is (down will"
                + " leave it)"),
        messages);
  }

  /**
   * An undefined variable and an unknown namespace in the same task come in one round: the
   * namespace, written without a template, is checked although the task cannot be bound.
   */
  @Test
  void anUnboundTaskStillHasItsNamespacesChecked() throws Exception {
    List<Problem> problems =
        check(
            """
            name: lab
            tasks:
              - link_up: { netns: red, link: "${ifname}" }
            """,
            Map.of());
    assertEquals(
        List.of(
            "t.yml:3:23: namespace \"red\" does not exist and no earlier task creates it",
            "t.yml:3:34: undefined variable \"ifname\" in ${ifname}"),
        problems.stream().map(p -> p.location() + ": " + p.message()).toList());
  }

  static Preflight preflight(World world) {
    Templates templates = new Templates();
    return new Preflight(
        TaskRegistry.specs(), new Binder(TaskRegistry.specs(), templates), templates, world);
  }

  /** The host has eth0 and nothing else; namespaces do not exist. */
  static final World ETH0 =
      new World() {
        @Override
        public boolean netnsExists(String name) {
          return false;
        }

        @Override
        public Optional<Boolean> hasLink(String netns, String name) {
          return Optional.of(netns == null && name.equals("eth0"));
        }
      };

  /**
   * A masquerade out of a missing interface matches nothing: a located warning, not a problem (the
   * interface may appear later). None for an interface the kernel has or a later task creates, and
   * none when the world cannot tell (validate).
   */
  @Test
  void aMasqueradeOutOfAMissingInterfaceIsAWarning() throws Exception {
    String yaml =
        """
        name: lab
        tasks:
          - nat_masquerade: { source: 10.0.0.0/24, out: eth9 }
          - nat_masquerade: { source: 10.0.1.0/24, out: eth0 }
          - nat_masquerade: { source: 10.0.2.0/24, out: up0 }
          - veth_create: { name: up0, peer: up1 }
        """;
    Playbook pb = new PlaybookLoader(TaskRegistry.specs()).parse("t.yml", yaml);
    Preflight p = preflight(ETH0);
    assertEquals(List.of(), p.check(pb, Map.of()));
    assertEquals(1, p.warnings.size(), p.warnings.toString());
    Problem w = p.warnings.get(0);
    assertEquals("t.yml:3:49", w.location().toString());
    assertEquals(
        "t.yml:3:49: warning: interface \"eth9\" does not exist on the host; the masquerade rule"
            + " will match nothing until it does\n",
        w.format().lines().findFirst().orElseThrow() + "\n");

    // Alongside errors, the warning is said as well, in its place.
    Playbook bad =
        new PlaybookLoader(TaskRegistry.specs())
            .parse("t.yml", yaml + "  - link_up: { link: lo, netns: nobody }\n");
    Engine.Checked checked =
        new Engine(null, Engine.Options.defaults()).prepare(bad, Map.of(), ETH0);
    assertEquals(
        List.of(
            "t.yml:3:49: warning: interface \"eth9\" does not exist on the host; the masquerade"
                + " rule will match nothing until it does",
            "t.yml:7:33: error: namespace \"nobody\" does not exist and no earlier task creates it"),
        ((Engine.Problems) checked)
            .list().stream().map(x -> x.format().lines().findFirst().orElseThrow()).toList());

    Preflight unknown = preflight(World.namespacesOnly());
    assertEquals(List.of(), unknown.check(pb, Map.of()));
    assertEquals(List.of(), unknown.warnings);
  }
}

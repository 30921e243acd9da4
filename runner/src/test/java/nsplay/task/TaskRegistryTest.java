package nsplay.task;

import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import nsplay.playbook.Location;
import nsplay.playbook.Problem;
import nsplay.playbook.TaskDecl;
import org.junit.jupiter.api.Test;

class TaskRegistryTest {
  @Test
  void everyTypeInOrder() {
    assertEquals(
        List.of(
            "netns_add",
            "veth_create",
            "bridge_create",
            "vxlan_create",
            "macvlan_create",
            "vlan_create",
            "dummy_create",
            "bond_create",
            "bridge_attach",
            "bond_attach",
            "link_up",
            "link_move",
            "addr_assign",
            "route_add",
            "nat_masquerade",
            "sysctl",
            "netem",
            "service",
            "ping",
            "tcp_connect",
            "http_get",
            "route_lookup",
            "command",
            "link_state",
            "addr_present",
            "hosts_file",
            "resolv_conf",
            "port_forward",
            "snat",
            "filter",
            "filter_policy",
            "capture"),
        List.copyOf(TaskRegistry.specs().keySet()));
  }

  /** The key a type is listed under is the one its own spec declares, and the map is read-only. */
  @Test
  void everyKeyIsItsSpecsType() {
    Map<String, nsplay.playbook.TaskSpec> specs = TaskRegistry.specs();
    specs.forEach((key, spec) -> assertEquals(key, spec.type()));
    assertEquals(null, specs.get("no_such_type"));
    assertEquals(false, specs.containsKey("no_such_type"));
    org.junit.jupiter.api.Assertions.assertThrows(
        UnsupportedOperationException.class, () -> specs.put("x", specs.get("ping")));
  }

  @Test
  void bindMakesTheTypesTask() {
    Map<String, Class<?>> examples =
        Map.ofEntries(
            Map.entry("netns_add: { name: red }", NetnsAdd.class),
            Map.entry("veth_create: { name: a, peer: b }", VethCreate.class),
            Map.entry("bridge_create: { name: br0 }", BridgeCreate.class),
            Map.entry("vxlan_create: { name: vx0, vni: 42 }", VxlanCreate.class),
            Map.entry("macvlan_create: { name: mv0, link: a }", MacvlanCreate.class),
            Map.entry("vlan_create: { name: v10, link: a, id: 10 }", VlanCreate.class),
            Map.entry("dummy_create: { name: d0 }", DummyCreate.class),
            Map.entry("bond_create: { name: b0 }", BondCreate.class),
            Map.entry("bond_attach: { link: a, bond: b0 }", BondAttach.class),
            Map.entry("bridge_attach: { link: a, bridge: br0 }", BridgeAttach.class),
            Map.entry("link_up: { link: lo }", LinkUp.class),
            Map.entry("link_move: { link: a, netns: red }", LinkMove.class),
            Map.entry("addr_assign: { link: a, address: 10.0.0.1/24 }", AddrAssign.class),
            Map.entry("route_add: { to: default, dev: a }", RouteAdd.class),
            Map.entry("nat_masquerade: { source: 10.0.0.0/24, out: a }", NatMasquerade.class),
            Map.entry("sysctl: { name: net.ipv4.ip_forward, value: 1 }", Sysctl.class),
            Map.entry("netem: { link: a, delay: 20ms }", Netem.class),
            Map.entry("service: { name: w, netns: red, command: [sleep, '1'] }", Service.class),
            Map.entry("ping: { from: red, to: 10.0.0.1 }", Ping.class),
            Map.entry("tcp_connect: { from: red, to: 10.0.0.1, port: 80 }", TcpConnect.class),
            Map.entry("http_get: { from: red, url: \"http://10.0.0.1/\" }", HttpGet.class),
            Map.entry("route_lookup: { netns: red, to: 10.0.0.1 }", RouteLookup.class),
            Map.entry("command: { netns: red, argv: [ip, addr] }", Command.class),
            Map.entry("link_state: { link: lo }", LinkState.class),
            Map.entry("addr_present: { link: lo, address: 127.0.0.1/8 }", AddrPresent.class),
            Map.entry("hosts_file: {}", HostsFile.class),
            Map.entry("resolv_conf: { netns: red, nameservers: [10.0.0.53] }", ResolvConf.class),
            Map.entry(
                "port_forward: { in: a, proto: tcp, port: 80, to: 10.0.0.2 }", PortForward.class),
            Map.entry("snat: { source: 10.0.0.0/24, out: a, to: 10.1.0.1 }", Snat.class),
            Map.entry("filter: { chain: input, action: drop }", Filter.class),
            Map.entry("filter_policy: { chain: forward, policy: drop }", FilterPolicy.class),
            Map.entry("capture: { link: lo, file: /tmp/lo.pcap }", Capture.class));
    assertEquals(TaskRegistry.specs().size(), examples.size());
    examples.forEach(
        (text, type) -> {
          TaskDecl d = decl(text);
          Task<?, ?> t = TaskRegistry.bind(d);
          assertEquals(type, t.getClass(), text);
          assertSame(d, t.decl());
        });
  }

  @Test
  void aBindProblemIsLocatedAtTheTask() {
    assertEquals(
        List.of(
            new Problem(
                new Location("t.yml", 3, 5),
                "route_add needs via (a gateway), dev (a link), or both",
                "  - route_add: { to: default }")),
        Decls.bindProblems("route_add: { to: default }"));
  }
}

package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import nsplay.kernel.LiveKernel;
import nsplay.report.LabModel;
import nsplay.report.LabModel.Endpoint;
import nsplay.report.ModelBuilder;
import nsplay.report.Probe;
import nsplay.state.Journal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The report model read from the real kernel after a real `up`, checked against what the playbook
 * built and against iproute2; and the connectivity matrix probed in the lab's namespaces (each lab
 * in a throwaway host namespace, so probes stay inside namespaces the test made).
 */
class ReportModelIT {
  private Lab lab;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
    }
  }

  static LabModel read(Lab lab) {
    try (LiveKernel k = new LiveKernel(lab.host)) {
      return ModelBuilder.build(
          lab.name,
          k,
          Journal.readIfExists(Journal.ROOT, lab.name),
          ModelBuilder.readLastRun(lab.name),
          null);
    }
  }

  static LabModel.Namespace ns(LabModel m, String name) {
    return m.namespaces().stream()
        .filter(n -> n.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no namespace " + name + " in " + m.namespaces()));
  }

  static LabModel.Interface iface(LabModel.Namespace n, String name) {
    return n.interfaces().stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no interface " + name + " in " + n));
  }

  @Test
  void seedLab() throws IOException {
    lab = new Lab("rm");
    lab.playbook(SeedLabIT.seedPlaybook(lab.name));
    lab.up().expect(0);
    String red = lab.name + "-red";
    String blue = lab.name + "-blue";

    LabModel m = read(lab);
    assertEquals(lab.name, m.lab());
    assertEquals(lab.host, m.hostNetns());
    assertNotNull(m.generatedAt());
    assertEquals(
        List.of(lab.host, blue, red),
        m.namespaces().stream().map(LabModel.Namespace::name).toList());
    LabModel.Namespace host = m.namespaces().get(0);
    assertTrue(host.isHost());
    assertEquals("1", host.forwarding());
    assertEquals(
        List.of("v-net-0", "veth-blue-br", "veth-red-br"),
        host.interfaces().stream().map(LabModel.Interface::name).toList(),
        "the host shows the lab's links, not its lo");
    assertEquals("192.168.15.5/24", iface(host, "v-net-0").addresses().get(0));
    assertEquals("bridge", iface(host, "v-net-0").kind());
    assertEquals("v-net-0", iface(host, "veth-red-br").master());
    assertEquals(new Endpoint(red, "veth-red"), iface(host, "veth-red-br").peer());
    assertTrue(
        host.routes().contains(new LabModel.Route("192.168.15.0/24", null, "v-net-0")),
        host.routes().toString());

    for (String[] want :
        new String[][] {
          {red, "veth-red", "192.168.15.1/24"}, {blue, "veth-blue", "192.168.15.2/24"}
        }) {
      LabModel.Namespace n = ns(m, want[0]);
      assertFalse(n.isHost());
      assertEquals(
          List.of("lo", want[1]), n.interfaces().stream().map(LabModel.Interface::name).toList());
      LabModel.Interface lo = iface(n, "lo");
      assertEquals("loopback", lo.kind());
      assertEquals("UP", lo.state());
      assertTrue(lo.addresses().contains("127.0.0.1/8"), lo.toString());
      LabModel.Interface v = iface(n, want[1]);
      assertEquals("veth", v.kind());
      assertEquals("UP", v.state());
      assertEquals(want[2], v.addresses().get(0));
      assertEquals(new Endpoint(null, want[1] + "-br"), v.peer());
      // The oracle: ip agrees on the MAC.
      assertEquals(TestNet.link(want[0], want[1]).path("address").asText(), v.mac());
      assertTrue(
          n.routes().contains(new LabModel.Route("default", "192.168.15.5", want[1])),
          n.routes().toString());
      assertTrue(
          n.routes().contains(new LabModel.Route("192.168.15.0/24", null, want[1])),
          n.routes().toString());
      assertEquals(TestNet.sysctl(want[0], "net.ipv4.ip_forward"), n.forwarding());
    }

    assertEquals(1, m.bridges().size(), m.bridges().toString());
    LabModel.Bridge br = m.bridges().get(0);
    assertNull(br.netns());
    assertEquals("v-net-0", br.name());
    assertEquals(List.of("veth-blue-br", "veth-red-br"), br.ports());
    assertEquals(iface(host, "v-net-0").addresses(), br.addresses());
    assertEquals(2, m.vethPairs().size(), m.vethPairs().toString());
    LabModel.VethPair p0 = m.vethPairs().get(0);
    assertEquals(new Endpoint(null, "veth-blue-br"), p0.a());
    assertEquals(new Endpoint(blue, "veth-blue"), p0.b());
    assertEquals("192.168.15.2/24", p0.bAddresses().get(0));
    LabModel.VethPair p1 = m.vethPairs().get(1);
    assertEquals(new Endpoint(null, "veth-red-br"), p1.a());
    assertEquals(new Endpoint(red, "veth-red"), p1.b());

    assertEquals(
        List.of(
            new LabModel.Nat(
                null, "nsplay-" + lab.name, List.of("masquerade 192.168.15.0/24 out eth0"), "1")),
        m.nat());

    LabModel.LastRun last = m.lastRun();
    assertNotNull(last);
    assertEquals(18, last.tasks().size());
    assertEquals(3, last.ok());
    assertEquals(15, last.changed());
    assertEquals(0, last.failed());
    assertEquals("namespace red", last.tasks().get(0).task());
    assertNull(m.matrix());

    // The matrix: both ways between red and blue, and to the gateway.
    LabModel.Matrix x;
    try (LiveKernel k = new LiveKernel(lab.host)) {
      x = Probe.probe(k, m, null, 1000);
    }
    assertEquals(List.of(blue, red), x.sources());
    assertEquals(
        List.of("192.168.15.5", "192.168.15.2", "192.168.15.1"),
        x.targets().stream().map(LabModel.Target::address).toList());
    assertEquals(new LabModel.Target("192.168.15.5", null, "v-net-0"), x.targets().get(0));
    for (List<LabModel.Cell> row : x.cells()) {
      for (LabModel.Cell c : row) {
        assertTrue(c.reachable(), x.toString());
        assertTrue(c.rttMs() >= 0, x.toString());
        assertNull(c.expected());
      }
    }
    LabModel withMatrix = ModelBuilder.withMatrix(m, x);
    assertEquals(x, withMatrix.matrix());
  }

  @Test
  void unreachableWithoutARoute() throws IOException {
    lab = new Lab("rmu");
    String text =
        Files.readString(SeedLabIT.playbooks().resolve("veth-pair.yml"))
            .replace("name: veth-pair", "name: " + lab.name)
            .replaceAll(
                "(?<=(name|netns|from|peer_netns): )(red|blue)(?=\\s*[,}\\n])", lab.name + "-$2");
    String green = lab.name + "-green";
    text +=
        String.join(
            "\n",
            "  - name: namespace green, on its own subnet with the host",
            "    netns_add: { name: " + green + " }",
            "  - veth_create: { name: veth-green, netns: " + green + ", peer: green-h }",
            "  - addr_assign: { link: veth-green, address: 10.9.0.2/24, netns: " + green + " }",
            "  - addr_assign: { link: green-h, address: 10.9.0.1/24 }",
            "");
    lab.playbook(text);
    lab.up().expect(0);
    String red = lab.name + "-red";
    String blue = lab.name + "-blue";

    LabModel m = read(lab);
    assertEquals(
        List.of(lab.host, blue, green, red),
        m.namespaces().stream().map(LabModel.Namespace::name).toList());
    assertEquals(new Endpoint(blue, "veth-blue"), iface(ns(m, red), "veth-red").peer());
    assertEquals(new Endpoint(red, "veth-red"), iface(ns(m, blue), "veth-blue").peer());
    assertEquals(List.of(), m.bridges());
    assertEquals(List.of(), m.nat());
    assertEquals(2, m.vethPairs().size(), m.vethPairs().toString());

    LabModel.Matrix x;
    try (LiveKernel k = new LiveKernel(lab.host)) {
      x = Probe.probe(k, m, null, 300);
    }
    assertEquals(List.of(blue, green, red), x.sources());
    assertTrue(cell(x, red, "192.168.15.2").reachable(), x.toString());
    assertTrue(cell(x, green, "10.9.0.1").reachable(), x.toString());
    LabModel.Cell noRoute = cell(x, red, "10.9.0.2");
    assertFalse(noRoute.reachable(), x.toString());
    assertEquals(-1, noRoute.rttMs());
    assertFalse(cell(x, green, "192.168.15.1").reachable(), x.toString());
    // JSON of the whole model is what reports get; it must be plain.
    JsonNode plain =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .valueToTree(nsplay.report.Models.toMap(ModelBuilder.withMatrix(m, x)));
    assertEquals(3, plain.path("matrix").path("cells").size());
  }

  static LabModel.Cell cell(LabModel.Matrix x, String from, String to) {
    int r = x.sources().indexOf(from);
    for (int c = 0; c < x.targets().size(); c++) {
      if (x.targets().get(c).address().equals(to)) {
        return x.cells().get(r).get(c);
      }
    }
    throw new AssertionError("no target " + to + " in " + x.targets());
  }
}

package nsplay.report;

import java.util.ArrayList;
import java.util.List;
import nsplay.report.LabModel.Bridge;
import nsplay.report.LabModel.Cell;
import nsplay.report.LabModel.Endpoint;
import nsplay.report.LabModel.Interface;
import nsplay.report.LabModel.LastRun;
import nsplay.report.LabModel.Matrix;
import nsplay.report.LabModel.Namespace;
import nsplay.report.LabModel.Nat;
import nsplay.report.LabModel.Route;
import nsplay.report.LabModel.Target;
import nsplay.report.LabModel.TaskRun;
import nsplay.report.LabModel.VethPair;

/** Lab models built by hand: the seed lab as `nsplay up playbooks/seed-lab.yml` leaves it. */
final class Fixtures {
  private Fixtures() {}

  static final String NAT_RULE =
      "ip saddr 192.168.15.0/24 oifname \"eth0\" masquerade comment \"nsplay:seed\"";

  static LabModel seed() {
    return seed("red", "blue");
  }

  /** The seed lab with its namespaces renamed (to try names that need escaping). */
  static LabModel seed(String red, String blue) {
    Namespace host =
        new Namespace(
            "host",
            true,
            List.of(
                new Interface(
                    "eth0",
                    "device",
                    "UP",
                    "52:54:00:12:34:56",
                    null,
                    null,
                    List.of("10.0.2.15/24")),
                new Interface(
                    "v-net-0",
                    "bridge",
                    "UP",
                    "2e:37:42:79:c6:a0",
                    null,
                    null,
                    List.of("192.168.15.5/24")),
                new Interface(
                    "veth-red-br",
                    "veth",
                    "UP",
                    "42:04:1e:ae:15:63",
                    "v-net-0",
                    new Endpoint(red, "veth-red"),
                    List.of()),
                new Interface(
                    "veth-blue-br",
                    "veth",
                    "UP",
                    "2e:37:42:79:c6:a0",
                    "v-net-0",
                    new Endpoint(blue, "veth-blue"),
                    List.of())),
            List.of(
                new Route("default", "10.0.2.2", "eth0"),
                new Route("192.168.15.0/24", null, "v-net-0")),
            "1");
    return new LabModel(
        "seed",
        null,
        "2026-11-29T15:41:07Z",
        List.of(
            host,
            netns(red, "veth-red", "2e:60:0a:7f:3f:86", "192.168.15.1/24", "veth-red-br"),
            netns(blue, "veth-blue", "8a:1c:5e:02:9b:11", "192.168.15.2/24", "veth-blue-br")),
        List.of(
            new Bridge(
                null,
                "v-net-0",
                List.of("veth-red-br", "veth-blue-br"),
                List.of("192.168.15.5/24"))),
        List.of(
            new VethPair(
                new Endpoint(red, "veth-red"),
                List.of("192.168.15.1/24"),
                new Endpoint(null, "veth-red-br"),
                List.of()),
            new VethPair(
                new Endpoint(blue, "veth-blue"),
                List.of("192.168.15.2/24"),
                new Endpoint(null, "veth-blue-br"),
                List.of())),
        List.of(new Nat(null, "nsplay-seed", List.of(NAT_RULE), "1")),
        lastRun(),
        new Matrix(
            List.of(red, blue),
            List.of(
                new Target("192.168.15.1", red, "veth-red"),
                new Target("192.168.15.2", blue, "veth-blue"),
                new Target("192.168.15.5", "host", "v-net-0")),
            List.of(
                List.of(
                    new Cell(true, 0.012, null),
                    new Cell(true, 0.038, "reachable"),
                    new Cell(true, 0.017, "reachable")),
                List.of(
                    new Cell(true, 0.018, "reachable"),
                    new Cell(true, 0.009, null),
                    new Cell(true, 0.021, null)))));
  }

  private static Namespace netns(String name, String veth, String mac, String addr, String peer) {
    return new Namespace(
        name,
        false,
        List.of(
            new Interface(
                "lo", "loopback", "UP", "00:00:00:00:00:00", null, null, List.of("127.0.0.1/8")),
            new Interface(veth, "veth", "UP", mac, null, new Endpoint(null, peer), List.of(addr))),
        List.of(
            new Route("default", "192.168.15.5", veth), new Route("192.168.15.0/24", null, veth)),
        "0");
  }

  private static LastRun lastRun() {
    String[][] tasks = {
      {"namespace red", "changed", "4"},
      {"namespace blue", "changed", "3"},
      {"bridge v-net-0 on the host", "changed", "2"},
      {"gateway address on the bridge", "changed", "1"},
      {"veth pair red <-> bridge", "changed", "6"},
      {"veth pair blue <-> bridge", "changed", "5"},
      {"attach veth-red-br to the bridge", "changed", "1"},
      {"attach veth-blue-br to the bridge", "changed", "1"},
      {"address of red", "changed", "1"},
      {"address of blue", "changed", "1"},
      {"loopback up in red", "changed", "0"},
      {"loopback up in blue", "changed", "0"},
      {"default route of red", "changed", "1"},
      {"default route of blue", "changed", "1"},
      {"masquerade the lab's subnet out of eth0", "changed", "3"},
      {"red reaches blue", "ok", "1003"},
      {"blue reaches red", "ok", "1002"},
      {"red reaches its gateway", "ok", "1002"},
    };
    String[] messages = {
      "red -> 192.168.15.2: 3/3 replies, rtt min 0.038 ms",
      "blue -> 192.168.15.1: 3/3 replies, rtt min 0.018 ms",
      "red -> 192.168.15.5: 3/3 replies, rtt min 0.017 ms"
    };
    List<TaskRun> runs = new ArrayList<>();
    for (int i = 0; i < tasks.length; i++) {
      String msg = i >= 15 ? messages[i - 15] : null;
      runs.add(new TaskRun(tasks[i][0], null, tasks[i][1], Long.parseLong(tasks[i][2]), msg));
    }
    return new LastRun("2026-11-29T15:40:58Z", runs, 3, 15, 0, 0);
  }

  /** A lab of {@code n} namespaces ns01.. on one host bridge; not probed, never run. */
  static LabModel many(int n) {
    List<Namespace> spaces = new ArrayList<>();
    List<VethPair> pairs = new ArrayList<>();
    List<String> ports = new ArrayList<>();
    List<Interface> hostIfs = new ArrayList<>();
    hostIfs.add(new Interface("br0", "bridge", "UP", "02:00:00:00:00:01", null, null, addr(0)));
    for (int i = 1; i <= n; i++) {
      String ns = String.format("ns%02d", i);
      String port = String.format("v%02d", i);
      String a = String.format("10.0.%d.%d/16", i / 250, i % 250 + 1);
      spaces.add(
          new Namespace(
              ns,
              false,
              List.of(
                  new Interface(
                      "eth0",
                      "veth",
                      "UP",
                      String.format("02:00:00:00:01:%02x", i),
                      null,
                      new Endpoint(null, port),
                      List.of(a))),
              List.of(new Route("default", "10.0.255.254", "eth0")),
              null));
      hostIfs.add(
          new Interface(
              port,
              "veth",
              "UP",
              String.format("02:00:00:00:02:%02x", i),
              "br0",
              new Endpoint(ns, "eth0"),
              List.of()));
      ports.add(port);
      pairs.add(
          new VethPair(new Endpoint(ns, "eth0"), List.of(a), new Endpoint(null, port), List.of()));
    }
    spaces.add(0, new Namespace("host", true, hostIfs, List.of(), "1"));
    return new LabModel(
        "many",
        null,
        "2026-11-29T16:00:00Z",
        spaces,
        List.of(new Bridge(null, "br0", ports, addr(0))),
        pairs,
        List.of(),
        null,
        null);
  }

  private static List<String> addr(int i) {
    return i == 0 ? List.of("10.0.255.254/16") : List.of();
  }

  /**
   * The seed lab as the kernel has it: every interface, bridge and veth end also holds an fe80::
   * link-local address.
   */
  static LabModel seedWithLinkLocal() {
    LabModel s = seed();
    int[] n = {0};
    java.util.function.Function<List<String>, List<String>> plus =
        l -> {
          List<String> out = new ArrayList<>(l);
          out.add("fe80::" + Integer.toHexString(++n[0]) + "/64");
          return List.copyOf(out);
        };
    List<Namespace> namespaces =
        s.namespaces().stream()
            .map(
                ns ->
                    new Namespace(
                        ns.name(),
                        ns.isHost(),
                        ns.interfaces().stream()
                            .map(
                                i ->
                                    "lo".equals(i.name())
                                        ? i
                                        : new Interface(
                                            i.name(),
                                            i.kind(),
                                            i.state(),
                                            i.mac(),
                                            i.master(),
                                            i.peer(),
                                            plus.apply(i.addresses())))
                            .toList(),
                        ns.routes(),
                        ns.forwarding()))
            .toList();
    List<Bridge> bridges =
        s.bridges().stream()
            .map(b -> new Bridge(b.netns(), b.name(), b.ports(), plus.apply(b.addresses())))
            .toList();
    List<VethPair> pairs =
        s.vethPairs().stream()
            .map(
                p ->
                    new VethPair(
                        p.a(), plus.apply(p.aAddresses()), p.b(), plus.apply(p.bAddresses())))
            .toList();
    return new LabModel(
        s.lab(),
        s.hostNetns(),
        s.generatedAt(),
        namespaces,
        bridges,
        pairs,
        s.nat(),
        s.lastRun(),
        s.matrix());
  }
}

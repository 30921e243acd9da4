package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nsplay.net.Pcap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Packet capture against the real kernel: {@code nsplay capture} as a child process writes what a
 * known number of pings sent over a veth pair, which tshark (the oracle) and the test's own reading
 * of the file both find; SIGINT mid-capture leaves a whole file; the {@code capture} task records
 * the run, or, kept, runs until down, which stops it. The pair has no IPv6 and static neighbours,
 * so that the pings are the only frames on it.
 */
class CaptureIT {
  private Lab lab;
  private Path dir;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void cleanup() throws IOException {
    children.forEach(Process::destroyForcibly);
    if (lab != null) {
      lab.close();
      assertEquals(List.of(), ServiceIT.processesOf(lab.name), "processes left after down");
    }
    if (dir != null) {
      try (var s = Files.list(dir)) {
        for (Path p : s.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  private static final String PAIR =
      "name: {lab}\n"
          + "tasks:\n"
          + "  - netns_add: { name: {lab}-a }\n"
          + "  - netns_add: { name: {lab}-b }\n"
          + "  - veth_create: { name: v-a, netns: {lab}-a, peer: v-b, peer_netns: {lab}-b,"
          + " ipv6: false }\n"
          + "  - addr_assign: { link: v-a, netns: {lab}-a, address: 10.77.0.1/24 }\n"
          + "  - addr_assign: { link: v-b, netns: {lab}-b, address: 10.77.0.2/24 }\n";

  private void pair(String tag, String moreTasks) throws IOException {
    lab = new Lab(tag);
    dir = Files.createTempDirectory("nsplay-capture");
    lab.playbook(PAIR + moreTasks.replace("{dir}", dir.toString()));
  }

  /** Each end knows the other's MAC for good: no ARP on the pair. */
  private void staticNeighbours() {
    String macA = TestNet.link(lab.name + "-a", "v-a").get("address").asText();
    String macB = TestNet.link(lab.name + "-b", "v-b").get("address").asText();
    TestNet.run(
        "ip",
        "-n",
        lab.name + "-a",
        "neigh",
        "replace",
        "10.77.0.2",
        "lladdr",
        macB,
        "dev",
        "v-a",
        "nud",
        "permanent");
    TestNet.run(
        "ip",
        "-n",
        lab.name + "-b",
        "neigh",
        "replace",
        "10.77.0.1",
        "lladdr",
        macA,
        "dev",
        "v-b",
        "nud",
        "permanent");
  }

  private void ping(int count) {
    TestNet.run(
        "ip",
        "netns",
        "exec",
        lab.name + "-a",
        "ping",
        "-c",
        Integer.toString(count),
        "-i",
        "0.2",
        "-W",
        "2",
        "10.77.0.2");
  }

  /**
   * {@code nsplay capture ARGS} from the built jar, as a child process with SIGINT at its default
   * (a JVM started with SIGINT ignored, as a background job of a script is, keeps ignoring it); its
   * stderr to {@code err}. Returns once it says it is listening.
   */
  private Process capture(Path err, String... args) throws Exception {
    return capture(ProcessBuilder.Redirect.DISCARD, err, args);
  }

  private Process capture(ProcessBuilder.Redirect out, Path err, String... args) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "/usr/bin/python3",
                "-c",
                "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL);"
                    + " os.execv(sys.argv[1], sys.argv[1:])",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-jar",
                Lab.jarPath(),
                "capture"));
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(out)
            .redirectError(err.toFile())
            .start();
    children.add(p);
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.readString(err).contains("listening on ")) {
      assertTrue(p.isAlive(), () -> "the capture ended: " + read(err));
      assertTrue(System.nanoTime() < deadline, () -> "not listening after 60 s: " + read(err));
      Thread.sleep(50);
    }
    return p;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /** tshark's reading: one {@code SRC DST ICMP-TYPE} line per frame. */
  private static List<String> tshark(Path pcap) {
    TestNet.Result r =
        TestNet.exec(
            "tshark",
            "-r",
            pcap.toString(),
            "-T",
            "fields",
            "-e",
            "ip.src",
            "-e",
            "ip.dst",
            "-e",
            "icmp.type");
    assertEquals(0, r.code(), () -> "tshark: " + r.err());
    return r.out().lines().map(l -> l.replace('\t', ' ')).toList();
  }

  /** The same read by the test: IPv4 source, destination and ICMP type of each frame. */
  private static List<String> decode(Pcap.File f) {
    List<String> out = new ArrayList<>();
    for (Pcap.Record r : f.records()) {
      byte[] d = r.data();
      assertEquals(0x0800, ((d[12] & 0xff) << 8) | (d[13] & 0xff), "IPv4 in Ethernet");
      assertEquals(1, d[14 + 9], "ICMP");
      out.add(ip(d, 14 + 12) + " " + ip(d, 14 + 16) + " " + (d[14 + ((d[14] & 0x0f) * 4)] & 0xff));
      assertEquals(r.length(), d.length, "whole frames");
    }
    return out;
  }

  private static String ip(byte[] d, int at) {
    return (d[at] & 0xff)
        + "."
        + (d[at + 1] & 0xff)
        + "."
        + (d[at + 2] & 0xff)
        + "."
        + (d[at + 3] & 0xff);
  }

  private static List<String> pings(int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add("10.77.0.1 10.77.0.2 8");
      out.add("10.77.0.2 10.77.0.1 0");
    }
    return out;
  }

  @Test
  void writesWhatThePingsSentAsTsharkReadsIt() throws Exception {
    pair("cap", "");
    lab.up().expect(0);
    staticNeighbours();
    Path file = dir.resolve(lab.name + ".pcap");
    Path err = dir.resolve("err");
    long before = System.currentTimeMillis() / 1000;
    Process p = capture(err, lab.name + "-a", "v-a", "-w", file.toString(), "-c", "6");
    ping(3);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> "still capturing: " + read(err));
    assertEquals(0, p.exitValue(), () -> read(err));
    assertTrue(read(err).contains("\n6 packets captured\n"), read(err));

    assertEquals(pings(3), tshark(file));
    Pcap.File f = Pcap.read(Files.readAllBytes(file));
    assertEquals(Pcap.LINKTYPE_ETHERNET, f.linkType());
    assertFalse(f.cut());
    assertEquals(pings(3), decode(f));
    long last = 0;
    for (Pcap.Record r : f.records()) {
      assertEquals(98, r.length(), "ping's 56 bytes + ICMP, IP and Ethernet headers");
      long t = r.seconds() * 1_000_000 + r.micros();
      assertTrue(t >= last, "in time order");
      assertTrue(r.seconds() >= before && r.seconds() <= before + 60, "the kernel's time");
      last = t;
    }
  }

  @Test
  void dashWritesPcapToStandardOutput() throws Exception {
    pair("capo", "");
    lab.up().expect(0);
    staticNeighbours();
    Path out = dir.resolve(lab.name + ".stdout");
    Path err = dir.resolve("err");
    Process p =
        capture(
            ProcessBuilder.Redirect.to(out.toFile()),
            err,
            lab.name + "-b",
            "v-b",
            "-w",
            "-",
            "-c",
            "4");
    ping(2);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> "still capturing: " + read(err));
    assertEquals(0, p.exitValue(), () -> read(err));
    assertEquals(pings(2), decode(Pcap.read(Files.readAllBytes(out))), "only pcap on stdout");
    assertEquals(pings(2), tshark(out));
  }

  @Test
  void sigintMidCaptureLeavesAWholeFile() throws Exception {
    pair("capi", "");
    lab.up().expect(0);
    staticNeighbours();
    Path file = dir.resolve(lab.name + ".pcap");
    Path err = dir.resolve("err");
    Process p = capture(err, lab.name + "-a", "v-a", "-w", file.toString());
    ping(2);
    TestNet.run("kill", "-INT", Long.toString(p.pid()));
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> "SIGINT did not end it: " + read(err));
    assertTrue(read(err).contains("\n4 packets captured\n"), read(err));
    Pcap.File f = Pcap.read(Files.readAllBytes(file));
    assertFalse(f.cut(), "no record cut short");
    assertEquals(pings(2), decode(f));
    assertEquals(pings(2), tshark(file));
  }

  @Test
  void withoutAFileOneLinePerFrame() throws Exception {
    pair("capl", "");
    lab.up().expect(0);
    staticNeighbours();
    Path out = dir.resolve("out");
    Path err = dir.resolve("err");
    // In this JVM: the command's text output, as a user sees it.
    Thread t =
        new Thread(
            () -> {
              Lab.Run r = Lab.cli("capture", lab.name + "-b", "v-b", "-c", "2", "--lab", lab.name);
              try {
                Files.writeString(out, r.out());
                Files.writeString(err, r.err());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    t.start();
    // The command's own socket opens within a moment; ping until it has seen two frames.
    for (int i = 0; i < 50 && t.isAlive(); i++) {
      ping(1);
    }
    t.join(30_000);
    List<String> lines = Files.readString(out).lines().toList();
    assertEquals(2, lines.size(), Files.readString(out) + Files.readString(err));
    assertTrue(
        lines
            .get(0)
            .matches(
                "\\d\\d:\\d\\d:\\d\\d\\.\\d{6} In  IP 10\\.77\\.0\\.1 > 10\\.77\\.0\\.2:"
                    + " ICMP echo request, id \\d+, seq \\d+, length 98"),
        lines.get(0));
    assertTrue(
        lines.get(1).contains(" Out IP 10.77.0.2 > 10.77.0.1: ICMP echo reply"), lines.get(1));
    assertTrue(Files.readString(err).endsWith("2 packets captured\n"), Files.readString(err));
  }

  @Test
  void onlyLinksOfALabThatIsUp() throws Exception {
    pair("capn", "");
    lab.up().expect(0);
    Lab.Run r = Lab.cli("capture", lab.name + "-a", "nosuch", "-c", "1");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("no link nosuch in " + lab.name + "-a"), r.err());
    Lab.Run foreign = Lab.cli("capture", lab.host, "lo", "-c", "1");
    assertEquals(2, foreign.code(), foreign.err());
    assertTrue(foreign.err().contains("is not a link of a lab that is up"), foreign.err());
  }

  @Test
  void theTaskRecordsTheRunAndAKeptOneRunsUntilDown() throws Exception {
    pair(
        "capt",
        "  - capture: { netns: {lab}-a, link: v-a, file: {dir}/run.pcap }\n"
            + "  - capture: { netns: {lab}-b, link: v-b, file: {dir}/kept.pcap, keep: true }\n"
            + "  - ping: { from: {lab}-a, to: 10.77.0.2, count: 3 }\n");
    Path run = dir.resolve("run.pcap");
    Path kept = dir.resolve("kept.pcap");
    Lab.Run first = lab.upTwice();
    assertTrue(first.out().contains("to " + run + " until the end of this run"), first.out());
    // The run's capture ended with its up, leaving a whole file with the pings in it.
    assertEquals(List.of(), ServiceIT.processesOf(run.toString()), "the run's capture");
    Pcap.File f = Pcap.read(Files.readAllBytes(run));
    assertFalse(f.cut());
    List<String> icmp = tshark(run).stream().filter(l -> l.matches(".* [08]")).toList();
    assertEquals(
        pings(3),
        icmp,
        () ->
            "the second up's pings; tshark: "
                + tshark(run)
                + "\n"
                + Lab.cli("logs", "--lab", lab.name, "capture-" + lab.name + "-a-v-a").out());

    // The kept one runs on, one process, judged by status; killed, it is dead and up restarts it.
    List<Long> pids = ServiceIT.processesOf(kept.toString());
    assertEquals(1, pids.size(), pids::toString);
    String status = Lab.cli("status", "-v", "--lab", lab.name).out();
    assertTrue(
        status.contains("capture v-b to " + kept + " in " + lab.name + "-b: running"), status);
    TestNet.run("kill", "-9", Long.toString(pids.get(0)));
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (!ServiceIT.processesOf(kept.toString()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    Lab.Run dead = Lab.cli("status", "-v", "--lab", lab.name);
    assertEquals(1, dead.code(), dead.out());
    assertTrue(dead.out().contains("to " + kept + " in " + lab.name + "-b: dead"), dead.out());
    Lab.Run again = lab.up().expect(0);
    assertTrue(again.recap().contains(" changed=1 "), again.out());
    assertEquals(1, ServiceIT.processesOf(kept.toString()).size());

    Lab.Run down = lab.down().expect(0);
    assertTrue(
        down.out().contains("REMOVE [capture of v-b in " + lab.name + "-b to " + kept + " (pid "),
        down.out());
    assertTrue(down.out().contains("... stopped"), down.out());
    assertEquals(List.of(), ServiceIT.processesOf(lab.name), "no process left");
    // Stopped by SIGTERM, it closed its file: the third up's pings are in it, whole.
    Pcap.File k = Pcap.read(Files.readAllBytes(kept));
    assertFalse(k.cut());
    assertEquals(pings(3), tshark(kept).stream().filter(l -> l.matches(".* [08]")).toList());
    lab.assertGone();
  }
}

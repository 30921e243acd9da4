package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Runs last (failsafe orders test classes by @Order): nothing carrying this run's prefix may be
 * left on the machine, whatever the tests before did: no namespace, no link in the machine's own
 * namespace, no nft table, no lab state, no folder in /etc/netns, no copy of the native library in
 * the temp directory.
 */
@Order(Integer.MAX_VALUE)
@Tag(StockKernel.TAG)
class LeakCheckIT {
  @Test
  void nothingOfThisRunIsLeft() throws IOException {
    String p = TestNet.PREFIX;
    assertEquals(
        List.of(),
        TestNet.netnsList().stream().filter(n -> n.startsWith(p)).toList(),
        "namespaces");
    assertEquals(
        List.of(),
        TestNet.linkNames(null).stream().filter(n -> n.contains(p)).toList(),
        "links on the machine");
    String tables = TestNet.exec("nft", "list", "tables").out();
    assertEquals(List.of(), tables.lines().filter(l -> l.contains(p)).toList(), "nft tables");
    // Every nsplay process of this run (as root and as nobody) removed its copy of the library.
    long start = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      assertEquals(
          List.of(),
          s.filter(x -> x.getFileName().toString().startsWith("libnsplay-"))
              .filter(x -> x.toFile().lastModified() >= start)
              .map(Path::toString)
              .toList(),
          "copies of libnsplay in the temp directory");
    }
    // Every process the tests started in a namespace (services, exec) carries the prefix among
    // its arguments; none may outlive its test.
    assertEquals(List.of(), ServiceIT.processesOf(p), "processes started by the tests");
    // A namespace's own /etc files (hosts_file, resolv_conf, and the tests' own) go with it.
    Path etcNetns = Path.of("/etc/netns");
    if (Files.isDirectory(etcNetns)) {
      try (Stream<Path> s = Files.list(etcNetns)) {
        assertEquals(
            List.of(),
            s.map(x -> x.getFileName().toString()).filter(n -> n.startsWith(p)).toList(),
            "folders in /etc/netns");
      }
    }
    Path state = Path.of("/run/nsplay");
    if (Files.isDirectory(state)) {
      try (Stream<Path> s = Files.list(state)) {
        assertEquals(
            List.of(),
            s.map(x -> x.getFileName().toString()).filter(n -> n.startsWith(p)).toList(),
            "lab state in /run/nsplay");
      }
    }
  }
}

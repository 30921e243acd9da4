package nsplay.jni;

import static nsplay.jni.Oracle.RUN_NETNS;
import static nsplay.jni.Oracle.THREAD_NETNS;
import static nsplay.jni.Oracle.ino;
import static nsplay.jni.Oracle.ipNetnsExec;
import static nsplay.jni.Oracle.ipNetnsList;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The native core against the real kernel (root). Every namespace made here is named with a per-run
 * prefix and removed afterwards; {@code ip} serves as the independent oracle.
 */
class SysIT {
  static final String PREFIX = Oracle.newPrefix();
  static final String IP_FORWARD = "/proc/sys/net/ipv4/ip_forward";

  private final List<Path> made = new ArrayList<>();
  private long hostIno;

  @BeforeEach
  void rememberHome() {
    hostIno = ino(THREAD_NETNS);
  }

  @AfterEach
  void cleanUpAndCheckHome() {
    for (Path p : made) {
      try {
        Sys.netnsDelete(p);
      } catch (NativeException e) {
        if (e.errno() != Errno.ENOENT) {
          throw e;
        }
      }
    }
    assertEquals(hostIno, ino(THREAD_NETNS), "the test thread must still be in its namespace");
  }

  @AfterAll
  static void nothingLeftBehind() {
    for (String name : ipNetnsList()) {
      assertFalse(name.startsWith(PREFIX), "left behind: " + name);
    }
  }

  private Path newNs(String suffix) {
    Path p = RUN_NETNS.resolve(PREFIX + suffix);
    made.add(p);
    addNamed(p);
    assertEquals(hostIno, ino(THREAD_NETNS), "netnsNew must return the thread home");
    return p;
  }

  /** A new namespace named {@code path}, as the product makes one (LiveKernel.netnsAdd). */
  private static void addNamed(Path path) {
    int fd = Sys.netnsNew();
    try {
      Sys.netnsName(fd, path);
    } finally {
      Sys.close(fd);
    }
  }

  // ---- named namespaces ----

  @Test
  void aNamedNamespaceIsOneThatIpSees() {
    Path ns = newNs("a");
    String name = ns.getFileName().toString();
    assertTrue(ipNetnsList().contains(name), "ip netns list shows " + name);

    String json = ipNetnsExec(name, "ip", "-j", "link");
    List<String> names = new ArrayList<>();
    Matcher m = Pattern.compile("\"ifname\":\"([^\"]+)\"").matcher(json);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertEquals(List.of("lo"), names, json);
  }

  @Test
  void theFileIsBoundToANewNamespace() {
    Path ns = newNs("b");
    long nsIno = ino(ns);
    assertNotEquals(hostIno, nsIno);
    String seen =
        ipNetnsExec(ns.getFileName().toString(), "stat", "-L", "-c", "%i", "/proc/self/ns/net");
    assertEquals(nsIno, Long.parseLong(seen.trim()));
  }

  @Test
  void addingTwiceFailsWithEexistAndKeepsTheFirst() {
    Path ns = newNs("c");
    long first = ino(ns);
    NativeException e = assertThrows(NativeException.class, () -> addNamed(ns));
    assertEquals(Errno.EEXIST, e.errno());
    assertEquals("EEXIST", e.errnoName());
    assertTrue(e.getMessage().startsWith("netns add " + ns + ": "), e.getMessage());
    assertEquals(first, ino(ns), "the existing namespace is untouched");
  }

  @Test
  void deleteRemovesItAndASecondDeleteIsEnoent() {
    Path ns = newNs("d");
    Sys.netnsDelete(ns);
    assertFalse(ipNetnsList().contains(ns.getFileName().toString()));
    assertFalse(Files.exists(ns));
    NativeException e = assertThrows(NativeException.class, () -> Sys.netnsDelete(ns));
    assertEquals(Errno.ENOENT, e.errno());
  }

  @Test
  void aNameBeyondTheBasicPlaneReachesTheFileSystemAsUtf8() {
    // U+1F600 (4 bytes in UTF-8): JNI's modified UTF-8 would make it two 3-byte surrogates.
    String name = PREFIX + "-\uD83D\uDE00-\u00E9";
    byte[] expected = (name + "\n").getBytes(StandardCharsets.UTF_8);
    assertEquals(PREFIX.length() + 1 + 4 + 1 + 2 + 1, expected.length);
    Path ns = newNs("-\uD83D\uDE00-\u00E9");
    assertTrue(
        contains(Oracle.runBytes("ls", "-1", RUN_NETNS.toString()), expected), "ls shows it");
    assertTrue(ipNetnsList().contains(name), "ip netns list shows it");
    assertTrue(Files.exists(ns), "java.nio.file finds it under the same name");
    Sys.netnsDelete(ns);
    assertFalse(contains(Oracle.runBytes("ls", "-1", RUN_NETNS.toString()), expected), "removed");
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }

  @Test
  void openNsGivesAnFdOnTheNamespace() throws IOException {
    Path ns = newNs("e");
    int fd = Sys.openNs(ns);
    try {
      assertEquals(ino(ns), ino(Path.of("/proc/thread-self/fd/" + fd)));
    } finally {
      Sys.close(fd);
    }
    int self = Sys.openNs(null);
    try {
      assertEquals(hostIno, ino(Path.of("/proc/thread-self/fd/" + self)));
    } finally {
      Sys.close(self);
    }
  }

  // ---- sysctl inside a namespace ----

  @Test
  void sysctlWritesChangeOnlyThatNamespace() throws IOException {
    Path ns = newNs("f");
    String name = ns.getFileName().toString();
    String host = Files.readString(Path.of(IP_FORWARD)).trim();
    assertEquals(host, Sys.readFileIn(null, IP_FORWARD).trim());

    String before = Sys.readFileIn(ns, IP_FORWARD).trim();
    String flipped = before.equals("1") ? "0" : "1";
    Sys.writeFileIn(ns, IP_FORWARD, flipped);

    assertEquals(flipped, Sys.readFileIn(ns, IP_FORWARD).trim());
    assertEquals(flipped, ipNetnsExec(name, "cat", IP_FORWARD).trim());
    assertEquals(host, Files.readString(Path.of(IP_FORWARD)).trim(), "host value unchanged");
  }

  @Test
  void readingAMissingFileIsEnoentAndTheThreadComesHome() {
    Path ns = newNs("g");
    NativeException e =
        assertThrows(
            NativeException.class, () -> Sys.readFileIn(ns, "/proc/sys/net/nsplay/missing"));
    assertEquals(Errno.ENOENT, e.errno());
    assertEquals(hostIno, ino(THREAD_NETNS));
  }

  // ---- sockets inside a namespace ----

  @Test
  void socketInAMissingNamespaceIsEnoent() {
    NativeException e =
        assertThrows(
            NativeException.class,
            () ->
                Sys.socketIn(
                    RUN_NETNS.resolve(PREFIX + "missing"),
                    Errno.AF_NETLINK,
                    Errno.SOCK_RAW,
                    Errno.NETLINK_ROUTE));
    assertEquals(Errno.ENOENT, e.errno());
  }

  @Test
  void aNetlinkSocketInTheNamespaceSeesOnlyItsLinks() {
    Path ns = newNs("h");
    int fd = Sys.socketIn(ns, Errno.AF_NETLINK, Errno.SOCK_RAW, Errno.NETLINK_ROUTE);
    try {
      assertTrue(fd >= 0);
      Sys.setsockoptInt(fd, Errno.SOL_NETLINK, Errno.NETLINK_EXT_ACK, 1);
      Sys.send(fd, Netlink.ifinfo(Netlink.RTM_GETLINK, 0x301, 1, 0, 0, 0));
      assertEquals(List.of("lo"), dumpLinkNames(fd));
    } finally {
      Sys.close(fd);
    }
  }

  @Test
  void aDatagramLargerThanTheBufferIsEmsgsizeAndStaysQueued() {
    Path ns = newNs("i");
    int fd = Sys.socketIn(ns, Errno.AF_NETLINK, Errno.SOCK_RAW, Errno.NETLINK_ROUTE);
    try {
      Sys.send(fd, Netlink.ifinfo(Netlink.RTM_GETLINK, 0x301, 1, 0, 0, 0));
      NativeException e =
          assertThrows(NativeException.class, () -> Sys.recv(fd, new byte[16], 1000));
      assertEquals(Errno.EMSGSIZE, e.errno());
      assertEquals(List.of("lo"), dumpLinkNames(fd));
    } finally {
      Sys.close(fd);
    }
  }

  @Test
  void recvTimesOutOnAnIdleSocket() {
    Path ns = newNs("j");
    int fd = Sys.socketIn(ns, Errno.AF_NETLINK, Errno.SOCK_RAW, Errno.NETLINK_ROUTE);
    try {
      long start = System.nanoTime();
      assertEquals(-1, Sys.recv(fd, new byte[8192], 300));
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertTrue(ms >= 250 && ms < 2000, "took " + ms + " ms");
      assertEquals(-1, Sys.recv(fd, new byte[8192], 0));
    } finally {
      Sys.close(fd);
    }
  }

  @Test
  void rawIcmpEchoOnTheNamespacesLoopback() {
    Path ns = newNs("k");
    int nl = Sys.socketIn(ns, Errno.AF_NETLINK, Errno.SOCK_RAW, Errno.NETLINK_ROUTE);
    try {
      // lo is ifindex 1 in a new namespace; set IFF_UP with an explicit change mask.
      Sys.send(
          nl,
          Netlink.ifinfo(
              Netlink.RTM_NEWLINK,
              Netlink.NLM_F_REQUEST | Netlink.NLM_F_ACK,
              2,
              1,
              Netlink.IFF_UP,
              Netlink.IFF_UP));
      byte[] buf = new byte[8192];
      int n = Sys.recv(nl, buf, 2000);
      ByteBuffer ack = Netlink.wrap(buf, n);
      assertEquals(Netlink.NLMSG_ERROR, ack.getShort(4));
      assertEquals(0, ack.getInt(16), "ack error code");
    } finally {
      Sys.close(nl);
    }

    int icmp = Sys.socketIn(ns, Errno.AF_INET, Errno.SOCK_RAW, Errno.IPPROTO_ICMP);
    try {
      int id = 0x4e53;
      byte[] echo = {8, 0, 0, 0, (byte) (id >> 8), (byte) id, 0, 1, 'n', 's', 'p', 'l'};
      int sum = checksum(echo);
      echo[2] = (byte) (sum >> 8);
      echo[3] = (byte) sum;
      byte[] loopback = {127, 0, 0, 1};
      assertEquals(echo.length, Sys.sendToInet(icmp, echo, 0, echo.length, loopback));

      // The raw socket sees our request too: wait for the reply (type 0) with our id.
      byte[] buf = new byte[2048];
      long deadline = System.nanoTime() + 3_000_000_000L;
      boolean replied = false;
      while (!replied && System.nanoTime() < deadline) {
        int n = Sys.recv(icmp, buf, 500);
        if (n <= 0) {
          continue;
        }
        int ihl = (buf[0] & 0x0f) * 4;
        int type = buf[ihl] & 0xff;
        int gotId = ((buf[ihl + 4] & 0xff) << 8) | (buf[ihl + 5] & 0xff);
        replied = type == 0 && gotId == id;
      }
      assertTrue(replied, "echo reply from 127.0.0.1 inside the namespace");
    } finally {
      Sys.close(icmp);
    }
  }

  private static int checksum(byte[] b) {
    int sum = 0;
    for (int i = 0; i + 1 < b.length; i += 2) {
      sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (b.length % 2 == 1) {
      sum += (b[b.length - 1] & 0xff) << 8;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return ~sum & 0xffff;
  }

  /** Reads an RTM_GETLINK dump to NLMSG_DONE and returns the IFLA_IFNAMEs. */
  private static List<String> dumpLinkNames(int fd) {
    List<String> names = new ArrayList<>();
    byte[] buf = new byte[65536];
    for (; ; ) {
      int n = Sys.recv(fd, buf, 2000);
      assertTrue(n > 0, "dump reply");
      ByteBuffer b = Netlink.wrap(buf, n);
      int pos = 0;
      while (pos + 16 <= n) {
        int len = b.getInt(pos);
        int type = b.getShort(pos + 4);
        if (type == Netlink.NLMSG_DONE) {
          return names;
        }
        assertNotEquals(Netlink.NLMSG_ERROR, type, "netlink error " + b.getInt(pos + 16));
        if (type == Netlink.RTM_NEWLINK) {
          int attr = pos + 16 + 16;
          while (attr + 4 <= pos + len) {
            int alen = b.getShort(attr) & 0xffff;
            int atype = b.getShort(attr + 2) & 0x3fff;
            if (atype == Netlink.IFLA_IFNAME) {
              int end = attr + 4;
              while (end < attr + alen && buf[end] != 0) {
                end++;
              }
              names.add(new String(buf, attr + 4, end - attr - 4, StandardCharsets.US_ASCII));
            }
            attr += (alen + 3) & ~3;
          }
        }
        pos += (len + 3) & ~3;
      }
    }
  }

  // ---- processes inside a namespace ----

  @Test
  void execReturnsTheExitCode() {
    Path ns = newNs("l");
    assertEquals(3, Sys.exec(ns, List.of("/bin/sh", "-c", "exit 3")));
    assertEquals(0, Sys.exec(null, List.of("true")));
  }

  @Test
  void aSpawnedProcessRunsInsideTheNamespace(@TempDir Path tmp) throws IOException {
    Path ns = newNs("m");
    Path out = tmp.resolve("ns.txt");
    int pid = Sys.spawnIn(ns, List.of("sh", "-c", "readlink /proc/self/ns/net > " + out));
    assertEquals(0, Sys.waitPid(pid));
    assertEquals("net:[" + ino(ns) + "]", Files.readString(out).trim());

    Path hostOut = tmp.resolve("host.txt");
    assertEquals(0, Sys.exec(null, List.of("sh", "-c", "readlink /proc/self/ns/net > " + hostOut)));
    assertEquals("net:[" + hostIno + "]", Files.readString(hostOut).trim());
  }

  @Test
  void aSpawnedProgramInheritsNoDescriptorButStdio(@TempDir Path tmp) throws IOException {
    // The JDK opens files without O_CLOEXEC (its own launcher closes them); hold one more.
    try (RandomAccessFile held = new RandomAccessFile(tmp.resolve("held").toFile(), "rw")) {
      assertTrue(held.getFD().valid());
      assertFalse(inheritableFds().isEmpty(), "the JVM has descriptors a child would inherit");
      // The shell passes on whatever it inherited; ls adds one of its own, on /proc/PID/fd.
      Path out = tmp.resolve("fds.txt");
      assertEquals(
          0, Sys.exec(null, List.of("sh", "-c", "ls -l /proc/self/fd > \"$0\"", out.toString())));
      String listing = Files.readString(out);
      Matcher m = Pattern.compile(" (\\d+) -> (.*)$", Pattern.MULTILINE).matcher(listing);
      int seen = 0;
      while (m.find()) {
        seen++;
        if (Integer.parseInt(m.group(1)) > 2) {
          assertTrue(m.group(2).matches("/proc/\\d+/fd"), "inherited:\n" + listing);
        }
      }
      assertTrue(seen >= 3, listing);
    }
  }

  /** The JVM's descriptors above 2 without O_CLOEXEC (octal 02000000 in fdinfo's flags). */
  private static List<Integer> inheritableFds() throws IOException {
    List<Integer> fds = new ArrayList<>();
    try (Stream<Path> infos = Files.list(Path.of("/proc/self/fdinfo"))) {
      for (Path info : infos.toList()) {
        int fd = Integer.parseInt(info.getFileName().toString());
        for (String line : readLinesOrNone(info)) {
          if (fd > 2 && line.startsWith("flags:")) {
            long flags = Long.parseLong(line.substring(6).trim(), 8);
            if ((flags & 02000000) == 0) {
              fds.add(fd);
            }
          }
        }
      }
    }
    return fds;
  }

  /** The lines of a file that may be gone by now (the fd of the listing itself). */
  private static List<String> readLinesOrNone(Path p) {
    try {
      return Files.readAllLines(p);
    } catch (IOException gone) {
      return List.of();
    }
  }

  @Test
  void spawnWithAnEnvironment() {
    int pid = Sys.spawnIn(null, List.of("/bin/sh", "-c", "exit $CODE"), Map.of("CODE", "5"));
    assertEquals(5, Sys.waitPid(pid));
  }

  @Test
  void argumentsAndEnvironmentReachTheProgramAsUtf8(@TempDir Path tmp) throws IOException {
    String text = "x\uD83D\uDE00\u00E9";
    Path arg = tmp.resolve("arg");
    assertEquals(
        0, Sys.exec(null, List.of("sh", "-c", "printf %s \"$1\" > \"$0\"", arg.toString(), text)));
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(arg));

    Path env = tmp.resolve("env");
    int pid =
        Sys.spawnIn(
            null,
            List.of("/bin/sh", "-c", "printf %s \"$V\" > \"$0\"", env.toString()),
            Map.of("V", text));
    assertEquals(0, Sys.waitPid(pid));
    assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), Files.readAllBytes(env));
  }

  @Test
  void aNulInsideOrTextThatIsNotUnicodeIsEinval() {
    // C would cut "a\0b" short; Java's UTF-8 encoder would turn a lone surrogate into '?'.
    for (String bad : List.of("a\0b", "a\uD800b", "a\uDE00")) {
      NativeException e =
          assertThrows(NativeException.class, () -> Sys.spawnIn(null, List.of("echo", bad)));
      assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
      e =
          assertThrows(
              NativeException.class, () -> Sys.spawnIn(null, List.of("true"), Map.of("V", bad)));
      assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
      e = assertThrows(NativeException.class, () -> Sys.readFileIn(null, "/proc/" + bad));
      assertEquals(Errno.EINVAL, e.errno(), e.getMessage());
    }
  }

  @Test
  void spawningAMissingProgramIsEnoent() {
    NativeException e =
        assertThrows(
            NativeException.class, () -> Sys.spawnIn(null, List.of("/nonexistent/nsplay-x")));
    assertEquals(Errno.ENOENT, e.errno());
  }

  @Test
  void aKilledChildReports128PlusSignal() {
    int pid = Sys.spawnIn(null, List.of("sleep", "30"));
    Sys.killPid(pid, Errno.SIGKILL);
    assertEquals(128 + Errno.SIGKILL, Sys.waitPid(pid));
    NativeException e = assertThrows(NativeException.class, () -> Sys.waitPid(pid));
    assertEquals(Errno.ECHILD, e.errno());
  }

  // ---- threads ----

  @Test
  void concurrentThreadsAllComeHome() throws Exception {
    int threads = 8;
    int perThread = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Long>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        for (int i = 0; i < perThread; i++) {
          Path ns = RUN_NETNS.resolve(PREFIX + "t" + thread + "x" + i);
          made.add(ns);
          results.add(
              pool.submit(
                  () -> {
                    long home = ino(THREAD_NETNS);
                    addNamed(ns);
                    int fd =
                        Sys.socketIn(ns, Errno.AF_NETLINK, Errno.SOCK_RAW, Errno.NETLINK_ROUTE);
                    Sys.close(fd);
                    Sys.readFileIn(ns, IP_FORWARD);
                    assertEquals(home, ino(THREAD_NETNS), "pool thread came home");
                    return ino(ns);
                  }));
        }
      }
      Set<Long> distinct = new HashSet<>();
      for (Future<Long> f : results) {
        distinct.add(f.get());
      }
      assertEquals(threads * perThread, distinct.size(), "each name is its own namespace");
      assertFalse(distinct.contains(hostIno));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theLoadedLibraryFileIsDeleted() throws IOException {
    Sys.strerror(1); // loaded by now
    List<String> maps =
        Files.readAllLines(Path.of("/proc/self/maps")).stream()
            .filter(l -> l.contains("/libnsplay"))
            .toList();
    assertFalse(maps.isEmpty(), "libnsplay is mapped");
    for (String line : maps) {
      assertTrue(line.endsWith("(deleted)"), "temp copy was deleted after loading: " + line);
    }
  }

  // ---- the exception ----

  @Test
  void exceptionMessageNamesOperationTextAndErrno() {
    NativeException e = new NativeException("add address 10.0.0.1/24", 17, "ipv4: Address in use");
    assertEquals(
        "add address 10.0.0.1/24: " + Sys.strerror(17) + " (EEXIST): ipv4: Address in use",
        e.getMessage());
    assertEquals("File exists", Sys.strerror(Errno.EEXIST));
    assertEquals(
        "close fd -1: Bad file descriptor (EBADF)",
        assertThrows(NativeException.class, () -> Sys.close(-1)).getMessage());
  }
}

package nsplay.jni;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Checked access to the native core: the same operations as {@link Native} with Java types,
 * throwing {@link NativeException} (operation, errno, text) when the kernel says no.
 *
 * <p>A {@code Path nsOrNull} names a namespace file such as {@code /run/netns/red}; {@code null}
 * means "the namespace the calling thread is in now". Whatever namespace a call enters, the calling
 * thread is back in its own one when the call returns.
 *
 * <p>Paths, names, arguments and environment entries reach the kernel as their UTF-8 bytes (see
 * {@link #utf8(String)}); one holding NUL, or text that is not Unicode, is refused with EINVAL.
 */
public final class Sys {
  private Sys() {}

  /**
   * Loads the native library on a daemon thread, so that loading it (~10-15 ms of a start) overlaps
   * with what the caller reads first, the playbook or the journal.
   *
   * <p>The thread initialises the {@link Native} class, which loads the library, rather than
   * calling the loader itself: the library's JNI_OnLoad looks the class up with FindClass, which
   * initialises it. Were the class initialised by the main thread meanwhile, each thread would wait
   * for the other (seen: a `down` that hung). This way the main thread only waits for the class's
   * initialisation to end; if it failed, the main thread's first native call throws
   * NoClassDefFoundError, whose cause says why.
   */
  public static void preload() {
    if (preloading != null) {
      return;
    }
    Thread t =
        new Thread(
            () -> {
              try {
                Class.forName(Native.class.getName(), true, Sys.class.getClassLoader());
              } catch (ClassNotFoundException | LinkageError e) {
                // reported by the first real use
              }
            },
            "nsplay-native");
    t.setDaemon(true);
    preloading = t;
    t.start();
  }

  /**
   * Why the native library could not be loaded (one line, naming each directory tried), or null
   * when loading was not tried or worked. For the message of a command that stopped on a {@link
   * LinkageError} from this layer.
   */
  public static String loadFailure() {
    return NativeLoader.failure();
  }

  /** The thread of {@link #preload}, once started. */
  private static volatile Thread preloading;

  /**
   * Waits for {@link #preload} to finish, if it ran: a process that exits while the library is
   * being extracted would leave a partial copy of it in the temp directory (seen: a run without
   * root, which stops at once).
   */
  public static void awaitPreload() {
    // The loop of nsplay.util.Threads.joinUninterruptibly: this layer imports nothing of nsplay's.
    Thread t = preloading;
    boolean interrupted = false;
    while (t != null && t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static NativeException fail(String operation, int rc) {
    return new NativeException(operation, -rc, null);
  }

  /**
   * The bytes the native library receives for a path, name, argument or environment entry: UTF-8,
   * as {@code ip} and the kernel's interface names use it. KEEP IN SYNC WITH
   * native/src/main/c/nsplay.c (c_string), which adds the terminating NUL and refuses a NUL inside
   * with EINVAL. Text that is not Unicode (an unpaired surrogate, which {@link String#getBytes}
   * would silently turn into '?') is refused here, with EINVAL too.
   *
   * <p>java.nio.file encodes a {@link Path} with the platform's {@code sun.jnu.encoding}, which is
   * UTF-8 under a UTF-8 locale (and cannot hold non-ASCII names at all under the POSIX one): the
   * two agree on every name either can hold, except under a locale with another encoding (say
   * ISO-8859-1), where {@code Files} and this class would name different files.
   */
  static byte[] utf8(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < s.length()
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          throw new NativeException(
              "encode " + s.replace(c, '?') + " as UTF-8",
              Errno.EINVAL,
              "an unpaired surrogate at index " + i + " is not Unicode text");
        }
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] utf8(Path path) {
    return utf8(path.toString());
  }

  private static byte[][] utf8(List<String> strings) {
    byte[][] bytes = new byte[strings.size()][];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = utf8(strings.get(i));
    }
    return bytes;
  }

  private static byte[] ns(Path nsOrNull) {
    return nsOrNull == null ? null : utf8(nsOrNull);
  }

  private static String where(Path nsOrNull) {
    return nsOrNull == null ? "in the current namespace" : "in " + nsOrNull;
  }

  /**
   * A new network namespace without a name yet, held by the returned fd: creating and naming in two
   * steps lets the caller record the namespace's identity before its name exists.
   */
  public static int netnsNew() {
    int rc = Native.netnsNew();
    if (rc < 0) {
      throw fail("netns new", rc);
    }
    return rc;
  }

  /**
   * Names the namespace held by {@code fd} at {@code path} (EEXIST if taken), as {@code ip netns
   * add} names a new one, so that {@code ip netns} sees it: {@link #netnsFile} then {@link
   * #netnsMount}, removing the file again when the mount fails.
   */
  public static void netnsName(int fd, Path path) {
    netnsFile(path);
    try {
      netnsMount(fd, path);
    } catch (NativeException e) {
      unlinkQuietly(path);
      throw e;
    }
  }

  /**
   * The first half of {@link #netnsName}: creates the name, an empty file of mode 0 that is no
   * namespace until {@link #netnsMount} (EEXIST if taken).
   */
  public static void netnsFile(Path path) {
    int rc = Native.netnsFile(utf8(path));
    if (rc < 0) {
      throw fail("netns add " + path, rc);
    }
  }

  /** The second half of {@link #netnsName}: mounts the namespace held by {@code fd} on the file. */
  public static void netnsMount(int fd, Path path) {
    int rc = Native.netnsMount(fd, utf8(path));
    if (rc < 0) {
      throw fail("netns add " + path + " (mount)", rc);
    }
  }

  /**
   * Removes a named network namespace like {@code ip netns del} (ENOENT if missing): {@link
   * #netnsUmount}, then {@link #unlink}.
   */
  public static void netnsDelete(Path path) {
    netnsUmount(path);
    unlink(path);
  }

  /**
   * The first half of {@link #netnsDelete}: detaches the namespace mounted on {@code path}. Like
   * {@code ip netns del}, "nothing mounted there" (EINVAL) is not an error, nor "no such file"
   * (ENOENT), which {@link #unlink} reports.
   */
  public static void netnsUmount(Path path) {
    int rc = Native.netnsUmount(utf8(path));
    if (rc < 0 && rc != -Errno.EINVAL && rc != -Errno.ENOENT) {
      throw fail("netns delete " + path + " (umount)", rc);
    }
  }

  /**
   * Removes a file: the second half of {@link #netnsDelete}. EBUSY when something is mounted on it,
   * so this never takes a mounted namespace's name away.
   */
  public static void unlink(Path path) {
    int rc = Native.unlink(utf8(path));
    if (rc < 0) {
      throw fail("netns delete " + path, rc);
    }
  }

  private static void unlinkQuietly(Path path) {
    Native.unlink(utf8(path));
  }

  /** An fd on the namespace (the caller closes it), e.g. for IFLA_NET_NS_FD. */
  public static int openNs(Path nsOrNull) {
    int rc = Native.openNs(ns(nsOrNull));
    if (rc < 0) {
      throw fail("open namespace " + (nsOrNull == null ? "of the current thread" : nsOrNull), rc);
    }
    return rc;
  }

  /** A socket that belongs to the namespace for its whole life; returns the fd (CLOEXEC). */
  public static int socketIn(Path nsOrNull, int domain, int type, int protocol) {
    int rc = Native.socketIn(ns(nsOrNull), domain, type, protocol);
    if (rc < 0) {
      throw fail("socket(" + domain + ", " + type + ", " + protocol + ") " + where(nsOrNull), rc);
    }
    return rc;
  }

  /**
   * A socket that belongs to the namespace held by {@code nsFd} (see {@link #netnsNew}) for its
   * whole life, reached before the namespace has a name; returns the fd (CLOEXEC).
   */
  public static int socketInFd(int nsFd, int domain, int type, int protocol) {
    int rc = Native.socketInFd(nsFd, domain, type, protocol);
    if (rc < 0) {
      throw fail(
          "socket(" + domain + ", " + type + ", " + protocol + ") in the namespace of fd " + nsFd,
          rc);
    }
    return rc;
  }

  public static void setsockoptInt(int fd, int level, int optname, int value) {
    int rc = Native.setsockoptInt(fd, level, optname, value);
    if (rc < 0) {
      throw fail("setsockopt(fd " + fd + ", " + level + ", " + optname + ", " + value + ")", rc);
    }
  }

  /** Sends {@code buf[off, off+len)} to the kernel over a netlink socket; returns bytes sent. */
  public static int send(int fd, byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    int rc = Native.send(fd, buf, off, len);
    if (rc < 0) {
      throw fail("send to kernel on fd " + fd, rc);
    }
    return rc;
  }

  public static int send(int fd, byte[] buf) {
    return send(fd, buf, 0, buf.length);
  }

  /**
   * Sends to an IPv4 or IPv6 address (4 or 16 bytes, network order), e.g. ICMP or ICMPv6 on a raw
   * socket.
   */
  public static int sendToInet(int fd, byte[] buf, int off, int len, byte[] addr) {
    Objects.checkFromIndexSize(off, len, buf.length);
    if (addr.length != 4 && addr.length != 16) {
      throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + addr.length);
    }
    int rc = Native.sendToInet(fd, buf, off, len, addr);
    if (rc < 0) {
      throw fail("sendto " + text(addr) + " on fd " + fd, rc);
    }
    return rc;
  }

  /** Dotted IPv4, or IPv6 as eight hex groups (uncompressed: this layer knows no nsplay.net). */
  private static String text(byte[] a) {
    if (a.length == 4) {
      return (a[0] & 0xff) + "." + (a[1] & 0xff) + "." + (a[2] & 0xff) + "." + (a[3] & 0xff);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < a.length; i += 2) {
      sb.append(i == 0 ? "" : ":")
          .append(Integer.toHexString(((a[i] & 0xff) << 8) | (a[i + 1] & 0xff)));
    }
    return sb.toString();
  }

  /**
   * Receives one datagram into {@code buf}, waiting up to {@code timeoutMillis} (-1: forever).
   *
   * @return its length, or -1 when the timeout expired (no exception for a timeout)
   * @throws NativeException on errors; EMSGSIZE when the datagram is larger than {@code buf} (it
   *     stays queued: retry with a bigger buffer); ENOBUFS when the kernel dropped messages
   */
  public static int recv(int fd, byte[] buf, int timeoutMillis) {
    int rc = Native.recv(fd, buf, 0, buf.length, timeoutMillis);
    if (rc == -Errno.EAGAIN) {
      return -1;
    }
    if (rc < 0) {
      throw fail("recv on fd " + fd, rc);
    }
    return rc;
  }

  /**
   * A packet socket that belongs to the namespace for its whole life, bound to interface {@code
   * ifindex} there (every protocol, outgoing frames too), with kernel timestamps; returns the fd.
   */
  public static int packetSocketIn(Path nsOrNull, int ifindex) {
    int rc = Native.packetSocketIn(ns(nsOrNull), ifindex);
    if (rc < 0) {
      throw fail("packet socket on interface " + ifindex + " " + where(nsOrNull), rc);
    }
    return rc;
  }

  /**
   * Receives one frame of a {@link #packetSocketIn} socket into {@code buf} (the rest of a longer
   * frame is cut), waiting up to {@code timeoutMillis} (-1: forever).
   *
   * @param meta gets the frame's length on the wire, the kernel's receive time in seconds and
   *     microseconds, and the packet type (0 to us ... 4 outgoing)
   * @return the bytes stored, or -1 when the timeout expired
   * @throws NativeException on errors; ENETDOWN once the interface is gone
   */
  public static int recvPacket(int fd, byte[] buf, int timeoutMillis, long[] meta) {
    if (meta.length < 4) {
      throw new IllegalArgumentException("meta needs 4 places, has " + meta.length);
    }
    int rc = Native.recvPacket(fd, buf, timeoutMillis, meta);
    if (rc == -Errno.EAGAIN) {
      return -1;
    }
    if (rc < 0) {
      throw fail("recv on packet socket fd " + fd, rc);
    }
    return rc;
  }

  public static void close(int fd) {
    int rc = Native.close(fd);
    if (rc < 0) {
      throw fail("close fd " + fd, rc);
    }
  }

  /** Reads a whole (small) file, e.g. a sysctl, opened inside the namespace; UTF-8. */
  public static String readFileIn(Path nsOrNull, String path) {
    byte[] ns = ns(nsOrNull);
    byte[] file = utf8(path);
    byte[] buf = new byte[4096];
    for (; ; ) {
      int rc = Native.readFileIn(ns, file, buf);
      if (rc < 0) {
        throw fail("read " + path + " " + where(nsOrNull), rc);
      }
      if (rc < buf.length) {
        return new String(buf, 0, rc, StandardCharsets.UTF_8);
      }
      buf = new byte[buf.length * 2]; // full: it may be longer, read again from the start
    }
  }

  /** Writes {@code value} (UTF-8) to an existing file, e.g. a sysctl, inside the namespace. */
  public static void writeFileIn(Path nsOrNull, String path, String value) {
    byte[] data = value.getBytes(StandardCharsets.UTF_8);
    int rc = Native.writeFileIn(ns(nsOrNull), utf8(path), data);
    if (rc < 0) {
      throw fail("write " + path + " " + where(nsOrNull), rc);
    }
  }

  /** Starts {@code argv} inside the namespace (PATH search, inherited environment and stdio). */
  public static int spawnIn(Path nsOrNull, List<String> argv) {
    return spawnIn(nsOrNull, argv, null);
  }

  /**
   * Starts {@code argv} inside the namespace with exactly the environment {@code envOrNull} (null:
   * inherit). stdin/stdout/stderr are inherited, no other fd is. Returns the pid; reap it with
   * {@link #waitPid}.
   */
  public static int spawnIn(Path nsOrNull, List<String> argv, Map<String, String> envOrNull) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
    byte[][] env = null;
    if (envOrNull != null) {
      env = utf8(envOrNull.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    int rc = Native.spawnIn(ns(nsOrNull), utf8(argv), env);
    if (rc < 0) {
      throw fail("spawn " + argv.get(0) + " " + where(nsOrNull), rc);
    }
    return rc;
  }

  /**
   * Runs {@code argv} inside the namespace to completion, with this process's standard streams and
   * environment; returns its exit code, or 128+signal. While it runs, SIGINT, SIGTERM and SIGHUP to
   * this process are forwarded to it, each as itself (a terminal's Ctrl-C, which reaches it anyway,
   * is not sent twice), and it gets SIGKILL if this process dies. Only from a thread that lives
   * until this returns (the kernel ties that SIGKILL to the thread that started it).
   */
  public static int runIn(Path nsOrNull, List<String> argv) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
    byte[] name = nsOrNull == null ? null : utf8(nsOrNull.getFileName().toString());
    byte[][] binds = nsOrNull == null ? null : utf8(etcBinds(nsOrNull.getFileName().toString()));
    int rc = Native.runIn(ns(nsOrNull), utf8(argv), name, binds);
    if (rc < 0) {
      throw fail("spawn " + argv.get(0) + " " + where(nsOrNull), rc);
    }
    return rc;
  }

  /**
   * Starts {@code argv} inside the namespace with stdin from /dev/null and stdout and stderr
   * written to the files {@code out} and {@code err} (created or truncated, mode 0600; no symlink
   * followed), in a private mount namespace with the namespace's /sys and {@code /etc/netns/NAME/*}
   * over {@code /etc/*}, as `ip netns exec` runs it. Returns the pid; reap it with {@link
   * #waitPid}.
   */
  public static int spawnInTo(Path nsOrNull, List<String> argv, Path out, Path err) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
    byte[] name = nsOrNull == null ? null : utf8(nsOrNull.getFileName().toString());
    byte[][] binds = nsOrNull == null ? null : utf8(etcBinds(nsOrNull.getFileName().toString()));
    int rc = Native.spawnInTo(ns(nsOrNull), utf8(argv), null, utf8(out), utf8(err), name, binds);
    if (rc < 0) {
      throw fail("spawn " + argv.get(0) + " " + where(nsOrNull), rc);
    }
    return rc;
  }

  /**
   * Connects the stream socket {@code fd} (made with {@link #socketIn}) to {@code addr} (4 or 16
   * bytes) and {@code port} within {@code timeoutMillis}, leaving it non-blocking.
   *
   * @return 0 when connected, else the errno (ECONNREFUSED, ETIMEDOUT for no answer, ENETUNREACH,
   *     EHOSTUNREACH, ...): for a check, every answer is a result, not an exception
   */
  public static int connectInet(int fd, byte[] addr, int port, int timeoutMillis) {
    return -Native.connectInet(fd, addr, port, timeoutMillis);
  }

  /** Writes all of {@code buf} to a connected stream socket within {@code timeoutMillis}. */
  public static void sendStream(int fd, byte[] buf, int timeoutMillis) {
    int rc = Native.sendStream(fd, buf, 0, buf.length, timeoutMillis);
    if (rc < 0) {
      throw fail("send on stream fd " + fd, rc);
    }
  }

  /**
   * Reads what a stream socket has into {@code buf}, waiting up to {@code timeoutMillis}.
   *
   * @return bytes read, 0 at the end of the stream, -1 on timeout
   */
  public static int recvStream(int fd, byte[] buf, int timeoutMillis) {
    int rc = Native.recvStream(fd, buf, 0, buf.length, timeoutMillis);
    if (rc == -Errno.EAGAIN) {
      return -1;
    }
    if (rc < 0) {
      throw fail("recv on stream fd " + fd, rc);
    }
    return rc;
  }

  /**
   * What `ip netns exec NAME` binds in the program's private mount namespace: each file of {@code
   * /etc/netns/NAME} over the same name in {@code /etc}, as pairs (source, target). CONTRACT with
   * native/src/main/c/proc.c switch_mounts (keep in sync).
   */
  static List<String> etcBinds(String netns) {
    Path dir = Path.of("/etc/netns", netns);
    List<String> out = new java.util.ArrayList<>();
    try (var files = java.nio.file.Files.list(dir)) {
      files
          .sorted()
          .forEach(
              f -> {
                out.add(f.toString());
                out.add("/etc/" + f.getFileName());
              });
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      // no such folder: nothing to bind, as for ip
    }
    return out;
  }

  /** Who a service runs as: uid, gid and supplementary groups; see {@link #startIn}. */
  public record Identity(int uid, int gid, int[] groups) {}

  /**
   * Starts a service: {@code argv} in the named namespace {@code ns} (PATH search), in its own
   * session, stdin from /dev/null, stdout and stderr appended to {@code log} (which must not be a
   * symbolic link), in a private mount namespace where /sys is the namespace's and {@code
   * /etc/netns/NAME/*} lie over {@code /etc/*} as `ip netns exec` has them; as {@code userOrNull},
   * in {@code cwdOrNull}, with exactly {@code envOrNull} (null: inherit). It is not tied to this
   * process: it outlives it. Returns its pid once it has exec'd; reap it with {@link #tryWaitPid}
   * while this process lives. {@code ns} null: in this process's own namespace, without the mounts
   * of `ip netns exec` (nsplay's own capture, which opens its socket in the lab's namespace).
   */
  public static int startIn(
      Path ns,
      List<String> argv,
      Map<String, String> envOrNull,
      Path log,
      String cwdOrNull,
      Identity userOrNull) {
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv is empty");
    }
    byte[][] env = null;
    if (envOrNull != null) {
      env = utf8(envOrNull.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    String name = ns == null ? null : ns.getFileName().toString();
    int rc =
        Native.startIn(
            ns(ns),
            utf8(argv),
            env,
            name == null ? null : utf8(name),
            name == null ? null : utf8(etcBinds(name)),
            utf8(log.toString()),
            cwdOrNull == null ? null : utf8(cwdOrNull),
            userOrNull == null ? -1 : userOrNull.uid(),
            userOrNull == null ? -1 : userOrNull.gid(),
            userOrNull == null ? new int[0] : userOrNull.groups());
    if (rc < 0) {
      throw fail("start " + argv.get(0) + " " + where(ns), rc);
    }
    return rc;
  }

  /** The exit code (128+signal) of a child of this process that ended, or -1 while it runs. */
  public static int tryWaitPid(int pid) {
    int rc = Native.tryWaitPid(pid);
    if (rc == -Errno.EAGAIN) {
      return -1;
    }
    if (rc < 0) {
      throw fail("waitpid " + pid, rc);
    }
    return rc;
  }

  /** Waits for a child; returns its exit code, or 128+signal if a signal killed it. */
  public static int waitPid(int pid) {
    int rc = Native.waitPid(pid);
    if (rc < 0) {
      throw fail("waitpid " + pid, rc);
    }
    return rc;
  }

  /** Runs {@code argv} inside the namespace to completion; returns its exit code. */
  public static int exec(Path nsOrNull, List<String> argv) {
    return waitPid(spawnIn(nsOrNull, argv));
  }

  public static void killPid(int pid, int sig) {
    int rc = Native.killPid(pid, sig);
    if (rc < 0) {
      throw fail("kill " + pid + " with signal " + sig, rc);
    }
  }

  /** The C library's text for an errno (sign ignored). */
  public static String strerror(int errno) {
    return new String(Native.strerror(Math.abs(errno)), StandardCharsets.UTF_8);
  }
}

package nsplay.jni;

/**
 * Raw entry points of libnsplay. Every method returns a value {@code >= 0} or {@code -errno}
 * (unless noted); none throws. Use {@link Sys}, which checks results and throws {@link
 * NativeException}.
 *
 * <p>Paths, names, arguments and environment entries cross as {@code byte[]} holding UTF-8 ({@link
 * Sys#utf8(String)}), without a terminating NUL: the library copies them and adds it, and refuses a
 * NUL inside with -EINVAL. Not as {@code String}: JNI hands C a String as modified UTF-8, in which
 * a supplementary character (an emoji) is two 3-byte surrogates and NUL is 0xC0 0x80, so C would
 * name other files than Java.
 *
 * <p>{@code nsPath} arguments name a namespace file such as {@code /run/netns/red}; {@code null}
 * means "the namespace the calling thread is in now". Calls that enter a namespace return the
 * calling thread to its own namespace before they return (the library aborts the process if it
 * cannot).
 *
 * <p>KEEP IN SYNC WITH native/src/main/c/nsplay.c (the RegisterNatives table): names and signatures
 * are bound at load time, so a mismatch fails when the library loads.
 */
final class Native {
  static {
    NativeLoader.load();
  }

  private Native() {}

  /** A new, unnamed netns held by the returned fd (closing it frees the namespace). */
  static native int netnsNew();

  /**
   * The first half of naming a netns as {@code ip netns add} does: creates {@code path}, an empty
   * file of mode 0 (O_EXCL), after making its directory a shared mount.
   */
  static native int netnsFile(byte[] path);

  /** The second half: bind-mounts the netns held by {@code fd} onto the file at {@code path}. */
  static native int netnsMount(int fd, byte[] path);

  /** The first half of {@code ip netns del}: detaches the mount at {@code path} (MNT_DETACH). */
  static native int netnsUmount(byte[] path);

  /** unlink(2): the second half of {@code ip netns del}, and what removes a leftover name. */
  static native int unlink(byte[] path);

  /** Opens a namespace file (O_RDONLY|O_CLOEXEC); returns the fd, e.g. for IFLA_NET_NS_FD. */
  static native int openNs(byte[] nsPath);

  /** A socket (always SOCK_CLOEXEC) created inside the namespace; returns the fd. */
  static native int socketIn(byte[] nsPath, int domain, int type, int protocol);

  /**
   * A socket (always SOCK_CLOEXEC) created inside the namespace held by {@code nsFd}, which may
   * have no name yet; returns the fd.
   */
  static native int socketInFd(int nsFd, int domain, int type, int protocol);

  static native int setsockoptInt(int fd, int level, int optname, int value);

  /** Sends {@code buf[off, off+len)} to the kernel (netlink nl_pid 0); returns bytes sent. */
  static native int send(int fd, byte[] buf, int off, int len);

  /**
   * Sends to the IPv4 or IPv6 address {@code addr} (4 or 16 bytes, port 0), e.g. on a raw ICMP or
   * ICMPv6 socket.
   */
  static native int sendToInet(int fd, byte[] buf, int off, int len, byte[] addr);

  /**
   * Receives one datagram into {@code buf[off, off+len)}, waiting up to {@code timeoutMillis} (-1:
   * forever). Returns its length, -EAGAIN on timeout, or -EMSGSIZE when the datagram is larger than
   * {@code len} (it then stays queued: retry with a bigger buffer).
   */
  static native int recv(int fd, byte[] buf, int off, int len, int timeoutMillis);

  /**
   * An AF_PACKET socket (SOCK_RAW, every protocol) made inside the namespace and bound to interface
   * {@code ifindex}, with kernel timestamps on; returns the fd. CONTRACT with nsplay.kernel
   * .PacketSocket and native/src/main/c/nsplay.h (nsp_packet_socket_in).
   */
  static native int packetSocketIn(byte[] nsPath, int ifindex);

  /**
   * Receives one frame into {@code buf} (cut at its length), waiting up to {@code timeoutMillis}
   * (-1: forever): the bytes stored, or -EAGAIN on timeout. {@code meta} (at least 4 longs) gets
   * the frame's length on the wire, the kernel's receive time (seconds, microseconds) and the
   * packet type (PACKET_HOST 0 ... PACKET_OUTGOING 4).
   */
  static native int recvPacket(int fd, byte[] buf, int timeoutMillis, long[] meta);

  /**
   * Makes the stream socket {@code fd} non-blocking and connects it to {@code addr} (4 or 16 bytes)
   * and {@code port} within {@code timeoutMillis}: 0, or -errno (-ETIMEDOUT: no answer).
   */
  static native int connectInet(int fd, byte[] addr, int port, int timeoutMillis);

  /** Writes all of {@code buf[off, off+len)} to a connected stream socket; returns bytes sent. */
  static native int sendStream(int fd, byte[] buf, int off, int len, int timeoutMillis);

  /** Reads what a stream socket has: bytes read, 0 at end of stream, -EAGAIN on timeout. */
  static native int recvStream(int fd, byte[] buf, int off, int len, int timeoutMillis);

  static native int close(int fd);

  /** Opens and reads {@code path} inside the namespace into {@code buf}; returns bytes read. */
  static native int readFileIn(byte[] nsPath, byte[] path, byte[] buf);

  /** Opens {@code path} O_WRONLY inside the namespace and writes all of {@code data}. */
  static native int writeFileIn(byte[] nsPath, byte[] path, byte[] data);

  /**
   * Forks; the child enters the namespace and execs {@code argv} (PATH search; {@code env} replaces
   * the environment unless null). stdin/stdout/stderr are inherited, other fds are not. Returns the
   * pid; a failed setns/exec is reported as its -errno.
   */
  static native int spawnIn(byte[] nsPath, byte[][] argv, byte[][] envOrNull);

  /**
   * {@link #spawnIn} with the environment inherited, then waits for the program: returns its exit
   * code, or 128+signal. Meanwhile SIGINT, SIGTERM and SIGHUP to this process go to the program,
   * each as itself (not to the JVM, whose handlers are back on return), and the program gets
   * SIGKILL if this process dies. Call it only from a thread that lives until it returns.
   */
  static native int runIn(byte[] nsPath, byte[][] argv, byte[] nsName, byte[][] etcBinds);

  /**
   * A service: forks; the child starts its own session, takes stdin from /dev/null and appends
   * stdout and stderr to {@code logPath} (opened O_NOFOLLOW, mode 0640), enters the namespace, and
   * when {@code nsName} is not null a private mount namespace with /sys for it and the {@code
   * etcBinds} pairs (source, target) bind-mounted; then, when {@code uid >= 0}, takes {@code
   * groups}, {@code gid} and {@code uid}; changes to {@code cwd} (unless null) and execs. No
   * parent-death signal: it outlives this process. Returns the pid once it has exec'd.
   */
  static native int startIn(
      byte[] nsPath,
      byte[][] argv,
      byte[][] envOrNull,
      byte[] nsName,
      byte[][] etcBinds,
      byte[] logPath,
      byte[] cwd,
      int uid,
      int gid,
      int[] groups);

  /** waitpid WNOHANG: the exit code (128+signal) of a child that ended, -EAGAIN while it runs. */
  static native int tryWaitPid(int pid);

  /**
   * As {@link #spawnIn}, with stdin from /dev/null and stdout and stderr written to the files
   * {@code outPath} and {@code errPath} (created or truncated, mode 0600); with {@code nsName}
   * (null: none), in a private mount namespace as {@link #runIn}'s.
   */
  static native int spawnInTo(
      byte[] nsPath,
      byte[][] argv,
      byte[][] envOrNull,
      byte[] outPath,
      byte[] errPath,
      byte[] nsName,
      byte[][] etcBinds);

  /** Waits for the child; returns its exit code, or 128+signal when a signal killed it. */
  static native int waitPid(int pid);

  static native int killPid(int pid, int sig);

  /** The C library's text for {@code errno}, as bytes (UTF-8). */
  static native byte[] strerror(int errno);
}

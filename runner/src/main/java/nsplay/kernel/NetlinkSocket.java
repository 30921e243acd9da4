package nsplay.kernel;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import nsplay.jni.NativeException;
import nsplay.jni.Sys;
import nsplay.netlink.Message;
import nsplay.netlink.Messages;
import nsplay.netlink.NetlinkError;
import nsplay.netlink.Nl;

/**
 * One netlink socket opened inside one namespace. A socket belongs to the namespace it was created
 * in for its whole life, so requests through it act there whatever thread sends them. Requests are
 * synchronous: send, then read until the ACK (or error) of that sequence number.
 */
final class NetlinkSocket implements AutoCloseable {
  /** Big enough for any dump part the kernel sends (it sizes parts to the reader's buffer). */
  static final int BUFFER = 256 * 1024;

  /** Dumps are retried this often when the kernel says the data changed under them. */
  private static final int DUMP_RETRIES = 5;

  private static final int SOCK_RAW = 3;
  private static final int AF_NETLINK = 16;
  private static final int RECV_TIMEOUT_MS = 10_000;

  private final int fd;
  private final Consumer<List<Op>> afterChange;

  /**
   * The receive buffer, shared by all sockets of one kernel object (one thread uses them, one
   * request at a time, and parsed messages are copies): a lab of 500 namespaces has 500 sockets,
   * and a buffer each cost 128 MB.
   */
  private final byte[] buf;

  private int seq = (int) (System.nanoTime() & 0x3fffffff);

  NetlinkSocket(Path ns, int protocol, Consumer<List<Op>> afterChange, byte[] buf) {
    this(Sys.socketIn(ns, AF_NETLINK, SOCK_RAW, protocol), afterChange, buf);
  }

  /** A socket in the namespace held by {@code nsFd}, which may have no name yet. */
  static NetlinkSocket inNamespaceOf(
      int nsFd, int protocol, Consumer<List<Op>> afterChange, byte[] buf) {
    return new NetlinkSocket(
        Sys.socketInFd(nsFd, AF_NETLINK, SOCK_RAW, protocol), afterChange, buf);
  }

  private NetlinkSocket(int fd, Consumer<List<Op>> afterChange, byte[] buf) {
    this.buf = buf;
    this.afterChange = afterChange;
    this.fd = fd;
    try {
      // Human-readable kernel errors ("ipv4: Address already assigned") instead of bare errno.
      Sys.setsockoptInt(fd, Nl.SOL_NETLINK, Nl.NETLINK_EXT_ACK, 1);
      Sys.setsockoptInt(fd, Nl.SOL_NETLINK, Nl.NETLINK_GET_STRICT_CHK, 1);
    } catch (RuntimeException e) {
      Sys.close(fd);
      throw e;
    }
  }

  int nextSeq() {
    return ++seq;
  }

  /** Marks sequence numbers up to {@code last} as used (a batch numbered its own messages). */
  void advanceSeq(int last) {
    seq = Math.max(seq, last);
  }

  /**
   * Sends a request built for {@code seq} and waits for its ACK.
   *
   * @param op what the request does; its words name it in an error message
   * @throws NativeException carrying the kernel's errno and extended-ack text
   */
  void request(Op op, IntFunction<byte[]> build) {
    requestQuietly(op, build);
    afterChange.accept(List.of(op));
  }

  /**
   * {@link #request} for one step of an operation that its caller reports as a whole (lo's mark is
   * part of {@code netns add}): not passed to the after-change hook.
   */
  void requestQuietly(Op op, IntFunction<byte[]> build) {
    requestQuietly(op.words(), build);
  }

  /** {@link #requestQuietly(Op, IntFunction)} for a request that is no change of the lab's. */
  void requestQuietly(String words, IntFunction<byte[]> build) {
    int s = nextSeq();
    send(words, build.apply(s));
    awaitAcks(words, s, 1);
  }

  /** Sends a get request (no dump) and returns its one answer; errors are thrown. */
  Message get(String op, IntFunction<byte[]> build) {
    return getOrNull(op, build, 0);
  }

  /**
   * Like {@link #get}, but null when the kernel answers with the errno {@code absent} (ENODEV for a
   * link by name): the ordinary answer to "is it there?", which a run of 500 namespaces asks 500
   * times, and an exception apiece cost ~8 ms of it.
   */
  Message getOrNull(String op, IntFunction<byte[]> build, int absent) {
    int s = nextSeq();
    send(op, build.apply(s));
    while (true) {
      for (Message m : receive(op)) {
        if (m.seq() != s) {
          continue;
        }
        if (m.isError()) {
          NetlinkError e = NetlinkError.parse(m);
          int errno = e.isAck() ? 61 : e.errno();
          if (absent != 0 && errno == absent) {
            return null;
          }
          throw new NativeException(op, errno, e.message());
        }
        return m;
      }
    }
  }

  /**
   * Sends several messages in one write (an nf_tables batch) and reads {@code acks} ACKs with
   * sequence numbers from {@code firstSeq}. The first error wins.
   */
  void sendBatch(List<Op> ops, byte[] bytes, int firstSeq, int acks) {
    StringBuilder words = new StringBuilder();
    for (Op o : ops) {
      words.append(words.length() == 0 ? "" : "; ").append(o.words());
    }
    send(words.toString(), bytes);
    awaitAcks(words.toString(), firstSeq, acks);
    afterChange.accept(ops); // one change (one transaction), however many ops it has
  }

  /**
   * Dumps: sends the request and collects every message until NLMSG_DONE, again from the start when
   * the kernel flags the dump as interrupted (the table changed while it was read).
   */
  List<Message> dump(String op, IntFunction<byte[]> build) {
    for (int attempt = 0; ; attempt++) {
      int s = nextSeq();
      send(op, build.apply(s));
      List<Message> out = new ArrayList<>();
      boolean interrupted = false;
      boolean done = false;
      while (!done) {
        for (Message m : receive(op)) {
          if (m.seq() != s || done) {
            continue; // a late answer to an earlier request
          }
          interrupted |= m.dumpInterrupted();
          if (m.isError()) {
            NetlinkError e = NetlinkError.parse(m);
            if (!e.isAck()) {
              throw new NativeException(op, e.errno(), e.message());
            }
          } else if (m.isDone()) {
            done = true;
          } else {
            out.add(m);
          }
        }
      }
      if (!interrupted || attempt == DUMP_RETRIES) {
        return out;
      }
    }
  }

  private void send(String op, byte[] bytes) {
    Sys.send(fd, bytes, 0, bytes.length);
  }

  private void awaitAcks(String op, int firstSeq, int count) {
    int pending = count;
    NativeException first = null;
    while (pending > 0) {
      for (Message m : receive(op)) {
        int d = m.seq() - firstSeq;
        if (!m.isError() || d < 0 || d >= count) {
          continue;
        }
        pending--;
        NetlinkError e = NetlinkError.parse(m);
        if (!e.isAck() && first == null) {
          first = new NativeException(op, e.errno(), e.message());
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private List<Message> receive(String op) {
    int n = Sys.recv(fd, buf, RECV_TIMEOUT_MS);
    if (n < 0) {
      throw new NativeException(op + ": no answer from the kernel", 110, null);
    }
    return Messages.parse(buf, n); // each Message is a copy: buf can be reused
  }

  @Override
  public void close() {
    Sys.close(fd);
  }
}

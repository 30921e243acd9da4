package nsplay.kernel;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import nsplay.jni.NativeException;
import nsplay.jni.Sys;
import nsplay.net.Ip;

/**
 * ICMP and ICMPv6 echo from inside a namespace, without the ping binary. A new namespace's
 * ping_group_range ("1 0") forbids ICMP datagram sockets ({@code SOCK_DGRAM, IPPROTO_ICMP} and
 * {@code IPPROTO_ICMPV6} alike) even to root, but a raw socket opened inside the namespace works
 * without touching sysctls. For IPv4 we build the echo request and its checksum, and skip the IP
 * header of what comes back; for IPv6 the kernel fills the checksum in (a raw ICMPv6 socket always
 * does, RFC 3542) and delivers no IP header. A raw ICMPv6 socket also sees neighbour discovery;
 * only echo replies with our id count.
 */
final class Icmp {
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_RAW = 3;
  private static final int IPPROTO_ICMP = 1;
  private static final int IPPROTO_ICMPV6 = 58;
  private static final int ECHO_REPLY = 0;
  private static final int ECHO_REQUEST = 8;
  private static final int ECHO6_REQUEST = 128;
  private static final int ECHO6_REPLY = 129;
  private static final int PAYLOAD = 56; // ping's default

  /** Time between requests when no reply is pending. */
  private static final int INTERVAL_MS = 100;

  private static final int ENETUNREACH = 101;
  private static final int EHOSTUNREACH = 113;
  private static final int EINVAL = 22;

  private Icmp() {}

  /**
   * Sends {@code count} echo requests to {@code to} from namespace {@code ns} and collects the
   * replies; a request with no reply within {@code timeoutMs} of the last send is lost. The next
   * request goes as soon as the previous one is answered, so a reachable peer takes about count ×
   * RTT, an unreachable one about count × 100 ms + timeout.
   */
  static PingResult ping(Path ns, Ip to, int count, int timeoutMs) {
    int id = ThreadLocalRandom.current().nextInt(1, 0xffff);
    boolean v4 = to.isV4();
    int fd =
        v4
            ? Sys.socketIn(ns, AF_INET, SOCK_RAW, IPPROTO_ICMP)
            : Sys.socketIn(ns, AF_INET6, SOCK_RAW, IPPROTO_ICMPV6);
    try {
      long[] sentAt = new long[count];
      Double[] rtt = new Double[count];
      byte[] buf = new byte[2048];
      int got = 0;
      for (int seq = 0; seq < count; seq++) {
        sentAt[seq] = System.nanoTime();
        byte[] packet = v4 ? echoRequest(id, seq) : echo6Request(id, seq);
        try {
          Sys.sendToInet(fd, packet, 0, packet.length, to.bytes());
        } catch (NativeException e) {
          if (e.errno() != ENETUNREACH && e.errno() != EHOSTUNREACH && e.errno() != EINVAL) {
            throw e;
          }
          continue; // no route: this request is lost
        }
        long until = System.nanoTime() + INTERVAL_MS * 1_000_000L;
        got += collect(fd, v4, buf, id, sentAt, rtt, until, seq);
      }
      long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
      if (got < count) {
        collect(fd, v4, buf, id, sentAt, rtt, deadline, count - 1);
      }
      List<Double> out = new ArrayList<>();
      for (Double d : rtt) {
        if (d != null) {
          out.add(d);
        }
      }
      return new PingResult(count, out);
    } finally {
      Sys.close(fd);
    }
  }

  /** Reads replies until {@code until} (nanoTime) or until request {@code last} is answered. */
  private static int collect(
      int fd, boolean v4, byte[] buf, int id, long[] sentAt, Double[] rtt, long until, int last) {
    int got = 0;
    while (true) {
      long left = (until - System.nanoTime()) / 1_000_000L;
      if (left <= 0 || rtt[last] != null) {
        return got;
      }
      int n = Sys.recv(fd, buf, (int) Math.max(1, left));
      if (n < 0) {
        return got; // timed out
      }
      long now = System.nanoTime();
      int ihl = v4 ? (buf[0] & 0x0f) * 4 : 0; // raw ICMPv6 delivers no IP header
      if (n < ihl + 8 || (buf[ihl] & 0xff) != (v4 ? ECHO_REPLY : ECHO6_REPLY)) {
        continue;
      }
      ByteBuffer b = ByteBuffer.wrap(buf, ihl, n - ihl);
      b.getShort(); // type, code
      b.getShort(); // checksum
      int rid = b.getShort() & 0xffff;
      int rseq = b.getShort() & 0xffff;
      if (rid != id || rseq >= sentAt.length || rtt[rseq] != null) {
        continue;
      }
      rtt[rseq] = (now - sentAt[rseq]) / 1e6;
      got++;
    }
  }

  /**
   * An ICMPv6 echo request, checksum 0: the kernel computes it over the IPv6 pseudo-header, which
   * only it knows (the source address is chosen by the route).
   */
  static byte[] echo6Request(int id, int seq) {
    return echo(ECHO6_REQUEST, id, seq);
  }

  static byte[] echoRequest(int id, int seq) {
    byte[] p = echo(ECHO_REQUEST, id, seq);
    int sum = checksum(p);
    p[2] = (byte) (sum >> 8);
    p[3] = (byte) sum;
    return p;
  }

  private static byte[] echo(int type, int id, int seq) {
    ByteBuffer b = ByteBuffer.allocate(8 + PAYLOAD);
    b.put((byte) type).put((byte) 0).putShort((short) 0);
    b.putShort((short) id).putShort((short) seq);
    for (int i = 0; i < PAYLOAD; i++) {
      b.put((byte) i);
    }
    return b.array();
  }

  /** The Internet checksum (RFC 1071): one's complement of the one's complement sum. */
  static int checksum(byte[] data) {
    long sum = 0;
    for (int i = 0; i + 1 < data.length; i += 2) {
      sum += ((data[i] & 0xff) << 8) | (data[i + 1] & 0xff);
    }
    if ((data.length & 1) != 0) {
      sum += (data[data.length - 1] & 0xff) << 8;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }
}

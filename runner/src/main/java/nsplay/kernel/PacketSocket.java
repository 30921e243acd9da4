package nsplay.kernel;

import java.nio.file.Path;
import java.util.Arrays;
import nsplay.jni.Sys;

/**
 * A capture on one link, as {@code tcpdump -i LINK} opens it: an AF_PACKET socket made inside the
 * link's namespace and bound to the link, which sees every frame the link receives and sends, each
 * stamped by the kernel as it passed. The socket belongs to the namespace for its whole life;
 * reading it needs no namespace. CONTRACT with native/src/main/c/nsplay.h (nsp_packet_socket_in,
 * nsp_recv_packet): the order of {@code meta}.
 */
public final class PacketSocket implements AutoCloseable {
  /** tcpdump's default snapshot length: what a frame longer than this keeps. */
  public static final int SNAPLEN = 262144;

  /** PACKET_OUTGOING (linux/if_packet.h): a frame the link sent. */
  private static final int PACKET_OUTGOING = 4;

  /**
   * One frame as captured.
   *
   * @param data the bytes kept (at most {@link #SNAPLEN})
   * @param length its length on the wire
   * @param seconds when the kernel saw it, seconds since the epoch
   * @param micros and microseconds
   * @param outgoing whether the link sent it (else it received it)
   */
  public record Frame(byte[] data, int length, long seconds, int micros, boolean outgoing) {}

  private final int fd;
  private final byte[] buf = new byte[SNAPLEN];
  private final long[] meta = new long[4];

  private PacketSocket(int fd) {
    this.fd = fd;
  }

  /** Opens a capture on interface {@code ifindex} of namespace {@code ns} (null: this one's). */
  static PacketSocket open(Path ns, int ifindex) {
    return new PacketSocket(Sys.packetSocketIn(ns, ifindex));
  }

  /**
   * The next frame, or null when none came within {@code timeoutMs}.
   *
   * @throws nsplay.jni.NativeException ENETDOWN once the link is gone
   */
  public Frame next(int timeoutMs) {
    int n = Sys.recvPacket(fd, buf, timeoutMs, meta);
    if (n < 0) {
      return null;
    }
    return new Frame(
        Arrays.copyOf(buf, n), (int) meta[0], meta[1], (int) meta[2], meta[3] == PACKET_OUTGOING);
  }

  @Override
  public void close() {
    Sys.close(fd);
  }
}

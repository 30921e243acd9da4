package nsplay.netlink;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * One received netlink message. {@code buf} is a private copy of exactly this message (header
 * included), so it stays valid when the receive buffer is reused; treat it as read-only.
 *
 * @param type nlmsg_type
 * @param flags nlmsg_flags
 * @param seq nlmsg_seq
 * @param portId nlmsg_pid (0 for messages from the kernel)
 * @param buf the message bytes
 * @param payloadOffset where the payload starts in {@code buf} (normally {@link Nl#NLMSG_HDRLEN})
 * @param payloadLength payload bytes (nlmsg_len minus the header)
 */
public record Message(
    int type, int flags, int seq, int portId, byte[] buf, int payloadOffset, int payloadLength) {

  public Message {
    if (buf == null) {
      throw new IllegalArgumentException("buf must not be null");
    }
    if (payloadOffset < 0
        || payloadLength < 0
        || (long) payloadOffset + payloadLength > buf.length) {
      throw new IllegalArgumentException(
          "payload ["
              + payloadOffset
              + ", +"
              + payloadLength
              + ") is outside buf of "
              + buf.length
              + " bytes");
    }
  }

  /** The payload as a read-only buffer in host byte order, positioned at 0. */
  public ByteBuffer payload() {
    return ByteBuffer.wrap(buf, payloadOffset, payloadLength)
        .slice()
        .asReadOnlyBuffer()
        .order(Nl.ORDER);
  }

  /**
   * The attributes after a family header of {@code familyHeaderLength} bytes (rounded up to 4): 16
   * for ifinfomsg, 8 for ifaddrmsg, 12 for rtmsg, 4 for nfgenmsg. Empty when the payload is shorter
   * than the family header.
   */
  public Attrs attrs(int familyHeaderLength) {
    if (familyHeaderLength < 0) {
      throw new IllegalArgumentException(
          "familyHeaderLength must be >= 0, got " + familyHeaderLength);
    }
    int skip = Nl.align(familyHeaderLength);
    if (skip > payloadLength) {
      return Attrs.parse(buf, payloadOffset + payloadLength, 0);
    }
    return Attrs.parse(buf, payloadOffset + skip, payloadLength - skip);
  }

  /** True for NLMSG_DONE, which ends a dump. */
  public boolean isDone() {
    return type == Nl.NLMSG_DONE;
  }

  /** True for NLMSG_ERROR, which carries both errors and ACKs (errno 0). */
  public boolean isError() {
    return type == Nl.NLMSG_ERROR;
  }

  /** True when the kernel interrupted the dump because the data changed: dump again. */
  public boolean dumpInterrupted() {
    return (flags & Nl.NLM_F_DUMP_INTR) != 0;
  }

  // Records compare arrays by identity; messages compare by content.
  @Override
  public boolean equals(Object o) {
    return o instanceof Message m
        && type == m.type
        && flags == m.flags
        && seq == m.seq
        && portId == m.portId
        && Arrays.equals(
            buf,
            payloadOffset,
            payloadOffset + payloadLength,
            m.buf,
            m.payloadOffset,
            m.payloadOffset + m.payloadLength);
  }

  @Override
  public int hashCode() {
    int h = 31 * (31 * (31 * type + flags) + seq) + portId;
    for (int i = payloadOffset; i < payloadOffset + payloadLength; i++) {
      h = 31 * h + buf[i];
    }
    return h;
  }

  @Override
  public String toString() {
    return "Message[type="
        + type
        + ", flags=0x"
        + Integer.toHexString(flags)
        + ", seq="
        + Integer.toUnsignedString(seq)
        + ", portId="
        + Integer.toUnsignedString(portId)
        + ", payloadLength="
        + payloadLength
        + "]";
  }
}

package nsplay.netlink;

import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Walks a receive buffer holding several netlink messages (one recvmsg of a dump returns many).
 * Like libmnl's mnl_nlmsg_ok, it stops at the first header that does not fit or whose length is
 * impossible, without throwing; {@link #truncated()} then says whether bytes were left over.
 */
public final class MessageIterator implements Iterator<Message> {
  private final byte[] buf;
  private final int end;
  private int pos;
  private Message next;
  private boolean truncated;

  /** Iterates over {@code buf[0, len)}. */
  public MessageIterator(byte[] buf, int len) {
    this(buf, 0, len);
  }

  /** Iterates over {@code buf[offset, offset + length)}. */
  public MessageIterator(byte[] buf, int offset, int length) {
    if (buf == null) {
      throw new IllegalArgumentException("buf must not be null");
    }
    if (offset < 0 || length < 0 || (long) offset + length > buf.length) {
      throw new IllegalArgumentException(
          "region [" + offset + ", +" + length + ") is outside buf of " + buf.length + " bytes");
    }
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
    advance();
  }

  @Override
  public boolean hasNext() {
    return next != null;
  }

  @Override
  public Message next() {
    if (next == null) {
      throw new NoSuchElementException();
    }
    Message m = next;
    advance();
    return m;
  }

  /**
   * True when the walk stopped before the end of the region because a header or length was bad: the
   * remaining bytes were ignored. Meaningful once {@link #hasNext()} is false.
   */
  public boolean truncated() {
    return truncated;
  }

  private void advance() {
    next = null;
    int remaining = end - pos;
    if (remaining == 0) {
      return;
    }
    if (remaining < Nl.NLMSG_HDRLEN) {
      truncated = true;
      return;
    }
    // nlmsg_len is a u32; anything shorter than a header or past the region is garbage.
    long len = Integer.toUnsignedLong(Bytes.u32(buf, pos, Nl.ORDER));
    if (len < Nl.NLMSG_HDRLEN || len > remaining) {
      truncated = true;
      return;
    }
    int n = (int) len;
    byte[] copy = Arrays.copyOfRange(buf, pos, pos + n);
    next =
        new Message(
            Bytes.u16(copy, 4, Nl.ORDER),
            Bytes.u16(copy, 6, Nl.ORDER),
            Bytes.u32(copy, 8, Nl.ORDER),
            Bytes.u32(copy, 12, Nl.ORDER),
            copy,
            Nl.NLMSG_HDRLEN,
            n - Nl.NLMSG_HDRLEN);
    // The last message of a buffer may lack its trailing padding.
    pos += Math.min(Nl.align(n), remaining);
  }
}

package nsplay.netlink;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One attribute of a received message: its type (flags masked off) and a view of its payload. Used
 * when order or repetition matters, e.g. nf_tables expression lists where every element is an
 * NFTA_LIST_ELEM.
 */
public final class Attr {
  private final int rawType;
  private final byte[] buf;
  private final int offset;
  private final int length;

  Attr(int rawType, byte[] buf, int offset, int length) {
    this.rawType = rawType;
    this.buf = buf;
    this.offset = offset;
    this.length = length;
  }

  /** nla_type with {@link Nl#NLA_F_NESTED} and {@link Nl#NLA_F_NET_BYTEORDER} masked off. */
  public int type() {
    return rawType & Nl.NLA_TYPE_MASK;
  }

  /** nla_type as received, flags included. */
  public int rawType() {
    return rawType;
  }

  /** True when the sender set {@link Nl#NLA_F_NESTED}. */
  public boolean isNested() {
    return (rawType & Nl.NLA_F_NESTED) != 0;
  }

  /** Payload length in bytes (without header and padding). */
  public int length() {
    return length;
  }

  /** A copy of the payload. */
  public byte[] bytes() {
    return Arrays.copyOfRange(buf, offset, offset + length);
  }

  /** The payload parsed as attributes (whether or not NLA_F_NESTED was set). */
  public Attrs nested() {
    return Attrs.parse(buf, offset, length);
  }

  /** The payload as UTF-8, cut at the first NUL. */
  public String string() {
    int n = 0;
    while (n < length && buf[offset + n] != 0) {
      n++;
    }
    return new String(buf, offset, n, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "Attr[type=" + type() + ", length=" + length + "]";
  }
}

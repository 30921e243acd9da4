package nsplay.netlink;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The attributes of one region (a message after its family header, or a nest's payload).
 *
 * <p>Parsing follows libmnl's mnl_attr_ok: it stops at the first attribute whose header does not
 * fit or whose nla_len is below 4 or past the region, never throws on malformed input, and records
 * that in {@link #truncated()}.
 *
 * <p>Lookups by type mask off {@link Nl#NLA_F_NESTED} and {@link Nl#NLA_F_NET_BYTEORDER} and return
 * the <em>first</em> attribute of that type. When absent (or too short for the requested width) the
 * getters return a default: 0 for the integer getters without a default argument, {@code null} for
 * {@link #string} and {@link #bytes}, and an empty {@code Attrs} for {@link #nested} so lookups can
 * be chained.
 */
public final class Attrs {
  private static final Attrs EMPTY = new Attrs(List.of(), false);

  private final List<Attr> attrs;
  private final boolean truncated;

  private Attrs(List<Attr> attrs, boolean truncated) {
    this.attrs = attrs;
    this.truncated = truncated;
  }

  /** No attributes. */
  public static Attrs empty() {
    return EMPTY;
  }

  /**
   * Parses the attributes in {@code buf[offset, offset + length)}. The region must lie inside
   * {@code buf} (a caller bug otherwise); its content may be anything.
   */
  public static Attrs parse(byte[] buf, int offset, int length) {
    if (buf == null) {
      throw new IllegalArgumentException("buf must not be null");
    }
    if (offset < 0 || length < 0 || (long) offset + length > buf.length) {
      throw new IllegalArgumentException(
          "region [" + offset + ", +" + length + ") is outside buf of " + buf.length + " bytes");
    }
    List<Attr> out = new ArrayList<>();
    int pos = offset;
    int end = offset + length;
    boolean truncated = false;
    while (pos < end) {
      int remaining = end - pos;
      if (remaining < Nl.NLA_HDRLEN) {
        truncated = true;
        break;
      }
      int nlaLen = Bytes.u16(buf, pos, Nl.ORDER);
      if (nlaLen < Nl.NLA_HDRLEN || nlaLen > remaining) {
        truncated = true;
        break;
      }
      int rawType = Bytes.u16(buf, pos + 2, Nl.ORDER);
      out.add(new Attr(rawType, buf, pos + Nl.NLA_HDRLEN, nlaLen - Nl.NLA_HDRLEN));
      // The last attribute of a region may lack its padding.
      pos += Math.min(Nl.align(nlaLen), remaining);
    }
    return new Attrs(Collections.unmodifiableList(out), truncated);
  }

  /** All attributes in wire order, repeats included. */
  public List<Attr> all() {
    return attrs;
  }

  /** Number of attributes parsed. */
  public int size() {
    return attrs.size();
  }

  /** True when parsing stopped early on a malformed or cut-off attribute. */
  public boolean truncated() {
    return truncated;
  }

  public boolean has(int type) {
    return find(type) != null;
  }

  /** The first attribute of {@code type}, or null. */
  public Attr get(int type) {
    return find(type);
  }

  public int u8(int type) {
    return u8(type, 0);
  }

  public int u8(int type, int dflt) {
    Attr a = find(type);
    return a == null || a.length() < 1 ? dflt : a.bytes()[0] & 0xff;
  }

  /** Host-order u16 (rtnetlink). */
  public int u16(int type) {
    return u16(type, 0);
  }

  public int u16(int type, int dflt) {
    Attr a = find(type);
    return a == null || a.length() < 2 ? dflt : Bytes.u16(a.bytes(), 0, Nl.ORDER);
  }

  /** Host-order u32 (rtnetlink); unsigned values above 2^31 come back negative. */
  public int u32(int type) {
    return u32(type, 0);
  }

  public int u32(int type, int dflt) {
    return int32(type, dflt, Nl.ORDER);
  }

  /** Big-endian u16 (nf_tables). */
  public int u16Be(int type) {
    Attr a = find(type);
    return a == null || a.length() < 2 ? 0 : Bytes.u16(a.bytes(), 0, ByteOrder.BIG_ENDIAN);
  }

  /** Big-endian u32 (nf_tables). */
  public int u32Be(int type) {
    return u32Be(type, 0);
  }

  public int u32Be(int type, int dflt) {
    return int32(type, dflt, ByteOrder.BIG_ENDIAN);
  }

  /** Big-endian u64 (nf_tables handles). */
  public long u64Be(int type) {
    return u64Be(type, 0L);
  }

  public long u64Be(int type, long dflt) {
    Attr a = find(type);
    return a == null || a.length() < 8 ? dflt : Bytes.u64(a.bytes(), 0, ByteOrder.BIG_ENDIAN);
  }

  /** UTF-8 text up to the first NUL, or null when absent. */
  public String string(int type) {
    Attr a = find(type);
    return a == null ? null : a.string();
  }

  /** A copy of the payload, or null when absent. */
  public byte[] bytes(int type) {
    Attr a = find(type);
    return a == null ? null : a.bytes();
  }

  /** The first attribute of {@code type} parsed as a nest, or an empty {@code Attrs}. */
  public Attrs nested(int type) {
    Attr a = find(type);
    return a == null ? EMPTY : a.nested();
  }

  /** Every attribute of {@code type}, each parsed as a nest, in wire order. */
  public List<Attrs> nestedList(int type) {
    List<Attrs> out = new ArrayList<>();
    for (Attr a : attrs) {
      if (a.type() == (type & Nl.NLA_TYPE_MASK)) {
        out.add(a.nested());
      }
    }
    return Collections.unmodifiableList(out);
  }

  private int int32(int type, int dflt, ByteOrder order) {
    Attr a = find(type);
    return a == null || a.length() < 4 ? dflt : Bytes.u32(a.bytes(), 0, order);
  }

  private Attr find(int type) {
    int t = type & Nl.NLA_TYPE_MASK;
    for (Attr a : attrs) {
      if (a.type() == t) {
        return a;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "Attrs" + attrs + (truncated ? " (truncated)" : "");
  }
}

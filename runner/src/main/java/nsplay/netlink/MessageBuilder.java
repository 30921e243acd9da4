package nsplay.netlink;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Builds one netlink message: header, optional family header ({@link #putStruct}), then attributes,
 * each 4-byte aligned with zero padding (the libmnl model: put, nest_start, nest_end).
 *
 * <p>Integers written by {@code putU16}/{@code putU32} are in host order (rtnetlink); the {@code
 * ...Be} variants write big-endian (nf_tables). The header's length, sequence number and port id
 * are filled in by {@link #build(int)}; the port id is always 0 (the kernel).
 *
 * <p>Not thread-safe; a builder can be built several times (e.g. with different sequence numbers).
 */
public final class MessageBuilder {
  /** Largest payload one attribute can carry: nla_len is a u16 that includes the header. */
  public static final int MAX_ATTR_PAYLOAD = 0xffff - Nl.NLA_HDRLEN;

  private final int type;
  private final int flags;
  private byte[] buf = new byte[256];
  private int len = Nl.NLMSG_HDRLEN;
  private final Deque<Integer> openNests = new ArrayDeque<>();

  /**
   * @param type nlmsg_type, 0..0xffff
   * @param flags nlmsg_flags, 0..0xffff (see {@link Nl})
   */
  public MessageBuilder(int type, int flags) {
    this.type = checkU16("type", type);
    this.flags = checkU16("flags", flags);
  }

  /** Current length in bytes, header included (what nlmsg_len would be now). */
  public int length() {
    return len;
  }

  /**
   * Appends a fixed family header (ifinfomsg, ifaddrmsg, rtmsg, nfgenmsg...), padded to 4 bytes.
   * Call it before any attribute.
   */
  public MessageBuilder putStruct(byte[] fixedHeader) {
    requireNonNull("fixedHeader", fixedHeader);
    append(fixedHeader, 0, fixedHeader.length);
    return this;
  }

  /** A u8 attribute (payload 1 byte, padded to 4). */
  public MessageBuilder putU8(int type, int v) {
    checkRange("value", v, 0, 0xff);
    return putAttr(type, new byte[] {(byte) v});
  }

  /** A u16 attribute in host order. */
  public MessageBuilder putU16(int type, int v) {
    checkU16("value", v);
    return putAttr(type, Bytes.u16(v, Nl.ORDER));
  }

  /** A u32 attribute in host order; any int is accepted (treated as unsigned). */
  public MessageBuilder putU32(int type, int v) {
    return putAttr(type, Bytes.u32(v, Nl.ORDER));
  }

  /** A u16 attribute in network (big-endian) order. */
  public MessageBuilder putU16Be(int type, int v) {
    checkU16("value", v);
    return putAttr(type, Bytes.u16(v, ByteOrder.BIG_ENDIAN));
  }

  /** A u32 attribute in network (big-endian) order; any int (signed priorities too). */
  public MessageBuilder putU32Be(int type, int v) {
    return putAttr(type, Bytes.u32(v, ByteOrder.BIG_ENDIAN));
  }

  /** A u64 attribute in network (big-endian) order (nf_tables handles). */
  public MessageBuilder putU64Be(int type, long v) {
    return putAttr(type, Bytes.u64(v, ByteOrder.BIG_ENDIAN));
  }

  /** A NUL-terminated UTF-8 string attribute (NLA_NUL_STRING / mnl_attr_put_strz). */
  public MessageBuilder putString(int type, String s) {
    requireNonNull("s", s);
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
    for (byte b : utf8) {
      if (b == 0) {
        throw new IllegalArgumentException("s contains a NUL character: \"" + s + "\"");
      }
    }
    return putAttr(type, Arrays.copyOf(utf8, utf8.length + 1));
  }

  /** An attribute with arbitrary payload (addresses, user data). */
  public MessageBuilder putBytes(int type, byte[] b) {
    requireNonNull("b", b);
    return putAttr(type, b);
  }

  /** A zero-length attribute whose presence is the information (NLA_FLAG). */
  public MessageBuilder putFlag(int type) {
    return putAttr(type, new byte[0]);
  }

  /**
   * Opens a nested attribute without {@link Nl#NLA_F_NESTED} (rtnetlink accepts both). Returns a
   * token for {@link #nestEnd(int)}.
   */
  public int nestStart(int type) {
    checkU16("type", type);
    int start = len;
    append(new byte[Nl.NLA_HDRLEN], 0, Nl.NLA_HDRLEN);
    Bytes.putU16(buf, start + 2, type, Nl.ORDER);
    openNests.push(start);
    return start;
  }

  /**
   * Opens a nested attribute with {@link Nl#NLA_F_NESTED} set, as nf_tables requires (it rejects
   * nests without it with EINVAL).
   */
  public int nestStartNested(int type) {
    checkRange("type", type, 0, Nl.NLA_TYPE_MASK);
    return nestStart(type | Nl.NLA_F_NESTED);
  }

  /**
   * Closes the most recently opened nest: its nla_len becomes everything written since.
   *
   * @throws IllegalArgumentException if {@code token} is not the innermost open nest
   */
  public MessageBuilder nestEnd(int token) {
    Integer top = openNests.peek();
    if (top == null || top != token) {
      throw new IllegalArgumentException(
          "token " + token + " is not the innermost open nest (open: " + openNests + ")");
    }
    int nestLen = len - token;
    if (nestLen > 0xffff) {
      throw new IllegalStateException("nest at " + token + " is " + nestLen + " bytes, > 65535");
    }
    openNests.pop();
    Bytes.putU16(buf, token, nestLen, Nl.ORDER);
    return this;
  }

  /**
   * Returns a copy of the message with nlmsg_len, nlmsg_seq and nlmsg_pid (0) filled in.
   *
   * @throws IllegalStateException if a nest is still open
   */
  public byte[] build(int seq) {
    if (!openNests.isEmpty()) {
      throw new IllegalStateException("nests still open at offsets " + openNests);
    }
    byte[] out = Arrays.copyOf(buf, len);
    Bytes.putU32(out, 0, len, Nl.ORDER);
    Bytes.putU16(out, 4, type, Nl.ORDER);
    Bytes.putU16(out, 6, flags, Nl.ORDER);
    Bytes.putU32(out, 8, seq, Nl.ORDER);
    Bytes.putU32(out, 12, 0, Nl.ORDER);
    return out;
  }

  private MessageBuilder putAttr(int type, byte[] payload) {
    checkU16("type", type);
    if (payload.length > MAX_ATTR_PAYLOAD) {
      throw new IllegalArgumentException(
          "attribute " + type + " payload is " + payload.length + " bytes, > " + MAX_ATTR_PAYLOAD);
    }
    int start = len;
    append(new byte[Nl.NLA_HDRLEN], 0, Nl.NLA_HDRLEN);
    Bytes.putU16(buf, start, Nl.NLA_HDRLEN + payload.length, Nl.ORDER);
    Bytes.putU16(buf, start + 2, type, Nl.ORDER);
    append(payload, 0, payload.length);
    return this;
  }

  /** Appends and pads to 4 bytes; the padding is zero because the array starts zeroed. */
  private void append(byte[] src, int off, int n) {
    int newLen = len + Nl.align(n);
    if (newLen > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(newLen, buf.length * 2));
    }
    System.arraycopy(src, off, buf, len, n);
    len = newLen;
  }

  private static int checkU16(String name, int v) {
    return checkRange(name, v, 0, 0xffff);
  }

  private static int checkRange(String name, int v, int min, int max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(name + " must be in " + min + ".." + max + ", got " + v);
    }
    return v;
  }

  private static void requireNonNull(String name, Object o) {
    if (o == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
  }
}

package nsplay.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/** Small integer (de)serialisation helpers; explicit byte order everywhere. */
public final class Bytes {
  private Bytes() {}

  public static byte[] u16(int v, ByteOrder order) {
    byte[] b = new byte[2];
    putU16(b, 0, v, order);
    return b;
  }

  public static byte[] u32(int v, ByteOrder order) {
    byte[] b = new byte[4];
    putU32(b, 0, v, order);
    return b;
  }

  public static byte[] u64(long v, ByteOrder order) {
    return ByteBuffer.allocate(8).order(order).putLong(v).array();
  }

  // The four below by hand, not through ByteBuffer.wrap: C1, the only compiler nsplay's short runs
  // use, does not remove the wrapper's allocation, and the wrappers were ~40 ms of an up of 500
  // namespaces under a profiler (every attribute header goes through here). BytesTest checks them
  // against ByteBuffer.

  public static void putU16(byte[] b, int off, int v, ByteOrder order) {
    Objects.checkFromIndexSize(off, 2, b.length);
    if (order == ByteOrder.BIG_ENDIAN) {
      b[off] = (byte) (v >>> 8);
      b[off + 1] = (byte) v;
    } else {
      b[off] = (byte) v;
      b[off + 1] = (byte) (v >>> 8);
    }
  }

  public static void putU32(byte[] b, int off, int v, ByteOrder order) {
    Objects.checkFromIndexSize(off, 4, b.length);
    if (order == ByteOrder.BIG_ENDIAN) {
      b[off] = (byte) (v >>> 24);
      b[off + 1] = (byte) (v >>> 16);
      b[off + 2] = (byte) (v >>> 8);
      b[off + 3] = (byte) v;
    } else {
      b[off] = (byte) v;
      b[off + 1] = (byte) (v >>> 8);
      b[off + 2] = (byte) (v >>> 16);
      b[off + 3] = (byte) (v >>> 24);
    }
  }

  /** Unsigned 16-bit value at {@code off}. */
  public static int u16(byte[] b, int off, ByteOrder order) {
    Objects.checkFromIndexSize(off, 2, b.length);
    int b0 = b[off] & 0xff;
    int b1 = b[off + 1] & 0xff;
    return order == ByteOrder.BIG_ENDIAN ? b0 << 8 | b1 : b1 << 8 | b0;
  }

  public static int u32(byte[] b, int off, ByteOrder order) {
    Objects.checkFromIndexSize(off, 4, b.length);
    int b0 = b[off] & 0xff;
    int b1 = b[off + 1] & 0xff;
    int b2 = b[off + 2] & 0xff;
    int b3 = b[off + 3] & 0xff;
    return order == ByteOrder.BIG_ENDIAN
        ? b0 << 24 | b1 << 16 | b2 << 8 | b3
        : b3 << 24 | b2 << 16 | b1 << 8 | b0;
  }

  public static long u64(byte[] b, int off, ByteOrder order) {
    return ByteBuffer.wrap(b).order(order).getLong(off);
  }
}

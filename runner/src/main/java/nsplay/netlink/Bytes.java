package nsplay.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

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

  public static void putU16(byte[] b, int off, int v, ByteOrder order) {
    ByteBuffer.wrap(b).order(order).putShort(off, (short) v);
  }

  public static void putU32(byte[] b, int off, int v, ByteOrder order) {
    ByteBuffer.wrap(b).order(order).putInt(off, v);
  }

  /** Unsigned 16-bit value at {@code off}. */
  public static int u16(byte[] b, int off, ByteOrder order) {
    return ByteBuffer.wrap(b).order(order).getShort(off) & 0xffff;
  }

  public static int u32(byte[] b, int off, ByteOrder order) {
    return ByteBuffer.wrap(b).order(order).getInt(off);
  }

  public static long u64(byte[] b, int off, ByteOrder order) {
    return ByteBuffer.wrap(b).order(order).getLong(off);
  }
}

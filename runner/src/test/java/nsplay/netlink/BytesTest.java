package nsplay.netlink;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written conversions of Bytes agree with ByteBuffer's, in both orders. */
class BytesTest {
  private static final ByteOrder[] ORDERS = {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN};

  @Test
  void agreeWithByteBuffer() {
    Random r = new Random(42);
    int[] edges = {0, 1, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, -1, Integer.MIN_VALUE};
    for (ByteOrder order : ORDERS) {
      for (int i = 0; i < 2000; i++) {
        int v = i < edges.length ? edges[i] : r.nextInt();
        int off = r.nextInt(5);
        byte[] want = new byte[off + 4];
        byte[] got = new byte[off + 4];
        ByteBuffer.wrap(want).order(order).putInt(off, v);
        Bytes.putU32(got, off, v, order);
        assertArrayEquals(want, got);
        assertEquals(v, Bytes.u32(got, off, order));
        want = new byte[off + 2];
        got = new byte[off + 2];
        ByteBuffer.wrap(want).order(order).putShort(off, (short) v);
        Bytes.putU16(got, off, v, order);
        assertArrayEquals(want, got);
        assertEquals(v & 0xffff, Bytes.u16(got, off, order));
      }
    }
  }

  @Test
  void outOfRangeWritesNothing() {
    for (ByteOrder order : ORDERS) {
      byte[] b = new byte[3];
      assertThrows(IndexOutOfBoundsException.class, () -> Bytes.putU32(b, 0, -1, order));
      assertThrows(IndexOutOfBoundsException.class, () -> Bytes.putU16(b, 2, -1, order));
      assertThrows(IndexOutOfBoundsException.class, () -> Bytes.u32(b, 0, order));
      assertThrows(IndexOutOfBoundsException.class, () -> Bytes.u16(b, -1, order));
      assertArrayEquals(new byte[3], b);
    }
  }
}

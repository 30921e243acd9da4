package nsplay.net;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Classic pcap files (the libpcap format of tcpdump -w, which Wireshark and tshark read): a 24-byte
 * file header, then per frame a 16-byte record header and the frame's bytes. Written little-endian
 * with microsecond timestamps (magic 0xa1b2c3d4) and link type Ethernet; read in either byte order
 * and with either timestamp precision.
 */
public final class Pcap {
  /** The magic number of microsecond timestamps; 0xa1b23c4d marks nanoseconds. */
  public static final int MAGIC = 0xa1b2c3d4;

  private static final int MAGIC_NANOS = 0xa1b23c4d;

  /** LINKTYPE_ETHERNET: frames start with the Ethernet header. */
  public static final int LINKTYPE_ETHERNET = 1;

  public static final int FILE_HEADER = 24;
  public static final int RECORD_HEADER = 16;

  private Pcap() {}

  /** The file header: magic, version 2.4, zone 0, sigfigs 0, snaplen, link type. */
  public static byte[] fileHeader(int snaplen, int linkType) {
    return ByteBuffer.allocate(FILE_HEADER)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(MAGIC)
        .putShort((short) 2)
        .putShort((short) 4)
        .putInt(0)
        .putInt(0)
        .putInt(snaplen)
        .putInt(linkType)
        .array();
  }

  /** A record header: the time (seconds, microseconds), the bytes kept, the length on the wire. */
  public static byte[] recordHeader(long seconds, int micros, int kept, int length) {
    return ByteBuffer.allocate(RECORD_HEADER)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt((int) seconds)
        .putInt(micros)
        .putInt(kept)
        .putInt(length)
        .array();
  }

  /**
   * Writes a pcap stream: the header at once, then one record per {@link #write}. With {@code
   * flushEach}, every record is flushed as it is written (a pipe into Wireshark shows each frame at
   * once); the file is valid after each record.
   */
  public static final class Writer implements AutoCloseable {
    private final OutputStream out;
    private final boolean flushEach;
    private long count;

    public Writer(OutputStream out, int snaplen, boolean flushEach) throws IOException {
      this.out = out;
      this.flushEach = flushEach;
      out.write(fileHeader(snaplen, LINKTYPE_ETHERNET));
      out.flush();
    }

    /** One frame: {@code data} as kept, {@code length} its length on the wire. */
    public void write(long seconds, int micros, byte[] data, int length) throws IOException {
      out.write(recordHeader(seconds, micros, data.length, length));
      out.write(data);
      count++;
      if (flushEach) {
        out.flush();
      }
    }

    /** The records written. */
    public long count() {
      return count;
    }

    public void flush() throws IOException {
      out.flush();
    }

    @Override
    public void close() throws IOException {
      out.close();
    }
  }

  /** One record read back. */
  public record Record(long seconds, int micros, int length, byte[] data) {}

  /**
   * A file read back.
   *
   * @param cut whether the last record was cut short (a writer killed in the middle of one)
   */
  public record File(int snaplen, int linkType, List<Record> records, boolean cut) {}

  /**
   * Reads a whole pcap file; a last record cut short is left out ({@code cut}).
   *
   * @throws IllegalArgumentException when it does not start like a pcap file
   */
  public static File read(byte[] bytes) {
    if (bytes.length < FILE_HEADER) {
      throw new IllegalArgumentException(
          "not a pcap file: " + bytes.length + " bytes, shorter than its header");
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.getInt(0);
    if (magic != MAGIC && magic != MAGIC_NANOS) {
      b.order(ByteOrder.BIG_ENDIAN);
      magic = b.getInt(0);
      if (magic != MAGIC && magic != MAGIC_NANOS) {
        throw new IllegalArgumentException(
            "not a pcap file: magic " + Integer.toHexString(b.getInt(0)));
      }
    }
    boolean nanos = magic == MAGIC_NANOS;
    if (b.getShort(4) != 2) {
      throw new IllegalArgumentException("pcap version " + b.getShort(4) + " is not 2");
    }
    int snaplen = b.getInt(16);
    int linkType = b.getInt(20);
    List<Record> records = new ArrayList<>();
    int at = FILE_HEADER;
    while (at + RECORD_HEADER <= bytes.length) {
      long seconds = Integer.toUnsignedLong(b.getInt(at));
      int fraction = b.getInt(at + 4);
      int kept = b.getInt(at + 8);
      int length = b.getInt(at + 12);
      if (kept < 0 || at + RECORD_HEADER + kept > bytes.length) {
        break;
      }
      byte[] data = new byte[kept];
      System.arraycopy(bytes, at + RECORD_HEADER, data, 0, kept);
      records.add(new Record(seconds, nanos ? fraction / 1000 : fraction, length, data));
      at += RECORD_HEADER + kept;
    }
    return new File(snaplen, linkType, List.copyOf(records), at != bytes.length);
  }
}

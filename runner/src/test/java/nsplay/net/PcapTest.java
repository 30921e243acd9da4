package nsplay.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The pcap file format, byte for byte (libpcap's savefile.c and sf-pcap.c), and read back. */
class PcapTest {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void fileHeaderIsLibpcapsForEthernetInMicroseconds() {
    // magic a1b2c3d4, version 2.4, thiszone 0, sigfigs 0, snaplen 262144, LINKTYPE_ETHERNET,
    // little-endian: what tcpdump -w writes on x86.
    assertEquals(
        "d4c3b2a1" + "0200" + "0400" + "00000000" + "00000000" + "00000400" + "01000000",
        HEX.formatHex(Pcap.fileHeader(262144, Pcap.LINKTYPE_ETHERNET)));
  }

  @Test
  void recordHeaderIsTimeKeptAndWireLength() {
    assertEquals(
        "d2029649" + "40e20100" + "3c000000" + "62000000",
        HEX.formatHex(Pcap.recordHeader(1234567890L, 123456, 60, 98)));
  }

  @Test
  void writtenFramesReadBack() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] one = HEX.parseHex("ffffffffffff0200000000010806");
    byte[] two = new byte[98];
    Arrays.fill(two, (byte) 0x5a);
    try (Pcap.Writer w = new Pcap.Writer(bytes, 64, false)) {
      assertEquals(24, bytes.size(), "the header is written at once");
      w.write(1700000000L, 999999, one, 60);
      w.write(1700000001L, 0, two, 98);
      assertEquals(2, w.count());
    }
    byte[] file = bytes.toByteArray();
    assertEquals(24 + 16 + one.length + 16 + two.length, file.length);
    Pcap.File f = Pcap.read(file);
    assertEquals(64, f.snaplen());
    assertEquals(Pcap.LINKTYPE_ETHERNET, f.linkType());
    assertFalse(f.cut());
    assertEquals(2, f.records().size());
    Pcap.Record r = f.records().get(0);
    assertEquals(1700000000L, r.seconds());
    assertEquals(999999, r.micros());
    assertEquals(60, r.length());
    assertArrayEquals(one, r.data());
    assertArrayEquals(two, f.records().get(1).data());
  }

  @Test
  void aRecordCutShortIsLeftOutAndSaid() throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Pcap.Writer w = new Pcap.Writer(bytes, 65535, false)) {
      w.write(1, 2, new byte[] {1, 2, 3}, 3);
      w.write(3, 4, new byte[] {4, 5, 6}, 3);
    }
    byte[] whole = bytes.toByteArray();
    Pcap.File cut = Pcap.read(Arrays.copyOf(whole, whole.length - 1));
    assertTrue(cut.cut());
    assertEquals(1, cut.records().size());
  }

  @Test
  void flushEachRecordWhenAsked() throws IOException {
    int[] flushes = {0};
    OutputStream counting =
        new OutputStream() {
          @Override
          public void write(int b) {}

          @Override
          public void flush() {
            flushes[0]++;
          }
        };
    try (Pcap.Writer w = new Pcap.Writer(counting, 65535, true)) {
      assertEquals(1, flushes[0], "the header");
      w.write(1, 0, new byte[1], 1);
      w.write(2, 0, new byte[1], 1);
      assertEquals(3, flushes[0], "one per record");
    }
  }

  @Test
  void bigEndianAndNanosecondFilesRead() {
    byte[] be =
        HEX.parseHex(
            "a1b23c4d"
                + "00020004"
                + "00000000"
                + "00000000"
                + "0000ffff"
                + "00000001"
                + "00000005"
                + "000f4240"
                + "00000001"
                + "00000001"
                + "aa");
    Pcap.File f = Pcap.read(be);
    assertEquals(65535, f.snaplen());
    assertEquals(5, f.records().get(0).seconds());
    assertEquals(1000, f.records().get(0).micros(), "1000000 ns");
  }

  @Test
  void notAPcapFileIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Pcap.read(new byte[10]));
    assertThrows(IllegalArgumentException.class, () -> Pcap.read(new byte[24]));
  }
}

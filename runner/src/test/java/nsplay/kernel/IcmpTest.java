package nsplay.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class IcmpTest {
  @Test
  void echoRequestsOfBothVersions() {
    byte[] v4 = Icmp.echoRequest(0x1234, 7);
    byte[] v6 = Icmp.echo6Request(0x1234, 7);
    assertEquals(64, v4.length, "8 bytes of header and ping's 56 of payload");
    assertEquals(64, v6.length);
    assertEquals(8, v4[0], "ICMP echo request");
    assertEquals(128, v6[0] & 0xff, "ICMPv6 echo request");
    assertEquals(0, Icmp.checksum(v4), "a packet with its checksum sums to zero");
    assertEquals(0, v6[2] | v6[3], "the kernel fills in the ICMPv6 checksum");
    for (byte[] p : new byte[][] {v4, v6}) {
      assertEquals(0x12, p[4]);
      assertEquals(0x34, p[5]);
      assertEquals(7, p[7]);
      assertEquals(55, p[63]);
    }
  }
}

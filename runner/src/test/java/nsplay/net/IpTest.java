package nsplay.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpTest {
  @Test
  void parsesDottedQuad() {
    Ip ip = Ip.parse("192.168.15.1");
    assertTrue(ip.isV4());
    assertEquals(32, ip.bits());
    assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 15, 1}, ip.bytes());
    assertEquals("192.168.15.1", ip.toString());
  }

  @Test
  void parsesIpv6WithCompression() {
    Ip ip = Ip.parse("2001:db8::1");
    assertFalse(ip.isV4());
    assertEquals(128, ip.bits());
    byte[] want = new byte[16];
    want[0] = 0x20;
    want[1] = 0x01;
    want[2] = 0x0d;
    want[3] = (byte) 0xb8;
    want[15] = 1;
    assertArrayEquals(want, ip.bytes());
  }

  @Test
  void compressionAtEitherEndAndAlone() {
    assertArrayEquals(new byte[16], Ip.parse("::").bytes());
    byte[] loopback = new byte[16];
    loopback[15] = 1;
    assertArrayEquals(loopback, Ip.parse("::1").bytes());
    byte[] fe80 = new byte[16];
    fe80[0] = (byte) 0xfe;
    fe80[1] = (byte) 0x80;
    assertArrayEquals(fe80, Ip.parse("fe80::").bytes());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // RFC 5952 section 4: lower case, no leading zeros, longest zero run compressed,
    // the first of equal runs, and a single zero group is not compressed.
    "::, ::",
    "::1, ::1",
    "0:0:0:0:0:0:0:1, ::1",
    "1::, 1::",
    "2001:DB8::1, 2001:db8::1",
    "2001:0db8:0000:0000:0000:0000:0000:0001, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:0:0:1:0:0:0:1, 2001:0:0:1::1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:db8::0:1, 2001:db8::1",
    "1:2:3:4:5:6:7:8, 1:2:3:4:5:6:7:8",
    "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    "::2:3:4:5:6:7:8, 0:2:3:4:5:6:7:8",
    "fe80::a:0:0:0:b, fe80:0:0:a::b",
  })
  void ipv6TextIsCanonical(String in, String out) {
    assertEquals(out, Ip.parse(in).toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1.2.3",
        "1.2.3.4.5",
        "256.1.1.1",
        "1.2.3.-4",
        "1.2.3.",
        ".1.2.3",
        "1..2.3",
        "1.2.3.4 ",
        "0x1.2.3.4",
        "1.2.3.1000",
        "a::b::c",
        ":::",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "12345::",
        "g::1",
        ":1::",
        "1::2:",
        "localhost",
      })
  void rejects(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ip.parse(text));
    assertEquals("not an IP address: \"" + text + "\"", e.getMessage());
  }

  @Test
  void equalityIsByBytes() {
    assertEquals(Ip.parse("2001:db8::1"), Ip.parse("2001:0DB8:0:0:0:0:0:1"));
    assertEquals(Ip.parse("2001:db8::1").hashCode(), Ip.parse("2001:DB8::1").hashCode());
    assertNotEquals(Ip.parse("10.0.0.1"), Ip.parse("10.0.0.2"));
    assertEquals(Ip.parse("10.0.0.1"), Ip.of(new byte[] {10, 0, 0, 1}));
  }

  @Test
  void ofChecksLengthAndCopies() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Ip.of(new byte[5]));
    assertEquals("address must be 4 or 16 bytes, got 5", e.getMessage());
    byte[] b = {10, 0, 0, 1};
    Ip ip = Ip.of(b);
    b[3] = 9;
    ip.bytes()[3] = 7;
    assertEquals("10.0.0.1", ip.toString());
  }
}

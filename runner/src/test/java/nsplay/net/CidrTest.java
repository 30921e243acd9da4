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

class CidrTest {
  @Test
  void keepsHostBits() {
    Cidr c = Cidr.parse("192.168.15.1/24");
    assertEquals(Ip.parse("192.168.15.1"), c.address());
    assertEquals(24, c.prefixLength());
    assertEquals("192.168.15.1/24", c.toString());
  }

  @Test
  void parsesIpv6() {
    Cidr c = Cidr.parse("2001:DB8::1/64");
    assertEquals("2001:db8::1/64", c.toString());
    assertEquals("2001:db8::/64", c.network().toString());
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "192.168.15.1/24, 192.168.15.0/24",
    "192.168.15.1/32, 192.168.15.1/32",
    "10.1.2.3/0, 0.0.0.0/0",
    "10.255.255.255/9, 10.128.0.0/9",
    "172.16.5.4/12, 172.16.0.0/12",
    "2001:db8:1:2::5/48, 2001:db8:1::/48",
    "2001:db8::ffff/127, 2001:db8::fffe/127",
  })
  void networkClearsHostBits(String in, String network) {
    assertEquals(network, Cidr.parse(in).network().toString());
  }

  @ParameterizedTest(name = "/{0} -> {1}")
  @CsvSource({
    "0, 0.0.0.0",
    "1, 128.0.0.0",
    "8, 255.0.0.0",
    "20, 255.255.240.0",
    "24, 255.255.255.0",
    "31, 255.255.255.254",
    "32, 255.255.255.255",
  })
  void maskOfIpv4(int len, String mask) {
    assertArrayEquals(Ip.parse(mask).bytes(), Cidr.parse("10.0.0.1/" + len).mask());
  }

  @Test
  void maskOfIpv6() {
    assertArrayEquals(Ip.parse("ffff:ffff:ffff:ff80::").bytes(), Cidr.parse("::/57").mask());
    assertArrayEquals(new byte[16], Cidr.parse("::/0").mask());
  }

  @Test
  void contains() {
    Cidr net = Cidr.parse("192.168.15.5/24");
    assertTrue(net.contains(Ip.parse("192.168.15.0")));
    assertTrue(net.contains(Ip.parse("192.168.15.255")));
    assertFalse(net.contains(Ip.parse("192.168.16.1")));
    assertFalse(net.contains(Ip.parse("::ffff:c0a8:f01")), "another family is never inside");
    assertTrue(Cidr.parse("0.0.0.0/0").contains(Ip.parse("8.8.8.8")));
    assertTrue(Cidr.parse("2001:db8::/32").contains(Ip.parse("2001:db8:ffff::1")));
    assertFalse(Cidr.parse("2001:db8::/32").contains(Ip.parse("2001:db9::1")));
    assertTrue(Cidr.parse("10.0.0.1/32").contains(Ip.parse("10.0.0.1")));
    assertFalse(Cidr.parse("10.0.0.1/32").contains(Ip.parse("10.0.0.2")));
  }

  @Test
  void equalityKeepsHostBitsAndLength() {
    assertEquals(Cidr.parse("10.0.0.1/24"), Cidr.of(Ip.parse("10.0.0.1"), 24));
    assertEquals(
        Cidr.parse("10.0.0.1/24").hashCode(), Cidr.of(Ip.parse("10.0.0.1"), 24).hashCode());
    assertNotEquals(Cidr.parse("10.0.0.1/24"), Cidr.parse("10.0.0.0/24"));
    assertNotEquals(Cidr.parse("10.0.0.0/24"), Cidr.parse("10.0.0.0/25"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.1 | \"10.0.0.1\" has no prefix length (write it as ADDRESS/LENGTH, e.g."
            + " 10.0.0.1/24)",
        "1.2.3.4/33 | prefix length 33 is larger than 32 in \"1.2.3.4/33\"",
        "::1/129 | prefix length 129 is larger than 128 in \"::1/129\"",
        "1.2.3.4/ | bad prefix length in \"1.2.3.4/\"",
        "1.2.3.4/-1 | bad prefix length in \"1.2.3.4/-1\"",
        "1.2.3.4/+8 | bad prefix length in \"1.2.3.4/+8\"",
        "1.2.3.4/2a | bad prefix length in \"1.2.3.4/2a\"",
        "1.2.3.4/0024 | bad prefix length in \"1.2.3.4/0024\"",
        "1.2.3.4/24/1 | bad prefix length in \"1.2.3.4/24/1\"",
        "1.2.3/24 | not an IP address: \"1.2.3\"",
        "256.1.1.1/8 | not an IP address: \"256.1.1.1\"",
        "a::b::c/64 | not an IP address: \"a::b::c\"",
        "/24 | not an IP address: \"\"",
      })
  void rejects(String text, String message) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(text));
    assertEquals(message, e.getMessage());
  }

  @Test
  void ofChecksTheRange() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Cidr.of(Ip.parse("10.0.0.1"), 33));
    assertEquals("prefix length 33 out of range 0..32", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Cidr.of(Ip.parse("10.0.0.1"), -1));
    assertEquals("::/128", Cidr.of(Ip.parse("::"), 128).toString());
  }
}

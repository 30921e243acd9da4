package nsplay.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** Terraform's documented examples of cidrsubnet and cidrhost, and its errors. */
class CidrMathTest {
  private static String subnet(String prefix, int newbits, long netnum) {
    return CidrMath.cidrsubnet(prefix, newbits, BigInteger.valueOf(netnum));
  }

  private static String host(String prefix, long hostnum) {
    return CidrMath.cidrhost(prefix, BigInteger.valueOf(hostnum));
  }

  @Test
  void terraformsCidrsubnetExamples() {
    assertEquals("172.18.0.0/16", subnet("172.16.0.0/12", 4, 2));
    assertEquals("10.1.2.240/28", subnet("10.1.2.0/24", 4, 15));
    assertEquals("fd00:fd12:3456:7800:a200::/72", subnet("fd00:fd12:3456:7890::/56", 16, 162));
  }

  @Test
  void terraformsCidrhostExamples() {
    assertEquals("10.12.112.16", host("10.12.112.0/20", 16));
    assertEquals("10.12.113.12", host("10.12.112.0/20", 268));
    assertEquals("fd00:fd12:3456:7890::22", host("fd00:fd12:3456:7890:00a2::/72", 34));
  }

  @Test
  void negativeHostNumbersCountFromTheEnd() {
    assertEquals("10.0.0.255", host("10.0.0.0/24", -1));
    assertEquals("10.0.0.0", host("10.0.0.0/24", -256));
    assertEquals("10.0.0.254", host("10.0.0.0/24", 254));
    assertEquals("fd00::ffff", host("fd00::/112", -1));
  }

  @Test
  void hostBitsOfThePrefixAreIgnored() {
    assertEquals("10.1.2.1", host("10.1.2.77/24", 1));
    assertEquals("10.1.2.16/28", subnet("10.1.2.99/24", 4, 1));
  }

  @Test
  void zeroNewBitsIsThePrefixItself() {
    assertEquals("10.0.0.0/8", subnet("10.0.0.0/8", 0, 0));
  }

  @Test
  void instancePlansAsTheReadmeWritesThem() {
    assertEquals("10.0.7.1", host(subnet("10.0.0.0/8", 16, 7), 1));
    assertEquals("10.39.15.0/24", subnet("10.0.0.0/8", 16, 9999));
    assertEquals("10.0.0.0/32", subnet("10.0.0.0/8", 24, 0));
  }

  @Test
  void largeIpv6NumbersUseTheWholeWidth() {
    BigInteger big = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
    assertEquals("fd00::ffff:ffff:ffff:ffff", CidrMath.cidrhost("fd00::/64", big));
    assertEquals(
        "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
        CidrMath.cidrhost("::/0", BigInteger.ONE.negate()));
  }

  @Test
  void errorsAsTerraformsSayThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> subnet("10.0.0.0/24", 9, 0));
    assertTrue(e.getMessage().startsWith("insufficient address space to extend prefix of 24 by 9"));
    e = assertThrows(IllegalArgumentException.class, () -> subnet("10.0.0.0/24", 4, 16));
    assertTrue(
        e.getMessage()
            .startsWith("prefix extension of 4 does not accommodate a subnet numbered 16"));
    assertThrows(IllegalArgumentException.class, () -> subnet("10.0.0.0/24", 4, -1));
    assertThrows(IllegalArgumentException.class, () -> subnet("10.0.0.0/24", -1, 0));
    e = assertThrows(IllegalArgumentException.class, () -> host("10.0.0.0/24", 256));
    assertTrue(e.getMessage().startsWith("prefix of 24 does not accommodate a host numbered 256"));
    assertThrows(IllegalArgumentException.class, () -> host("10.0.0.0/24", -257));
    e = assertThrows(IllegalArgumentException.class, () -> host("10.0.0.0", 1));
    assertTrue(e.getMessage().startsWith("invalid CIDR prefix \"10.0.0.0\""));
    assertThrows(IllegalArgumentException.class, () -> subnet("fd00::/64", 65, 0));
  }
}

package nsplay.net;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.ZoneOffset;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** One line per frame, as tcpdump writes them tersely; frames as tshark dissects them. */
class FramesTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String ETH = "1e91b6b9417d" + "422b781745a0";

  @Test
  void icmpEchoRequest() {
    byte[] f =
        HEX.parseHex(
            ETH + "0800" + "4500005400004000400100000a6300010a630002" + "0800f7ff0b850001");
    assertEquals(
        "IP 10.99.0.1 > 10.99.0.2: ICMP echo request, id 2949, seq 1, length 98",
        Frames.summary(f, 98));
  }

  @Test
  void tcpWithPortsAndFlags() {
    byte[] f =
        HEX.parseHex(
            ETH
                + "0800"
                + "4500003c00004000400600000a6300010a630002"
                + "a0c60050"
                + "0000000000000000"
                + "a002faf000000000");
    assertEquals("IP 10.99.0.1.41158 > 10.99.0.2.80: TCP [S], length 74", Frames.summary(f, 74));
  }

  @Test
  void udp() {
    byte[] f =
        HEX.parseHex(
            ETH + "0800" + "4500002100004000401100000a6300010a630002" + "d43100350008abcd");
    assertEquals("IP 10.99.0.1.54321 > 10.99.0.2.53: UDP, length 47", Frames.summary(f, 47));
  }

  @Test
  void arpRequestAndReply() {
    String arp = "0001080006040001" + "422b781745a0" + "0a630001" + "000000000000" + "0a630002";
    assertEquals(
        "ARP, Request who-has 10.99.0.2 tell 10.99.0.1, length 42",
        Frames.summary(HEX.parseHex(ETH + "0806" + arp), 42));
    String reply = "0001080006040002" + "1e91b6b9417d" + "0a630002" + "422b781745a0" + "0a630001";
    assertEquals(
        "ARP, Reply 10.99.0.2 is-at 1e:91:b6:b9:41:7d, length 42",
        Frames.summary(HEX.parseHex(ETH + "0806" + reply), 42));
  }

  @Test
  void icmp6NeighborSolicitation() {
    byte[] f =
        HEX.parseHex(
            ETH
                + "86dd"
                + "6000000000203aff"
                + "fe80000000000000402b78fffe1745a0"
                + "ff0200000000000000000001ff000001"
                + "8700000000000000");
    assertEquals(
        "IP6 fe80::402b:78ff:fe17:45a0 > ff02::1:ff00:1: ICMP6 neighbor solicitation, length 86",
        Frames.summary(f, 86));
  }

  @Test
  void vlanTagAndOtherEtherTypes() {
    assertEquals(
        "vlan 10, ethertype 0x88cc, length 60",
        Frames.summary(HEX.parseHex(ETH + "8100000a88cc"), 60));
    assertEquals("truncated frame, length 3", Frames.summary(new byte[3], 3));
    assertEquals("IP, truncated, length 20", Frames.summary(HEX.parseHex(ETH + "080045"), 20));
  }

  @Test
  void lineHasTimeInMicrosecondsAndDirection() {
    byte[] f = HEX.parseHex(ETH + "88cc");
    assertEquals(
        "00:00:01.000042 Out ethertype 0x88cc, length 60",
        Frames.line(1, 42, f, 60, true, ZoneOffset.UTC));
    assertEquals(
        "00:00:01.000042 In  ethertype 0x88cc, length 60",
        Frames.line(1, 42, f, 60, false, ZoneOffset.UTC));
  }
}

package nsplay.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JournalCodecTest {
  /** Every kind of entry, with the awkward values a field can hold. */
  static Stream<Entry> entries() {
    return Stream.of(
        new Entry.Lab("seed", null, 0x4c02c30d),
        new Entry.Lab("seed", "host ns", Integer.MIN_VALUE),
        new Entry.Netns("red"),
        new Entry.Netns("-"),
        new Entry.Netns("--"),
        new Entry.Netns("-x"),
        new Entry.Netns(""),
        new Entry.NetnsIdentity("red", 4026532265L),
        new Entry.NetnsIdentity("red", Long.MAX_VALUE),
        new Entry.NetnsIdentity("red", 4026532265L, "0123456789abcdef"),
        new Entry.NetnsIdentity("red", 4026532265L, "0123456789abcdef", 1764468134343704636L),
        new Entry.Link(null, "veth-red-br"),
        new Entry.Link("red", "veth red"),
        new Entry.LinkUp(null, "lo"),
        new Entry.LinkUp("blue", "100%"),
        new Entry.Master(null, "veth-red-br", "v-net-0"),
        new Entry.Master("red", "-", "br 0"),
        new Entry.LinkMove("eth1", null, "red"),
        new Entry.LinkMove("é日本", "a\tb", "c\nd"),
        new Entry.Addr("red", "veth-red", "192.168.15.1/24"),
        new Entry.Addr(null, "%41", "2001:db8::1/64"),
        new Entry.Route("red", "default", "192.168.15.5", null),
        new Entry.Route(null, "10.0.0.0/8", null, "eth0"),
        new Entry.Route(null, "default", null, null),
        new Entry.Service("web", "red", 4242, 123456789L, "1a2b3c4d"),
        new Entry.NftTable(null, "ip", "nsplay-seed"),
        new Entry.NftTable("red", "inet", "nsplay-x y"),
        new Entry.NftTable(null, "ip", "nsplay-seed", "nsplay:seed"),
        new Entry.Addr(null, "eth1", "10.0.0.1/24", "217"),
        new Entry.Route(null, "default", "10.0.0.254", null, "217"),
        new Entry.Sysctl("red", "net.ipv4.ip_forward", "0", "1"),
        new Entry.Sysctl(null, "net.ipv4.ping_group_range", "1\t0", "0 2147483647"),
        new Entry.Sysctl(null, "net.x", "", null),
        new Entry.Qdisc("red", "ea", "netem delay 20ms 5ms loss 1%"),
        new Entry.Qdisc(null, "eth0", "netem"),
        new Entry.Fdb("red", "vx0", "10.0.0.2"),
        new Entry.Fdb(null, "vx 1", "192.168.1.7"),
        new Entry.Link("\u0000\u007f\u0080 \r", "\uD83D\uDE00"),
        new Entry.File("red", "hosts", "ab".repeat(32), null),
        new Entry.File("red", "resolv.conf", "00".repeat(32), "/etc/netns/red"),
        new Entry.File("r d%", "-", "ff".repeat(32), "/etc/netns"),
        new Entry.NftRule(
            "router",
            "nsplay-fw",
            "forward",
            "replies pass",
            "ct state established,related accept",
            "ct 2=00000000 1=00000001;immediate 1=00000000 2.2.1=00000001"),
        new Entry.NftPolicy(null, "nsplay-fw", "forward", "drop"),
        new Entry.Capture("red", "veth-red", "/tmp/a b.pcap", 0, false, 4243, 123456790L),
        new Entry.Capture(null, "veth-red-br", "/tmp/x.pcap", 10, true, 4244, 1L));
  }

  @ParameterizedTest
  @MethodSource("entries")
  void roundTrip(Entry e) {
    String line = JournalCodec.encode(e);
    assertTrue(line.endsWith("\n"), line);
    String body = line.substring(0, line.length() - 1);
    assertEquals(-1, body.indexOf('\n'), "one line: " + line);
    assertTrue(body.chars().allMatch(c -> c > 0x20 && c < 0x7f || c == ' '), "ASCII: " + line);
    assertEquals(e, JournalCodec.decode(body));
  }

  @Test
  void coversEveryKind() {
    assertEquals(
        Entry.class.getPermittedSubclasses().length,
        entries().map(Object::getClass).distinct().count());
  }

  @Test
  void checksumsAreEightLowercaseHexDigitsAsFormatWritesThem() {
    for (long v : new long[] {0L, 1L, 0xdeadbeefL, 0xffffffffL, 0x0a0b0c0dL, 0x80000000L}) {
      assertEquals(String.format("%08x", v), JournalCodec.hex8(v));
    }
  }

  @Test
  void everyKindIsRegisteredUnderItsOwnKeyword() {
    entries().forEach(e -> assertTrue(JournalCodec.known(e.keyword()), e.toString()));
    assertFalse(JournalCodec.known("no-such-kind"));
  }

  /**
   * A journal written by the code from before the kinds carried their own codec (generated with
   * that JournalCodec, one record of every kind it knew): it must decode to the same records, or
   * labs brought up before an upgrade could not be taken down after it.
   */
  @Test
  void aJournalOfTheFirstFormatStillDecodes() throws java.io.IOException {
    List<Entry> want =
        List.of(
            new Entry.Lab("old", "sandbox", 1275249421),
            new Entry.Netns("red"),
            new Entry.NetnsIdentity("red", 4026532999L),
            new Entry.Link("red", "veth-red"),
            new Entry.Link(null, "veth-red-br"),
            new Entry.Link(null, "v-net-0"),
            new Entry.LinkUp(null, "eth1"),
            new Entry.LinkMove("veth x", null, "red"),
            new Entry.Addr("red", "veth-red", "192.168.15.1/24"),
            new Entry.Route("red", "default", "192.168.15.5", null),
            new Entry.Route(null, "10.0.0.0/8", null, "v-net-0"),
            new Entry.NftTable(null, "ip", "nsplay-old"),
            new Entry.Sysctl(null, "net.ipv4.ip_forward", "0", "1"),
            new Entry.Sysctl("red", "net.ipv4.conf.all.forwarding", "-", "%"));
    java.nio.file.Path file;
    try {
      file = java.nio.file.Path.of(getClass().getResource("journal-v1").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new AssertionError(e);
    }
    assertEquals(want, Journal.read(file));
    // And today's code writes those records byte for byte as the old code did.
    StringBuilder again = new StringBuilder();
    want.forEach(e -> again.append(JournalCodec.encode(e)));
    assertEquals(java.nio.file.Files.readString(file), again.toString());
  }

  /**
   * The token is a third field of the identity record: a line without it (journal format 1) is an
   * identity without a token, and code from before tokens, which reads two fields, reads a line
   * with one as the same identity.
   */
  /** Services journalled before their definition was recorded still decode, with "" for it. */
  @Test
  void aServiceWithoutItsDefinitionStillDecodes() {
    String body = "service web red 4242 123456789";
    assertEquals(
        new Entry.Service("web", "red", 4242, 123456789L, ""),
        JournalCodec.decode(crc(body) + " " + body));
  }

  @Test
  void anIdentityCarriesItsTokenAsAnOptionalThirdField() {
    String body = "netns-inode red 4026532265 00000000deadbeef";
    assertEquals(
        crc(body) + " " + body + "\n",
        JournalCodec.encode(new Entry.NetnsIdentity("red", 4026532265L, "00000000deadbeef")));
    body = "netns-inode red 4026532265";
    assertEquals(
        new Entry.NetnsIdentity("red", 4026532265L, null),
        JournalCodec.decode(crc(body) + " " + body));
    Ledger l =
        Ledger.of(
            List.of(
                new Entry.NetnsIdentity("red", 1, "aa"),
                new Entry.NetnsIdentity("red", 2),
                new Entry.NetnsIdentity("blue", 3, "bb")));
    assertEquals(2L, l.identity("red"));
    assertNull(l.token("red"), "the last identity recorded is the one that counts");
    assertEquals("bb", l.token("blue"));
  }

  @Test
  void lineFormat() {
    String body = "route red default 192.168.15.5 -";
    assertEquals(
        crc(body) + " " + body + "\n",
        JournalCodec.encode(new Entry.Route("red", "default", "192.168.15.5", null)));
    body = "link %2D a%20b%25c%C3%A9";
    assertEquals(crc(body) + " " + body + "\n", JournalCodec.encode(new Entry.Link("-", "a b%cé")));
  }

  @Test
  void escaping() {
    assertEquals("-", JournalCodec.escape(null));
    assertEquals("%2D", JournalCodec.escape("-"));
    assertEquals("-x-", JournalCodec.escape("-x-"));
    assertEquals("", JournalCodec.escape(""));
    assertEquals("%25%20%09%0A%7F", JournalCodec.escape("% \t\n\u007f"));
    assertNull(JournalCodec.unescape("-"));
    assertEquals("-", JournalCodec.unescape("%2D"));
    assertEquals("é", JournalCodec.unescape("%C3%A9"));
    assertEquals("é", JournalCodec.unescape("%c3%a9"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "netns red",
        "0000000 netns red",
        "zzzzzzzz netns red",
        "00000000 netns red",
        "00000000",
      })
  void damagedLinesDecodeToNull(String line) {
    assertNull(JournalCodec.decode(line));
  }

  @Test
  void aChangedCharacterBreaksTheCrc() {
    String line = JournalCodec.encode(new Entry.Netns("red")).strip();
    assertNull(JournalCodec.decode(line.replace("red", "rec")));
    assertNull(JournalCodec.decode(line.substring(0, line.length() - 1)));
    assertNull(JournalCodec.decode(line.toUpperCase()));
  }

  @Test
  void wholeButMeaninglessLinesDecodeToNull() {
    for (String body :
        List.of(
            "frobnicate red",
            "netns",
            "lab seed - notanumber",
            "netns-inode red 12x",
            "link red",
            "route red default")) {
      assertNull(JournalCodec.decode(crc(body) + " " + body), body);
    }
  }

  @Test
  void aBadEscapeUnderAGoodCrcDecodesToNull() {
    for (String body : List.of("netns %G1", "netns %4", "netns a%")) {
      assertNull(JournalCodec.decode(crc(body) + " " + body), body);
    }
  }

  static String crc(String body) {
    CRC32 c = new CRC32();
    c.update(body.getBytes(StandardCharsets.UTF_8));
    return String.format("%08x", c.getValue());
  }
}

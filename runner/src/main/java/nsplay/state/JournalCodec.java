package nsplay.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * Journal lines: {@code CRC KIND FIELD...}, fields separated by single spaces, each percent-encoded
 * ({@code -} for null). The CRC32 of the rest of the line lets a reader tell a record cut short by
 * a crash from a whole one; a line without its newline is not whole either.
 */
final class JournalCodec {
  private JournalCodec() {}

  /**
   * Every kind's decoder, by its keyword: the registry a new kind joins (JournalCodecTest fails for
   * a kind left out). Each decoder takes the fields after the keyword and throws for a line with
   * too few, or with a field it cannot parse; null for a keyword no kind has. A switch, not a map
   * of method references: those cost a lambda bootstrap apiece at every start, ~2 ms of each
   * command for 18 kinds (measured with async-profiler).
   */
  static Entry decodeKind(String keyword, String[] v) {
    return switch (keyword) {
      case Entry.Lab.KEYWORD -> Entry.Lab.decode(v);
      case Entry.Netns.KEYWORD -> Entry.Netns.decode(v);
      case Entry.NetnsIdentity.KEYWORD -> Entry.NetnsIdentity.decode(v);
      case Entry.Link.KEYWORD -> Entry.Link.decode(v);
      case Entry.LinkUp.KEYWORD -> Entry.LinkUp.decode(v);
      case Entry.Master.KEYWORD -> Entry.Master.decode(v);
      case Entry.LinkMove.KEYWORD -> Entry.LinkMove.decode(v);
      case Entry.Addr.KEYWORD -> Entry.Addr.decode(v);
      case Entry.Route.KEYWORD -> Entry.Route.decode(v);
      case Entry.NftTable.KEYWORD -> Entry.NftTable.decode(v);
      case Entry.Sysctl.KEYWORD -> Entry.Sysctl.decode(v);
      case Entry.Qdisc.KEYWORD -> Entry.Qdisc.decode(v);
      case Entry.Service.KEYWORD -> Entry.Service.decode(v);
      case Entry.Fdb.KEYWORD -> Entry.Fdb.decode(v);
      case Entry.File.KEYWORD -> Entry.File.decode(v);
      case Entry.NftRule.KEYWORD -> Entry.NftRule.decode(v);
      case Entry.NftPolicy.KEYWORD -> Entry.NftPolicy.decode(v);
      case Entry.Capture.KEYWORD -> Entry.Capture.decode(v);
      default -> null;
    };
  }

  static String encode(Entry e) {
    List<String> f = new ArrayList<>();
    f.add(e.keyword());
    for (String s : e.fields()) {
      f.add(escape(s));
    }
    String body = String.join(" ", f);
    return hex8(crc(body)) + " " + body + "\n";
  }

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * {@code String.format("%08x", v)} for a CRC32: a record is written per change, and the formatter
   * was ~40 ms of an up of 500 namespaces (5000 records) under a profiler.
   */
  static String hex8(long v) {
    char[] c = new char[8];
    for (int i = 7; i >= 0; i--) {
      c[i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
    return new String(c);
  }

  /** Decodes one line (without its newline); null when damaged or of an unknown kind. */
  static Entry decode(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return decode(b, 0, b.length);
  }

  /**
   * Decodes the line in {@code b[from, to)} (without its newline); null when damaged or of an
   * unknown kind. The CRC is checked on the bytes as read, before any of it becomes a String: down
   * reads a whole journal (3000 records for 500 namespaces) before its first change.
   */
  static Entry decode(byte[] b, int from, int to) {
    if (to - from < 9 || b[from + 8] != ' ') {
      return null;
    }
    long want = 0;
    for (int i = from; i < from + 8; i++) {
      int d = Character.digit(b[i], 16);
      if (d < 0) {
        return null;
      }
      want = want << 4 | d;
    }
    CRC32 c = new CRC32();
    c.update(b, from + 9, to - from - 9);
    if (c.getValue() != want) {
      return null;
    }
    // Split on the bytes, without the body as one String first and String.split's lists: this
    // runs once per record of every journal read (5000 at N=500), mostly in the interpreter.
    int start = from + 9;
    int spaces = 0;
    for (int i = start; i < to; i++) {
      if (b[i] == ' ') {
        spaces++;
      }
    }
    String keyword = null;
    String[] v = new String[spaces];
    try {
      int field = -1;
      for (int i = start; i <= to; i++) {
        if (i == to || b[i] == ' ') {
          String f = new String(b, start, i - start, StandardCharsets.UTF_8);
          if (field < 0) {
            keyword = f;
          } else {
            v[field] = unescape(f);
          }
          field++;
          start = i + 1;
        }
      }
      return decodeKind(keyword, v);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /**
   * Why the line in {@code b[from, to)} does not decode (see {@link #decode}): for messages only,
   * so it repeats the checks rather than slowing down the path every whole record takes.
   */
  static String whyNot(byte[] b, int from, int to) {
    if (to - from < 9 || b[from + 8] != ' ') {
      return "not a record";
    }
    for (int i = from; i < from + 8; i++) {
      if (Character.digit(b[i], 16) < 0) {
        return "not a record";
      }
    }
    CRC32 c = new CRC32();
    c.update(b, from + 9, to - from - 9);
    if (!String.format("%08x", c.getValue())
        .equals(new String(b, from, 8, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT))) {
      return "bad checksum";
    }
    String kind = new String(b, from + 9, to - from - 9, StandardCharsets.UTF_8).split(" ", -1)[0];
    if (!known(kind)) {
      return "unknown kind " + (kind.length() > 20 ? kind.substring(0, 20) + "..." : kind);
    }
    return "bad fields for its kind " + kind;
  }

  /** Whether a kind has this keyword: its decoder, given no fields, refuses them or decodes. */
  static boolean known(String keyword) {
    try {
      return decodeKind(keyword, new String[0]) != null;
    } catch (RuntimeException e) {
      return true;
    }
  }

  private static long crc(String body) {
    CRC32 c = new CRC32();
    c.update(body.getBytes(StandardCharsets.UTF_8));
    return c.getValue();
  }

  static String escape(String s) {
    if (s == null) {
      return "-";
    }
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c <= 0x20 || c == '%' || c >= 0x7f || (c == '-' && s.equals("-"))) {
        sb.append('%').append(String.format("%02X", c));
      } else {
        sb.append((char) c);
      }
    }
    return sb.toString();
  }

  static String unescape(String s) {
    if (s.equals("-")) {
      return null;
    }
    if (s.indexOf('%') < 0) {
      return s;
    }
    byte[] out = new byte[s.length()];
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%') {
        out[n++] = (byte) Integer.parseInt(s.substring(i + 1, i + 3), 16);
        i += 2;
      } else {
        out[n++] = (byte) c;
      }
    }
    return new String(out, 0, n, StandardCharsets.UTF_8);
  }
}

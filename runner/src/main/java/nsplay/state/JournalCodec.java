package nsplay.state;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Journal lines: {@code CRC KIND FIELD...}, fields separated by single spaces, each percent-encoded
 * ({@code -} for null). The CRC32 of the rest of the line lets a reader tell a record cut short by
 * a crash from a whole one; a line without its newline is not whole either.
 */
final class JournalCodec {
  private JournalCodec() {}

  static String encode(Entry e) {
    List<String> f = new ArrayList<>();
    if (e instanceof Entry.Lab x) {
      add(f, "lab", x.lab(), x.hostNetns(), Integer.toString(x.group()));
    } else if (e instanceof Entry.Netns x) {
      add(f, "netns", x.name());
    } else if (e instanceof Entry.NetnsIdentity x) {
      add(f, "netns-inode", x.name(), Long.toString(x.inode()));
    } else if (e instanceof Entry.Link x) {
      add(f, "link", x.netns(), x.name());
    } else if (e instanceof Entry.LinkUp x) {
      add(f, "link-up", x.netns(), x.name());
    } else if (e instanceof Entry.LinkMove x) {
      add(f, "link-move", x.name(), x.from(), x.to());
    } else if (e instanceof Entry.Addr x) {
      add(f, "addr", x.netns(), x.link(), x.cidr());
    } else if (e instanceof Entry.Route x) {
      add(f, "route", x.netns(), x.to(), x.via(), x.dev());
    } else if (e instanceof Entry.NftTable x) {
      add(f, "nft-table", x.netns(), x.family(), x.table());
    } else if (e instanceof Entry.Sysctl x) {
      add(f, "sysctl", x.netns(), x.key(), x.oldValue(), x.newValue());
    } else {
      throw new IllegalArgumentException("unknown journal entry " + e);
    }
    String body = String.join(" ", f);
    return String.format("%08x", crc(body)) + " " + body + "\n";
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
    String body = new String(b, from + 9, to - from - 9, StandardCharsets.UTF_8);
    String[] p = body.split(" ", -1);
    String[] v = new String[p.length];
    try {
      for (int i = 1; i < p.length; i++) {
        v[i] = unescape(p[i]);
      }
      switch (p[0]) {
        case "lab":
          return new Entry.Lab(v[1], v[2], Integer.parseInt(v[3]));
        case "netns":
          return new Entry.Netns(v[1]);
        case "netns-inode":
          return new Entry.NetnsIdentity(v[1], Long.parseLong(v[2]));
        case "link":
          return new Entry.Link(v[1], v[2]);
        case "link-up":
          return new Entry.LinkUp(v[1], v[2]);
        case "link-move":
          return new Entry.LinkMove(v[1], v[2], v[3]);
        case "addr":
          return new Entry.Addr(v[1], v[2], v[3]);
        case "route":
          return new Entry.Route(v[1], v[2], v[3], v[4]);
        case "nft-table":
          return new Entry.NftTable(v[1], v[2], v[3]);
        case "sysctl":
          return new Entry.Sysctl(v[1], v[2], v[3], v[4]);
        default:
          return null;
      }
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static void add(List<String> f, String kind, String... values) {
    f.add(kind);
    for (String s : values) {
      f.add(escape(s));
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

package nsplay.netlink;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Test helper: hex dumps written with per-field comments. Everything after '#' on a line is a
 * comment; whitespace is ignored; the rest must be hex digit pairs.
 */
public final class Hex {
  private Hex() {}

  public static byte[] parse(String text) {
    StringBuilder digits = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      int hash = line.indexOf('#');
      String code = hash >= 0 ? line.substring(0, hash) : line;
      for (char c : code.toCharArray()) {
        if (!Character.isWhitespace(c)) {
          digits.append(c);
        }
      }
    }
    return HexFormat.of().parseHex(digits);
  }

  public static String dump(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b.length; i += 16) {
      sb.append(String.format("%04x: ", i));
      sb.append(HexFormat.ofDelimiter(" ").formatHex(b, i, Math.min(b.length, i + 16)));
      sb.append('\n');
    }
    return sb.toString();
  }

  public static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  public static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}

package nsplay.net;

import java.util.Arrays;

/**
 * An IPv4 or IPv6 address as its network-order bytes. Parsed by hand: {@code InetAddress} would
 * resolve host names, and a playbook value must never cause a DNS lookup.
 */
public final class Ip {
  private final byte[] bytes;

  private Ip(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Parses a dotted IPv4 or a textual IPv6 address; throws naming the bad text. */
  public static Ip parse(String text) {
    byte[] b = text.indexOf(':') >= 0 ? parse6(text) : parse4(text);
    if (b == null) {
      throw new IllegalArgumentException("not an IP address: \"" + text + "\"");
    }
    return new Ip(b);
  }

  public static Ip of(byte[] bytes) {
    if (bytes.length != 4 && bytes.length != 16) {
      throw new IllegalArgumentException("address must be 4 or 16 bytes, got " + bytes.length);
    }
    return new Ip(bytes.clone());
  }

  public boolean isV4() {
    return bytes.length == 4;
  }

  /** Address family bits: 32 or 128. */
  public int bits() {
    return bytes.length * 8;
  }

  public byte[] bytes() {
    return bytes.clone();
  }

  private static byte[] parse4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  private static byte[] parse6(String s) {
    int dbl = s.indexOf("::");
    if (dbl != s.lastIndexOf("::")) {
      return null;
    }
    String head = dbl < 0 ? s : s.substring(0, dbl);
    String tail = dbl < 0 ? "" : s.substring(dbl + 2);
    int[] h = groups(head);
    int[] t = groups(tail);
    if (h == null || t == null) {
      return null;
    }
    int n = h.length + t.length;
    if ((dbl < 0 && n != 8) || (dbl >= 0 && n > 7)) {
      return null;
    }
    byte[] out = new byte[16];
    for (int i = 0; i < h.length; i++) {
      out[2 * i] = (byte) (h[i] >> 8);
      out[2 * i + 1] = (byte) h[i];
    }
    for (int i = 0; i < t.length; i++) {
      int g = 8 - t.length + i;
      out[2 * g] = (byte) (t[i] >> 8);
      out[2 * g + 1] = (byte) t[i];
    }
    return out;
  }

  private static int[] groups(String s) {
    if (s.isEmpty()) {
      return new int[0];
    }
    String[] parts = s.split(":", -1);
    int[] out = new int[parts.length];
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 4 || !p.chars().allMatch(Ip::isHex)) {
        return null;
      }
      out[i] = Integer.parseInt(p, 16);
    }
    return out;
  }

  private static boolean isHex(int c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ip other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  /** Dotted quad, or RFC 5952 IPv6 text (lower case, longest zero run compressed). */
  @Override
  public String toString() {
    if (isV4()) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(g[i]));
    }
    return sb.toString();
  }
}

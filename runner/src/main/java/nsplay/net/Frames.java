package nsplay.net;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;

/**
 * One line per Ethernet frame, in the manner of tcpdump's terse output: {@code 12:00:01.123456 IP
 * 10.0.0.1 > 10.0.0.2: ICMP echo request, id 7, seq 1, length 98}. The length is the frame's on the
 * wire; ARP, IPv4 and IPv6 (ICMP, ICMPv6, TCP, UDP) are read, other frames are named by their
 * EtherType. A frame cut short says so instead of guessing.
 */
public final class Frames {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private static final Map<Integer, String> ICMP =
      Map.of(0, "echo reply", 3, "unreachable", 8, "echo request", 11, "time exceeded");
  private static final Map<Integer, String> ICMP6 =
      Map.of(
          1, "destination unreachable",
          128, "echo request",
          129, "echo reply",
          133, "router solicitation",
          134, "router advertisement",
          135, "neighbor solicitation",
          136, "neighbor advertisement",
          143, "multicast listener report v2");

  private Frames() {}

  /** The line for a frame seen at {@code seconds}.{@code micros}, in {@code zone}'s local time. */
  public static String line(
      long seconds, int micros, byte[] frame, int length, boolean outgoing, ZoneId zone) {
    LocalTime t = LocalTime.ofInstant(Instant.ofEpochSecond(seconds), zone);
    return TIME.format(t)
        + String.format(".%06d ", micros)
        + (outgoing ? "Out " : "In  ")
        + summary(frame, length);
  }

  /** What the frame is, without its time: {@code IP 10.0.0.1 > 10.0.0.2: ICMP ..., length 98}. */
  public static String summary(byte[] f, int length) {
    String tail = ", length " + length;
    if (f.length < 14) {
      return "truncated frame" + tail;
    }
    int type = u16(f, 12);
    int at = 14;
    String vlan = "";
    while ((type == 0x8100 || type == 0x88a8) && f.length >= at + 4) {
      vlan += "vlan " + (u16(f, at) & 0xfff) + ", ";
      type = u16(f, at + 2);
      at += 4;
    }
    return vlan
        + switch (type) {
          case 0x0800 -> ipv4(f, at);
          case 0x86dd -> ipv6(f, at);
          case 0x0806 -> arp(f, at);
          default -> String.format("ethertype 0x%04x", type);
        }
        + tail;
  }

  private static String ipv4(byte[] f, int at) {
    if (f.length < at + 20) {
      return "IP, truncated";
    }
    int ihl = (f[at] & 0x0f) * 4;
    int proto = f[at + 9] & 0xff;
    String src = Ip.of(Arrays.copyOfRange(f, at + 12, at + 16)).toString();
    String dst = Ip.of(Arrays.copyOfRange(f, at + 16, at + 20)).toString();
    return "IP " + transport(f, at + ihl, proto, src, dst, false);
  }

  private static String ipv6(byte[] f, int at) {
    if (f.length < at + 40) {
      return "IP6, truncated";
    }
    int next = f[at + 6] & 0xff;
    String src = Ip.of(Arrays.copyOfRange(f, at + 8, at + 24)).toString();
    String dst = Ip.of(Arrays.copyOfRange(f, at + 24, at + 40)).toString();
    int l4 = at + 40;
    if (next == 0 && f.length >= l4 + 8) { // hop-by-hop options (MLD reports carry them)
      next = f[l4] & 0xff;
      l4 += ((f[l4 + 1] & 0xff) + 1) * 8;
    }
    return "IP6 " + transport(f, l4, next, src, dst, true);
  }

  /** {@code SRC > DST: PROTO ...} with ports for TCP and UDP. */
  private static String transport(byte[] f, int at, int proto, String src, String dst, boolean v6) {
    boolean ports = (proto == 6 || proto == 17) && f.length >= at + 4;
    String from = ports ? src + "." + u16(f, at) : src;
    String to = ports ? dst + "." + u16(f, at + 2) : dst;
    String what;
    if (proto == 1 && !v6 && f.length >= at + 8) {
      int type = f[at] & 0xff;
      what = "ICMP " + ICMP.getOrDefault(type, "type " + type);
      if (type == 0 || type == 8) {
        what += ", id " + u16(f, at + 4) + ", seq " + u16(f, at + 6);
      }
    } else if (proto == 58 && v6 && f.length >= at + 8) {
      int type = f[at] & 0xff;
      what = "ICMP6 " + ICMP6.getOrDefault(type, "type " + type);
      if (type == 128 || type == 129) {
        what += ", id " + u16(f, at + 4) + ", seq " + u16(f, at + 6);
      }
    } else if (proto == 6 && f.length >= at + 14) {
      what = "TCP" + tcpFlags(f[at + 13] & 0xff);
    } else if (proto == 17) {
      what = "UDP";
    } else {
      what = (proto == 1 ? "ICMP" : proto == 58 ? "ICMP6" : proto == 6 ? "TCP" : "proto " + proto);
    }
    return from + " > " + to + ": " + what;
  }

  /** TCP flags as tcpdump writes them: {@code [S]}, {@code [S.]}, {@code [P.]}, {@code [F.]}. */
  private static String tcpFlags(int flags) {
    StringBuilder s = new StringBuilder(" [");
    if ((flags & 0x02) != 0) s.append('S');
    if ((flags & 0x01) != 0) s.append('F');
    if ((flags & 0x08) != 0) s.append('P');
    if ((flags & 0x04) != 0) s.append('R');
    if ((flags & 0x10) != 0) s.append('.');
    return s.append(']').toString();
  }

  private static String arp(byte[] f, int at) {
    if (f.length < at + 28 || u16(f, at + 2) != 0x0800 || f[at + 4] != 6 || f[at + 5] != 4) {
      return "ARP";
    }
    int op = u16(f, at + 6);
    String senderIp = Ip.of(Arrays.copyOfRange(f, at + 14, at + 18)).toString();
    String targetIp = Ip.of(Arrays.copyOfRange(f, at + 24, at + 28)).toString();
    if (op == 1) {
      return "ARP, Request who-has " + targetIp + " tell " + senderIp;
    }
    if (op == 2) {
      return "ARP, Reply " + senderIp + " is-at " + mac(f, at + 8);
    }
    return "ARP, op " + op;
  }

  private static String mac(byte[] f, int at) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 6; i++) {
      s.append(i == 0 ? "" : ":").append(String.format("%02x", f[at + i] & 0xff));
    }
    return s.toString();
  }

  private static int u16(byte[] f, int at) {
    return ((f[at] & 0xff) << 8) | (f[at + 1] & 0xff);
  }
}

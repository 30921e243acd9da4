package nsplay.app;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import nsplay.jni.Errno;
import nsplay.jni.NativeException;
import nsplay.kernel.PacketSocket;
import nsplay.net.Frames;
import nsplay.net.Pcap;
import nsplay.util.Interruption;

/**
 * {@code nsplay capture NETNS LINK}: what {@code ip netns exec NETNS tcpdump -i LINK} shows,
 * without tcpdump: every frame the link receives and sends, written to a pcap file ({@code -w
 * FILE}), to standard output as pcap ({@code -w -}, flushed per frame, for {@code wireshark -k -i
 * -}), or as one line each. Only links of a lab that is up (as for {@code nsplay netem}). It ends
 * after {@code count} frames, after {@code durationMs}, or on SIGINT, SIGTERM or SIGHUP, always
 * with a whole file and {@code N packets captured} on stderr. The {@code capture} task runs this
 * same command as its process.
 *
 * @param netns the namespace, or null for the lab's host
 * @param file a pcap file, {@code -} for standard output, or null for one line per frame
 * @param count frames to capture, 0 for no limit
 * @param durationMs how long to capture, 0 for no limit
 */
public record PacketCapture(
    String netns, String link, String lab, String file, long count, long durationMs) {
  /** How long one wait for a frame lasts: how soon a signal or the deadline is noticed. */
  private static final int POLL_MS = 100;

  /** Does it; returns the exit code. {@code stdout} takes the pcap stream of {@code -w -}. */
  public int run(OutputStream stdout, PrintWriter out, PrintWriter err) {
    // From the start: a signal that comes while the capture opens (the capture task stops one
    // that has just begun) still ends it with its file whole and what was queued in it.
    Interruption.arm();
    try {
      return open(stdout, out, err);
    } finally {
      Interruption.disarm();
    }
  }

  private int open(OutputStream stdout, PrintWriter out, PrintWriter err) {
    String owner = Labs.owningOrSay(netns, link, lab, "capture", err);
    if (owner == null) {
      return Exit.INVALID;
    }
    try (LabSession s = LabSession.open(owner)) {
      PacketSocket socket;
      try {
        socket = s.kernel().capture(netns, link);
      } catch (IllegalArgumentException e) {
        err.println("nsplay: " + e.getMessage() + " (lab " + owner + ")");
        return Exit.INVALID;
      }
      try (socket) {
        return capture(socket, owner, stdout, out, err);
      }
    } catch (NoSuchFileException e) {
      err.println("nsplay: lab " + owner + " is not up");
      return Exit.INVALID;
    } catch (IOException e) {
      err.println("nsplay: capture: " + e.getMessage());
      return Exit.FAILED;
    } catch (NativeException e) {
      err.println("nsplay: " + e.getMessage());
      return Exit.FAILED;
    }
  }

  private int capture(
      PacketSocket socket, String owner, OutputStream stdout, PrintWriter out, PrintWriter err)
      throws IOException {
    Pcap.Writer pcap = null;
    if (file != null) {
      OutputStream sink =
          file.equals("-")
              ? stdout
              : new BufferedOutputStream(Files.newOutputStream(Path.of(file)), 1 << 16);
      pcap = new Pcap.Writer(sink, PacketSocket.SNAPLEN, true);
    }
    err.println(
        nsplay.task.Capture.LISTENING
            + link
            + where()
            + " (lab "
            + owner
            + "), link-type EN10MB (Ethernet), snapshot length "
            + PacketSocket.SNAPLEN
            + " bytes");
    err.flush();
    ZoneId zone = ZoneId.systemDefault();
    long deadline = durationMs > 0 ? System.nanoTime() + durationMs * 1_000_000 : Long.MAX_VALUE;
    long captured = 0;
    int code = Exit.OK;
    try {
      while ((count == 0 || captured < count) && !Interruption.requested()) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          break;
        }
        PacketSocket.Frame f;
        try {
          f = socket.next((int) Math.min(POLL_MS, left));
        } catch (NativeException e) {
          if (e.errno() != Errno.ENETDOWN) {
            throw e;
          }
          err.println("nsplay: capture: link " + link + where() + " went away");
          code = Exit.FAILED;
          break;
        }
        if (f != null) {
          captured++;
          write(f, pcap, out, zone);
        }
      }
      // What the link saw before the signal or the deadline may still be queued: it is kept.
      PacketSocket.Frame f;
      while (code == Exit.OK && (count == 0 || captured < count) && (f = socket.next(0)) != null) {
        captured++;
        write(f, pcap, out, zone);
      }
    } finally {
      if (pcap != null) {
        if (file.equals("-")) {
          pcap.flush();
        } else {
          pcap.close();
        }
      }
      out.flush();
      err.println(captured + (captured == 1 ? " packet" : " packets") + " captured");
      err.flush();
    }
    return code;
  }

  private static void write(PacketSocket.Frame f, Pcap.Writer pcap, PrintWriter out, ZoneId zone)
      throws IOException {
    if (pcap != null) {
      pcap.write(f.seconds(), f.micros(), f.data(), f.length());
    } else {
      out.println(Frames.line(f.seconds(), f.micros(), f.data(), f.length(), f.outgoing(), zone));
    }
  }

  private String where() {
    return Labs.linkPlace(netns);
  }
}

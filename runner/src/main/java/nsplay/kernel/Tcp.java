package nsplay.kernel;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nsplay.jni.Sys;
import nsplay.net.Ip;

/**
 * TCP from inside a namespace: a stream socket made there (the only step that has to be, see
 * native/ sock.c), connected with a timeout; and an HTTP/1.1 GET over it. Safe from any thread:
 * each call has its own socket.
 */
final class Tcp {
  private static final int AF_INET = 2;
  private static final int AF_INET6 = 10;
  private static final int SOCK_STREAM = 1;

  /** The most of a response body kept: enough for any page a check looks into. */
  static final int MAX_BODY = 1 << 20;

  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3})[^\\r\\n]*");

  private Tcp() {}

  private static int socket(Path ns, Ip to) {
    return Sys.socketIn(ns, to.isV4() ? AF_INET : AF_INET6, SOCK_STREAM, 0);
  }

  /** Equivalent to: {@code ip netns exec NS nc -z -w TIMEOUT TO PORT}. */
  static TcpResult connect(Path ns, Ip to, int port, int timeoutMs) {
    int fd = socket(ns, to);
    try {
      long t0 = System.nanoTime();
      int errno = Sys.connectInet(fd, to.bytes(), port, timeoutMs);
      return new TcpResult(errno, (System.nanoTime() - t0) / 1e6);
    } finally {
      Sys.close(fd);
    }
  }

  /** Equivalent to: {@code ip netns exec NS curl -s http://HOST:PORT/PATH}. */
  static HttpResult get(Path ns, Ip to, int port, String host, String path, int timeoutMs) {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
    int fd = socket(ns, to);
    try {
      int errno = Sys.connectInet(fd, to.bytes(), port, timeoutMs);
      if (errno != 0) {
        return new HttpResult(errno, 0, "", null);
      }
      String request =
          "GET "
              + path
              + " HTTP/1.1\r\nHost: "
              + host
              + "\r\nUser-Agent: nsplay\r\nAccept: */*\r\nConnection: close\r\n\r\n";
      Sys.sendStream(fd, request.getBytes(StandardCharsets.UTF_8), left(deadline));
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[16384];
      String error = null;
      while (got.size() < MAX_BODY + 65536) {
        int n = Sys.recvStream(fd, buf, left(deadline));
        if (n == 0) {
          break;
        }
        if (n < 0) {
          error = "no complete response within " + timeoutMs + " ms";
          break;
        }
        got.write(buf, 0, n);
        if (complete(got.toByteArray())) {
          break;
        }
      }
      return parse(got.toByteArray(), error);
    } finally {
      Sys.close(fd);
    }
  }

  private static int left(long deadline) {
    return (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
  }

  /** Whether a response with Content-Length has all of its body (else: read to the end). */
  private static boolean complete(byte[] raw) {
    int end = headerEnd(raw);
    if (end < 0) {
      return false;
    }
    Matcher m =
        Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$")
            .matcher(new String(raw, 0, end, StandardCharsets.ISO_8859_1));
    return m.find() && raw.length - end >= Long.parseLong(m.group(1));
  }

  private static int headerEnd(byte[] raw) {
    for (int i = 0; i + 3 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
        return i + 4;
      }
    }
    return -1;
  }

  /** The status and body of a raw response (chunked bodies are de-chunked). */
  static HttpResult parse(byte[] raw, String error) {
    int end = headerEnd(raw);
    String head = new String(raw, 0, end < 0 ? raw.length : end, StandardCharsets.ISO_8859_1);
    Matcher m = STATUS_LINE.matcher(head);
    if (!m.lookingAt()) {
      return new HttpResult(
          0, 0, "", error != null ? error : raw.length == 0 ? "empty response" : "not HTTP");
    }
    int status = Integer.parseInt(m.group(1));
    if (end < 0) {
      return new HttpResult(0, status, "", error != null ? error : "incomplete headers");
    }
    byte[] body = java.util.Arrays.copyOfRange(raw, end, raw.length);
    if (Pattern.compile("(?im)^transfer-encoding:\\s*chunked\\s*$").matcher(head).find()) {
      body = dechunk(body);
    }
    int n = Math.min(body.length, MAX_BODY);
    return new HttpResult(0, status, new String(body, 0, n, StandardCharsets.UTF_8), error);
  }

  private static byte[] dechunk(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    while (i < in.length) {
      int eol = i;
      while (eol + 1 < in.length && !(in[eol] == '\r' && in[eol + 1] == '\n')) {
        eol++;
      }
      String size = new String(in, i, eol - i, StandardCharsets.ISO_8859_1).split(";")[0].trim();
      int len;
      try {
        len = Integer.parseInt(size, 16);
      } catch (NumberFormatException e) {
        break;
      }
      i = eol + 2;
      if (len == 0 || i >= in.length) {
        break;
      }
      int n = Math.min(len, in.length - i);
      out.write(in, i, n);
      i += n + 2;
    }
    return out.toByteArray();
  }
}

package nsplay.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading an HTTP response: status line, headers, a plain or chunked body. */
class TcpTest {
  static HttpResult parse(String raw) {
    return Tcp.parse(raw.getBytes(StandardCharsets.UTF_8), null);
  }

  @Test
  void plainAndChunkedBodies() {
    assertEquals(
        new HttpResult(0, 200, "hello", null),
        parse("HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello"));
    assertEquals(
        new HttpResult(0, 404, "hello world", null),
        parse(
            "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6;x=y\r\n world\r\n0\r\n\r\n"));
  }

  @Test
  void whatIsNotHttpSaysSo() {
    assertEquals(new HttpResult(0, 0, "", "empty response"), parse(""));
    assertEquals(new HttpResult(0, 0, "", "not HTTP"), parse("SSH-2.0-OpenSSH_9.2\r\n"));
    assertEquals(
        new HttpResult(0, 200, "", "incomplete headers"), parse("HTTP/1.1 200 OK\r\nServer: x"));
  }
}

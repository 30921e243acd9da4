package nsplay.kernel;

/**
 * How a TCP connect from a namespace ended.
 *
 * @param errno 0 when it connected; else why not (ECONNREFUSED: a reset, the port is closed;
 *     ETIMEDOUT: no answer within the timeout; ENETUNREACH, EHOSTUNREACH: no route)
 * @param millis how long the connect took, or waited
 */
public record TcpResult(int errno, double millis) {
  public boolean open() {
    return errno == 0;
  }

  /** What was seen, in words: "open", "refused (ECONNREFUSED)", "no answer within 1000 ms". */
  public String seen(int timeoutMs) {
    return switch (errno) {
      case 0 -> "open";
      case nsplay.jni.Errno.ECONNREFUSED -> "closed (connection refused)";
      case nsplay.jni.Errno.ETIMEDOUT -> "no answer within " + timeoutMs + " ms";
      default -> "failed: " + nsplay.jni.Errno.name(errno);
    };
  }
}

package nsplay.jni;

/**
 * The one exception of the native layer: an operation failed with an errno. Higher layers throw it
 * too, e.g. for a netlink error, with the kernel's extended-ack text as {@code detail}.
 */
public final class NativeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String operation;
  private final int errno;
  private final String detail;

  /**
   * @param operation what failed, e.g. "netns add /run/netns/red"
   * @param errno the positive errno value (a negative one is negated)
   * @param detail more text, e.g. a kernel extended-ack message, or null
   */
  public NativeException(String operation, int errno, String detail) {
    super();
    this.operation = operation;
    this.errno = Math.abs(errno);
    this.detail = detail;
  }

  public String operation() {
    return operation;
  }

  /** The positive errno value. */
  public int errno() {
    return errno;
  }

  /** Extra text or null. */
  public String detail() {
    return detail;
  }

  /** The symbolic name, e.g. "EEXIST" (see {@link Errno#name}). */
  public String errnoName() {
    return Errno.name(errno);
  }

  /** "OPERATION: strerror text (ENAME)" plus ": detail" when there is one. */
  @Override
  public String getMessage() {
    StringBuilder sb =
        new StringBuilder()
            .append(operation)
            .append(": ")
            .append(Errno.text(errno))
            .append(" (")
            .append(errnoName())
            .append(')');
    if (detail != null && !detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    return sb.toString();
  }
}

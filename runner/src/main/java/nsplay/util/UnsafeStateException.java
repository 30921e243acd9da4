package nsplay.util;

/**
 * A file or folder where nsplay keeps its state (under /run/nsplay) is not one nsplay made: a
 * symbolic link, another kind of file, another owner, another mode. nsplay runs as root there, so
 * it refuses instead of following it. The message is one line, for the user.
 */
public final class UnsafeStateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UnsafeStateException(String message) {
    super(message);
  }
}

package nsplay.cli;

/** Bad input or command line: printed as one line to stderr, exit code 2. */
final class UsageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}

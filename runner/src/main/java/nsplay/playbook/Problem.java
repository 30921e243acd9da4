package nsplay.playbook;

/**
 * One thing wrong with the input, at a place. Printed as {@code FILE:LINE:COL: error: message},
 * then the source line and a caret under the column, so the user sees it without opening the file.
 * A warning is printed the same way with {@code warning:}: something that may be meant (it can
 * become right later), said before the run, that stops nothing.
 */
public record Problem(Location location, String message, String sourceLine, boolean warning) {
  public Problem(Location location, String message, String sourceLine) {
    this(location, message, sourceLine, false);
  }

  /** A warning at {@code location}, its line read from the file when printed. */
  public static Problem warning(Location location, String message) {
    return new Problem(location, message, null, true);
  }

  /**
   * The source line of a problem in a file that must not be shown (one that is no playbook): an
   * instance of its own, told apart by identity from any real line, even an empty one.
   */
  @SuppressWarnings("StringOperationCanBeSimplified")
  private static final String HIDDEN = new String("");

  /** A problem printed without any line of its file: that file is not a playbook. */
  public static Problem withoutSource(Location location, String message) {
    return new Problem(location, message, HIDDEN, false);
  }

  public String format() {
    String severity = warning ? ": warning: " : ": error: ";
    if (sourceLine == HIDDEN) {
      return location + severity + message + "\n";
    }
    String sourceLine = this.sourceLine != null ? this.sourceLine : readLine();
    StringBuilder sb = new StringBuilder();
    sb.append(location).append(severity).append(message).append('\n');
    if (sourceLine != null) {
      sb.append("  ").append(sourceLine).append('\n');
      sb.append("  ");
      // Keep tabs where the source had them so the caret lines up in a terminal.
      for (int i = 0; i < location.column() - 1 && i < sourceLine.length(); i++) {
        sb.append(sourceLine.charAt(i) == '\t' ? '\t' : ' ');
      }
      sb.append("^\n");
    }
    return sb.toString();
  }

  /**
   * The problem's line read from its file, for problems found after loading; null if unreadable.
   */
  private String readLine() {
    try {
      // Read as the playbook was: a regular file, size-limited (never a FIFO or /dev/zero).
      java.util.List<String> lines =
          SourceFile.read(java.nio.file.Path.of(location.file())).lines().toList();
      int i = location.line() - 1;
      return i >= 0 && i < lines.size() ? lines.get(i) : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}

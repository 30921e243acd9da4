package nsplay.playbook;

/**
 * One thing wrong with the input, at a place. Printed as {@code FILE:LINE:COL: error: message},
 * then the source line and a caret under the column, so the user sees it without opening the file.
 */
public record Problem(Location location, String message, String sourceLine) {

  public String format() {
    String sourceLine = this.sourceLine != null ? this.sourceLine : readLine();
    StringBuilder sb = new StringBuilder();
    sb.append(location).append(": error: ").append(message).append('\n');
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
      java.util.List<String> lines =
          java.nio.file.Files.readAllLines(java.nio.file.Path.of(location.file()));
      int i = location.line() - 1;
      return i >= 0 && i < lines.size() ? lines.get(i) : null;
    } catch (java.io.IOException | RuntimeException e) {
      return null;
    }
  }
}

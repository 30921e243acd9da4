package nsplay.playbook;

/**
 * One thing wrong with the input, at a place. Printed as {@code FILE:LINE:COL: error: message},
 * then the source line and a caret under the column, so the user sees it without opening the file.
 */
public record Problem(Location location, String message, String sourceLine) {

  public String format() {
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
}

package nsplay.playbook;

/** A place in a playbook file; line and column count from 1, as editors show them. */
public record Location(String file, int line, int column) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}

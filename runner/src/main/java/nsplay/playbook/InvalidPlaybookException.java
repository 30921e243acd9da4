package nsplay.playbook;

import java.util.List;

/** The playbook cannot run; carries every problem found (up to a limit), in file order. */
public final class InvalidPlaybookException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient List<Problem> problems;

  public InvalidPlaybookException(List<Problem> problems) {
    super(
        problems.isEmpty()
            ? "invalid playbook"
            : problems.get(0).location() + ": " + problems.get(0).message());
    this.problems = List.copyOf(problems);
  }

  public List<Problem> problems() {
    return problems;
  }

  /** All problems, each with its source line and caret. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (Problem p : problems) {
      sb.append(p.format());
    }
    return sb.toString();
  }
}

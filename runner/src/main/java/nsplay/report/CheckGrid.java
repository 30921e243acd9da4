package nsplay.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The connectivity matrix as text: one row per source namespace, one column per target address
 * (under it, the namespace and interface that hold it, or "gateway"). A cell reads {@code ok
 * 0.05ms} or {@code --}; a leading {@code !} marks a cell that contradicts a ping task's
 * expectation, and each such cell is listed below the grid.
 */
public final class CheckGrid {
  private static final String GAP = "  ";

  private CheckGrid() {}

  /** A cell's text: "ok 0.05ms" or "--", with "!" in front when it contradicts its expectation. */
  public static String cell(LabModel.Cell c) {
    String s = c.reachable() ? String.format(Locale.ROOT, "ok %.2fms", c.rttMs()) : "--";
    return contradicts(c) ? "!" + s : s;
  }

  /** Whether a ping task expects otherwise of this cell. */
  public static boolean contradicts(LabModel.Cell c) {
    return c.expected() != null && c.reachable() != c.expected().equals("reachable");
  }

  /** The number of cells that contradict their expectation. */
  public static int contradictions(LabModel.Matrix m) {
    int n = 0;
    for (List<LabModel.Cell> row : m.cells()) {
      for (LabModel.Cell c : row) {
        n += contradicts(c) ? 1 : 0;
      }
    }
    return n;
  }

  /** The number of cells a ping task has an expectation for. */
  public static int expectations(LabModel.Matrix m) {
    int n = 0;
    for (List<LabModel.Cell> row : m.cells()) {
      for (LabModel.Cell c : row) {
        n += c.expected() != null ? 1 : 0;
      }
    }
    return n;
  }

  /** Where a target is, as the grid's second header line shows it. */
  static String where(LabModel.Target t, String hostName) {
    if (t.name() == null) {
      return "gateway";
    }
    return (t.netns() == null ? hostName : t.netns()) + "/" + t.name();
  }

  /**
   * The grid, the contradicted expectations, and a summary line; every line ends with a newline.
   *
   * @param hostName what the host is called (its Namespace name in the model)
   */
  public static String render(LabModel.Matrix m, String hostName) {
    StringBuilder sb = new StringBuilder();
    if (m.sources().isEmpty() || m.targets().isEmpty()) {
      sb.append(
          m.sources().isEmpty()
              ? "the lab has no namespaces to probe from\n"
              : "the lab has no addresses to probe\n");
      return sb.toString();
    }
    int cols = m.targets().size();
    List<String> head1 = new ArrayList<>();
    List<String> head2 = new ArrayList<>();
    head1.add("");
    head2.add("");
    for (LabModel.Target t : m.targets()) {
      head1.add(t.address());
      head2.add(where(t, hostName));
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(head1);
    rows.add(head2);
    for (int r = 0; r < m.sources().size(); r++) {
      List<String> row = new ArrayList<>();
      row.add(m.sources().get(r));
      for (LabModel.Cell c : m.cells().get(r)) {
        row.add(cell(c));
      }
      rows.add(row);
    }
    int[] width = new int[cols + 1];
    for (List<String> row : rows) {
      for (int i = 0; i < row.size(); i++) {
        width[i] = Math.max(width[i], row.get(i).length());
      }
    }
    for (List<String> row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        if (i > 0) {
          line.append(GAP);
        }
        line.append(row.get(i)).append(" ".repeat(width[i] - row.get(i).length()));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    int expected = expectations(m);
    int wrong = 0;
    for (int r = 0; r < m.sources().size(); r++) {
      for (int c = 0; c < cols; c++) {
        LabModel.Cell cell = m.cells().get(r).get(c);
        if (contradicts(cell)) {
          wrong++;
          sb.append("! ")
              .append(m.sources().get(r))
              .append(" -> ")
              .append(m.targets().get(c).address())
              .append(": expected ")
              .append(cell.expected())
              .append(", ")
              .append(cell.reachable() ? "got a reply" : "no reply")
              .append('\n');
        }
      }
    }
    if (expected > 0) {
      sb.append(expected - wrong)
          .append(" of ")
          .append(expected)
          .append(expected == 1 ? " expectation holds" : " expectations hold")
          .append('\n');
    }
    return sb.toString();
  }
}

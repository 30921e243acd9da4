package nsplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class CheckGridTest {
  static final LabModel.Matrix MATRIX =
      new LabModel.Matrix(
          List.of("blue", "red"),
          List.of(
              new LabModel.Target("192.168.15.5", null, "v-net-0"),
              new LabModel.Target("192.168.15.2", "blue", "veth-blue"),
              new LabModel.Target("192.168.15.9", null, null)),
          List.of(
              List.of(
                  new LabModel.Cell(true, 0.0461, null),
                  new LabModel.Cell(true, 0.012, null),
                  new LabModel.Cell(false, -1, null)),
              List.of(
                  new LabModel.Cell(true, 12.345, "reachable"),
                  new LabModel.Cell(false, -1, "reachable"),
                  new LabModel.Cell(true, 0.5, "unreachable"))));

  @Test
  void cells() {
    assertEquals("ok 0.05ms", CheckGrid.cell(new LabModel.Cell(true, 0.0461, null)));
    assertEquals("--", CheckGrid.cell(new LabModel.Cell(false, -1, null)));
    assertEquals("--", CheckGrid.cell(new LabModel.Cell(false, -1, "unreachable")));
    assertEquals("!--", CheckGrid.cell(new LabModel.Cell(false, -1, "reachable")));
    assertEquals("!ok 1.50ms", CheckGrid.cell(new LabModel.Cell(true, 1.5, "unreachable")));
    assertTrue(CheckGrid.contradicts(new LabModel.Cell(false, -1, "reachable")));
    assertFalse(CheckGrid.contradicts(new LabModel.Cell(true, 1, "reachable")));
    assertFalse(CheckGrid.contradicts(new LabModel.Cell(true, 1, null)));
  }

  @Test
  void grid() {
    assertEquals(
        String.join(
            "\n",
            "      192.168.15.5  192.168.15.2    192.168.15.9",
            "      h/v-net-0     blue/veth-blue  gateway",
            "blue  ok 0.05ms     ok 0.01ms       --",
            "red   ok 12.35ms    !--             !ok 0.50ms",
            "! red -> 192.168.15.2: expected reachable, no reply",
            "! red -> 192.168.15.9: expected unreachable, got a reply",
            "1 of 3 expectations hold",
            ""),
        CheckGrid.render(MATRIX, "h"));
    assertEquals(2, CheckGrid.contradictions(MATRIX));
    assertEquals(3, CheckGrid.expectations(MATRIX));
  }

  @Test
  void gridWithoutExpectationsHasNoSummary() {
    LabModel.Matrix m =
        new LabModel.Matrix(
            List.of("a"),
            List.of(new LabModel.Target("10.0.0.1", "a", "eth0")),
            List.of(List.of(new LabModel.Cell(true, 0.1, null))));
    assertEquals("   10.0.0.1\n   a/eth0\na  ok 0.10ms\n", CheckGrid.render(m, "host"));
  }

  @Test
  void emptyLabs() {
    assertEquals(
        "the lab has no namespaces to probe from\n",
        CheckGrid.render(new LabModel.Matrix(List.of(), List.of(), List.of()), "host"));
    assertEquals(
        "the lab has no addresses to probe\n",
        CheckGrid.render(new LabModel.Matrix(List.of("a"), List.of(), List.of(List.of())), "host"));
  }

  @Test
  void plainFormIsSnakeCase() {
    Object plain = Models.toPlain(MATRIX);
    assertTrue(plain.toString().contains("rtt_ms=12.345"), plain.toString());
  }
}

package nsplay.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** cidrsubnet and cidrhost as playbooks call them. */
class FunctionsTest {
  final Templates t = new Templates();

  @Test
  void theReadmesAddressPlan() throws TemplateError {
    assertEquals(
        "10.0.2.1/24",
        t.render(
            "${cidrhost(cidrsubnet('10.0.0.0/8', 16, instance), 1)}/24", Map.of("instance", 2)));
    assertEquals("10.0.7.0/24", t.render("${cidrsubnet(\"10.0.0.0/8\", 16, n)}", Map.of("n", 7L)));
  }

  @Test
  void terraformsExamplesThroughTemplates() throws TemplateError {
    assertEquals("172.18.0.0/16", t.evaluate("cidrsubnet('172.16.0.0/12', 4, 2)", Map.of()));
    assertEquals(
        "fd00:fd12:3456:7800:a200::/72",
        t.evaluate("cidrsubnet('fd00:fd12:3456:7890::/56', 16, 162)", Map.of()));
    assertEquals("10.12.113.12", t.evaluate("cidrhost('10.12.112.0/20', 268)", Map.of()));
    assertEquals("10.0.0.255", t.evaluate("cidrhost('10.0.0.0/24', -1)", Map.of()));
  }

  @Test
  void numbersWrittenAsTextCount() throws TemplateError {
    // -e instance=3 arrives as a string
    assertEquals("10.3.0.0/16", t.evaluate("cidrsubnet('10.0.0.0/8', 8, n)", Map.of("n", "3")));
  }

  @Test
  void errorsAreOneLineAndNameTheFunction() {
    TemplateError e =
        assertThrows(
            TemplateError.class, () -> t.evaluate("cidrsubnet('10.0.0.0/24', 4, 16)", Map.of()));
    TemplatesTest.assertClean(e);
    assertTrue(
        e.getMessage()
            .contains(
                "cidrsubnet: prefix extension of 4 does not accommodate a subnet numbered 16"),
        e.getMessage());
    e = assertThrows(TemplateError.class, () -> t.evaluate("cidrhost('10.0.0.0/24')", Map.of()));
    TemplatesTest.assertClean(e);
    assertTrue(e.getMessage().contains("takes 2 arguments, got 1"), e.getMessage());
    e =
        assertThrows(
            TemplateError.class, () -> t.evaluate("cidrhost('10.0.0.0/24', 1.5)", Map.of()));
    assertTrue(e.getMessage().contains("hostnum must be a whole number, got 1.5"), e.getMessage());
    e = assertThrows(TemplateError.class, () -> t.evaluate("cidrhost(5, 1)", Map.of()));
    assertTrue(e.getMessage().contains("prefix must be a string"), e.getMessage());
    e = assertThrows(TemplateError.class, () -> t.evaluate("cidrhost('nope', 1)", Map.of()));
    assertTrue(e.getMessage().contains("invalid CIDR prefix \"nope\""), e.getMessage());
  }

  @Test
  void aFunctionIsNoValue() {
    TemplateError e = assertThrows(TemplateError.class, () -> t.evaluate("cidrhost", Map.of()));
    TemplatesTest.assertClean(e);
  }

  @Test
  void aVariableOfTheSameNameWins() throws TemplateError {
    assertEquals("x", t.evaluate("cidrhost", Map.of("cidrhost", "x")));
  }
}

package nsplay.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import nsplay.task.Outcome;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The JUnit XML of nsplay check, read back by a parser: structure, counts, escaping. */
class JunitXmlTest {
  static Grader.Result result(String name, String label, Outcome o) {
    return new Grader.Result(name, label, "command", List.of(), "lab.yml:3:5", o, 12);
  }

  @Test
  void readsBackWithItsCountsAndEveryKindOfText() throws Exception {
    String nasty = "<b>&\"quotes\" ]]> \u0001bell\u0007 \uD800 emoji \uD83D\uDE00";
    List<Grader.Result> results =
        List.of(
            result("passes", null, Outcome.ok("fine")),
            result("fails <here>", "item&1", Outcome.failed(nasty, List.of())),
            result("skipped", null, Outcome.skipped("its when: does not hold")).equals(null)
                ? null
                : result("skipped", null, Outcome.skipped("its when: does not hold")));
    StringWriter w = new StringWriter();
    JunitXml.write(w, "lab<1>", results);
    Document doc =
        DocumentBuilderFactory.newInstance()
            .newDocumentBuilder()
            .parse(new ByteArrayInputStream(w.toString().getBytes(StandardCharsets.UTF_8)));
    Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);
    assertEquals("lab<1>", suite.getAttribute("name"));
    assertEquals(
        Map.of("tests", "3", "failures", "1", "skipped", "1", "errors", "0", "time", "0.036"),
        Map.of(
            "tests", suite.getAttribute("tests"),
            "failures", suite.getAttribute("failures"),
            "skipped", suite.getAttribute("skipped"),
            "errors", suite.getAttribute("errors"),
            "time", suite.getAttribute("time")));
    Element failed = (Element) doc.getElementsByTagName("testcase").item(1);
    assertEquals("fails <here> [item&1]", failed.getAttribute("name"));
    assertEquals("lab<1>.command", failed.getAttribute("classname"));
    String kept = "<b>&\"quotes\" ]]> \uFFFDbell\uFFFD \uFFFD emoji \uD83D\uDE00";
    Element failure = (Element) failed.getElementsByTagName("failure").item(0);
    assertEquals(kept, failure.getAttribute("message"));
    assertEquals("lab.yml:3:5: " + kept, failure.getTextContent());
    assertEquals(1, doc.getElementsByTagName("skipped").getLength());
  }
}

package nsplay.engine;

import java.io.Writer;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import nsplay.task.Outcome;

/**
 * The results of {@code nsplay check} as JUnit XML, the format CI and grading systems read: one
 * {@code testsuite} for the lab, one {@code testcase} per check (per loop item), with a {@code
 * failure} for a failed one and {@code skipped} for one that did not run. Written with the JDK's
 * StAX writer, which escapes markup; characters XML 1.0 cannot hold at all (most control
 * characters, which a program's output may have) are replaced by U+FFFD first.
 */
public final class JunitXml {
  private JunitXml() {}

  /** Writes the document for lab {@code lab} to {@code out} (not closed). */
  public static void write(Writer out, String lab, List<Grader.Result> results)
      throws XMLStreamException {
    int failures = 0;
    int skipped = 0;
    long millis = 0;
    for (Grader.Result r : results) {
      failures += r.outcome().status() == Outcome.Status.FAILED ? 1 : 0;
      skipped += r.outcome().status() == Outcome.Status.SKIPPED ? 1 : 0;
      millis += r.millis();
    }
    XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
    x.writeStartDocument("UTF-8", "1.0");
    x.writeCharacters("\n");
    x.writeStartElement("testsuites");
    x.writeCharacters("\n");
    x.writeStartElement("testsuite");
    x.writeAttribute("name", clean(lab));
    x.writeAttribute("tests", Integer.toString(results.size()));
    x.writeAttribute("failures", Integer.toString(failures));
    x.writeAttribute("errors", "0");
    x.writeAttribute("skipped", Integer.toString(skipped));
    x.writeAttribute("time", seconds(millis));
    x.writeCharacters("\n");
    for (Grader.Result r : results) {
      x.writeCharacters("  ");
      x.writeStartElement("testcase");
      x.writeAttribute("classname", clean(lab + "." + r.type()));
      x.writeAttribute("name", clean(title(r)));
      x.writeAttribute("time", seconds(r.millis()));
      String message = r.outcome().message() == null ? "" : r.outcome().message();
      switch (r.outcome().status()) {
        case FAILED -> {
          x.writeStartElement("failure");
          x.writeAttribute("message", clean(message));
          x.writeAttribute("type", clean(r.type()));
          x.writeCharacters(clean(r.location() + ": " + message));
          x.writeEndElement();
        }
        case SKIPPED -> {
          x.writeEmptyElement("skipped");
          x.writeAttribute("message", clean(message));
        }
        default -> {
          x.writeStartElement("system-out");
          x.writeCharacters(clean(message));
          x.writeEndElement();
        }
      }
      x.writeEndElement();
      x.writeCharacters("\n");
    }
    x.writeEndElement();
    x.writeCharacters("\n");
    x.writeEndElement();
    x.writeCharacters("\n");
    x.writeEndDocument();
    x.flush();
  }

  /** The check's name as a test's: its task name, and its loop item in brackets. */
  public static String title(Grader.Result r) {
    return r.label() == null ? r.name() : r.name() + " [" + r.label() + "]";
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }

  /** Text XML 1.0 can hold: invalid characters (and unpaired surrogates) become U+FFFD. */
  static String clean(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      boolean ok =
          c == 0x9
              || c == 0xA
              || c == 0xD
              || (c >= 0x20 && c <= 0xD7FF)
              || (c >= 0xE000 && c <= 0xFFFD)
              || (c >= 0x10000 && c <= 0x10FFFF);
      sb.appendCodePoint(ok ? c : 0xFFFD);
      i += Character.charCount(c);
    }
    return sb.toString();
  }
}

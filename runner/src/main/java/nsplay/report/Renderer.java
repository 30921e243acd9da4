package nsplay.report;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.ConditionalTemplateConfigurationFactory;
import freemarker.cache.FileNameGlobMatcher;
import freemarker.cache.FileTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.core.ParseException;
import freemarker.core.TemplateConfiguration;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateNotFoundException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a {@link LabModel} as a report with FreeMarker templates {@code report.FORMAT.ftl}, taken
 * from the user's folder when it has them (file by file) and otherwise from the jar's {@code
 * nsplay/templates/}.
 *
 * <p>FreeMarker runs as locked down as for playbooks: no {@code ?new}, no {@code ?api}, only plain
 * maps, lists, strings, numbers and booleans reach the template, so a report template cannot call
 * Java. {@code *.html.ftl} templates auto-escape as HTML.
 *
 * <p>Templates get {@code lab} ({@link Models#toMap}, snake_case keys), {@code svg} (the topology,
 * {@link Topology}; insert it with {@code ?no_esc} in HTML) and {@code mermaid} ({@link
 * Graph#mermaid}) and {@code lo_down} ({@link #loDown}).
 */
public final class Renderer {
  /** The formats there are templates for, in the order help lists them. */
  public static final List<String> FORMATS = List.of("html", "md", "txt");

  static final String CLASSPATH_BASE = "nsplay/templates";

  public Renderer() {}

  /**
   * The report of {@code model} in {@code format} (html, md or txt).
   *
   * @param userTemplates a folder whose {@code report.*.ftl} override the built-in ones, or null
   */
  public String render(LabModel model, String format, Path userTemplates) throws ReportException {
    if (!FORMATS.contains(format)) {
      throw new ReportException(
          "unknown report format " + format + " (use " + String.join(", ", FORMATS) + ")");
    }
    String name = "report." + format + ".ftl";
    Configuration cfg = configuration(userTemplates);
    Template t;
    try {
      t = cfg.getTemplate(name);
    } catch (TemplateNotFoundException e) {
      throw new ReportException("no template " + name);
    } catch (ParseException e) {
      throw new ReportException(
          "template " + name + ", line " + e.getLineNumber() + ": " + e.getEditorMessage(), e);
    } catch (IOException e) {
      throw new ReportException("cannot read template " + name + ": " + e.getMessage(), e);
    }
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("lab", Models.toMap(model));
    data.put("svg", Topology.svg(model));
    data.put("mermaid", Graph.mermaid(model));
    data.put("lo_down", loDown(model));
    StringWriter out = new StringWriter();
    try {
      t.process(data, out);
    } catch (TemplateException e) {
      throw new ReportException(
          "template "
              + where(t, e)
              + ": "
              + withExpression(
                  firstLine(
                      e.getMessageWithoutStackTop() == null
                          ? e.getMessage()
                          : e.getMessageWithoutStackTop()),
                  e.getBlamedExpressionString()),
          e);
    } catch (IOException e) {
      throw new ReportException("cannot render " + name + ": " + e.getMessage(), e);
    }
    return out.toString();
  }

  /**
   * The matrix's sources whose {@code lo} is down and that fail to reach an address of their own:
   * without lo a namespace cannot ping itself, which reads as a broken lab unless it is said why.
   */
  static List<String> loDown(LabModel model) {
    LabModel.Matrix m = model.matrix();
    if (m == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int k = 0; k < m.sources().size(); k++) {
      String src = m.sources().get(k);
      boolean down =
          model.namespaces().stream()
              .filter(n -> !n.isHost() && n.name().equals(src))
              .flatMap(n -> n.interfaces().stream())
              .anyMatch(i -> "lo".equals(i.name()) && "DOWN".equalsIgnoreCase(i.state()));
      boolean ownUnreachable = false;
      for (int j = 0; j < m.targets().size() && k < m.cells().size(); j++) {
        LabModel.Target t = m.targets().get(j);
        if (src.equals(t.netns()) && !m.cells().get(k).get(j).reachable()) {
          ownUnreachable = true;
        }
      }
      if (down && ownUnreachable) {
        out.add(src);
      }
    }
    return List.copyOf(out);
  }

  /**
   * FreeMarker's first line often ends in a colon ("The following has evaluated to null or
   * missing:") with the expression on the lines below, which one line drops: the expression is put
   * after the colon, so the message names what failed.
   */
  static String withExpression(String line, String blamed) {
    if (blamed == null || blamed.isBlank()) {
      return line;
    }
    String trimmed = line.strip();
    return trimmed.endsWith(":") ? trimmed + " " + blamed : trimmed + " (in ${" + blamed + "})";
  }

  /** The configuration for one rendering; with its own loader, so it is not shared. */
  static Configuration configuration(Path userTemplates) throws ReportException {
    // The same locked-down configuration as playbooks, with a loader for the templates.
    Configuration c = nsplay.template.Templates.lockedDown();
    c.setTemplateLoader(loader(userTemplates));
    c.setDefaultEncoding("UTF-8");
    c.setOutputEncoding("UTF-8");
    // report.html.ftl (and any *.html.ftl it includes) escapes ${...} as HTML; *.ftlh too.
    c.setRecognizeStandardFileExtensions(true);
    TemplateConfiguration html = new TemplateConfiguration();
    html.setOutputFormat(HTMLOutputFormat.INSTANCE);
    c.setTemplateConfigurations(
        new ConditionalTemplateConfigurationFactory(new FileNameGlobMatcher("*.html.ftl"), html));
    return c;
  }

  private static TemplateLoader loader(Path userTemplates) throws ReportException {
    TemplateLoader builtIn =
        new ClassTemplateLoader(Renderer.class.getClassLoader(), CLASSPATH_BASE);
    if (userTemplates == null) {
      return builtIn;
    }
    if (!Files.isDirectory(userTemplates)) {
      throw new ReportException(userTemplates + ": not a folder of templates");
    }
    try {
      return new MultiTemplateLoader(
          new TemplateLoader[] {new FileTemplateLoader(userTemplates.toFile()), builtIn});
    } catch (IOException e) {
      throw new ReportException(
          "cannot read templates in " + userTemplates + ": " + e.getMessage(), e);
    }
  }

  private static String where(Template t, TemplateException e) {
    String name = e.getTemplateSourceName() != null ? e.getTemplateSourceName() : t.getSourceName();
    return e.getLineNumber() == null ? name : name + ", line " + e.getLineNumber();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "error";
    }
    int nl = s.indexOf('\n');
    return (nl < 0 ? s : s.substring(0, nl)).strip();
  }
}

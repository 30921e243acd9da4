package nsplay.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RendererTest {
  private final Renderer renderer = new Renderer();

  private String render(LabModel m, String format) throws ReportException {
    return renderer.render(m, format, null);
  }

  @ParameterizedTest
  @ValueSource(strings = {"html", "md", "txt"})
  void everyFormatShowsTheWholeSeedLab(String format) throws ReportException {
    String r = render(Fixtures.seed(), format);
    assertFalse(r.contains("${"), r);
    assertFalse(r.contains("<#"), r);
    for (String s :
        List.of(
            "seed",
            "red",
            "blue",
            "v-net-0",
            "veth-red",
            "veth-blue",
            "veth-red-br",
            "veth-blue-br",
            "192.168.15.1/24",
            "192.168.15.2/24",
            "192.168.15.5/24",
            "192.168.15.0/24",
            "10.0.2.15/24",
            "42:04:1e:ae:15:63",
            "nsplay-seed",
            "masquerade",
            "default",
            "192.168.15.5",
            "10.0.2.2",
            "2026-11-29 15:41:07 UTC",
            "2026-11-29 15:40:58 UTC",
            "red reaches its gateway",
            "1003")) {
      assertTrue(r.contains(s), format + " lacks " + s);
    }
    // Every matrix cell, with its round-trip time.
    for (String rtt : List.of("0.012", "0.038", "0.017", "0.018", "0.009", "0.021")) {
      assertTrue(r.contains(rtt + " ms") || r.contains(rtt + "ms"), format + " lacks " + rtt);
    }
    // The recap of the last run.
    assertTrue(r.matches("(?s).*ok.{0,40}3.*changed.{0,40}15.*"), r);
  }

  @Test
  void htmlIsOnePageWithTheTopologyAndNoScripts() throws ReportException {
    String r = render(Fixtures.seed(), "html");
    assertTrue(r.startsWith("<!DOCTYPE html>") || r.contains("\n<!DOCTYPE html>"), r);
    assertTrue(r.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""), r);
    assertTrue(r.contains("class=\"netns\" data-name=\"red\""), r);
    assertTrue(r.contains("@media print"), r);
    assertFalse(r.toLowerCase().contains("<script"), r);
    assertFalse(r.contains("<link"), r);
    assertFalse(r.contains("src=\"http"), r);
    assertFalse(r.contains("@import"), r);
    // The NAT rule's quotes are escaped in the table.
    assertTrue(r.contains("oifname &quot;eth0&quot; masquerade"), r);
  }

  @Test
  void markdownCarriesTheMermaidGraph() throws ReportException {
    String r = render(Fixtures.seed(), "md");
    assertTrue(r.contains("```mermaid\n" + Graph.mermaid(Fixtures.seed()) + "```\n"), r);
    assertTrue(r.contains("| **red** |"), r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"html", "md", "txt"})
  void stackedLinksSayWhatTheyStandOn(String format) throws ReportException {
    String r = render(ModelBuilderTest.stacked(), format).replaceAll("<[^>]*>|`", "");
    assertTrue(r.contains("vlan 10 on trunk"), r);
    assertTrue(r.contains("macvlan bridge on trunk"), r);
  }

  @Test
  void textIsAlignedColumns() throws ReportException {
    String r = render(Fixtures.seed(), "txt");
    assertTrue(r.startsWith("LAB seed, read 2026-11-29 15:41:07 UTC\n"), r);
    assertTrue(r.contains("\n  FROM \\ TO  192.168.15.1  192.168.15.2  192.168.15.5\n"), r);
    assertTrue(r.contains("\n  red        ok 0.012ms    ok 0.038ms    ok 0.017ms\n"), r);
    assertTrue(r.contains("\n  default          192.168.15.5  veth-red\n"), r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"html", "md", "txt"})
  void fiftyNamespacesNotProbedNeverRun(String format) throws ReportException {
    String r = render(Fixtures.many(50), format);
    assertFalse(r.contains("${"), r);
    for (int i = 1; i <= 50; i++) {
      assertTrue(r.contains(String.format("ns%02d", i)), format + " lacks ns" + i);
      String a = String.format("10.0.%d.%d/16", i / 250, i % 250 + 1);
      assertTrue(r.contains(a), format + " lacks " + a);
    }
    assertTrue(r.toLowerCase().contains("not probed"), r);
    assertTrue(r.toLowerCase().contains("no recorded run"), r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"html", "md", "txt"})
  void emptyLab(String format) throws ReportException {
    LabModel m =
        new LabModel("empty", null, "t", List.of(), List.of(), List.of(), List.of(), null, null);
    assertTrue(render(m, format).contains("empty"));
  }

  @Test
  void htmlEscapesNames() throws ReportException {
    String bad = "a<b&c>\"'";
    String r = render(Fixtures.seed(bad, "blue"), "html");
    assertFalse(r.contains("a<b&c>"), r);
    assertTrue(r.contains("a&lt;b&amp;c&gt;&quot;&#39;"), r);
    // The text formats keep the name as it is.
    assertTrue(render(Fixtures.seed(bad, "blue"), "txt").contains(bad));
  }

  @Test
  void unexpectedAndUnreachableCellsAreMarked() throws ReportException {
    LabModel s = Fixtures.seed();
    List<List<LabModel.Cell>> cells = new ArrayList<>(s.matrix().cells());
    cells.set(
        1,
        List.of(
            new LabModel.Cell(false, -1, "reachable"),
            new LabModel.Cell(true, 0.009, null),
            new LabModel.Cell(false, -1, null)));
    LabModel m =
        new LabModel(
            s.lab(),
            s.hostNetns(),
            s.generatedAt(),
            s.namespaces(),
            s.bridges(),
            s.vethPairs(),
            s.nat(),
            s.lastRun(),
            new LabModel.Matrix(s.matrix().sources(), s.matrix().targets(), cells));
    String html = render(m, "html");
    assertTrue(html.contains("<td class=\"unreach unexpected\""), html);
    assertTrue(html.contains("<td class=\"unreach\">✗</td>"), html);
    assertTrue(html.contains("a ping task expects reachable"), html);
    String txt = render(m, "txt");
    assertTrue(txt.contains("\n  blue       FAIL!         ok 0.009ms    FAIL\n"), txt);
    assertTrue(render(m, "md").contains("🔴 unreachable ⚠️ expected reachable"));
  }

  @Test
  void userTemplatesOverrideFileByFile(@TempDir Path dir) throws Exception {
    Files.writeString(
        dir.resolve("report.txt.ftl"),
        "custom ${lab.lab}: <#list lab.namespaces as n>${n.name}<#sep>, </#list>\n");
    assertEquals("custom seed: host, red, blue\n", renderer.render(Fixtures.seed(), "txt", dir));
    // The others still come from the jar.
    assertEquals(render(Fixtures.seed(), "html"), renderer.render(Fixtures.seed(), "html", dir));
    assertEquals(render(Fixtures.seed(), "md"), renderer.render(Fixtures.seed(), "md", dir));
  }

  @Test
  void userHtmlTemplatesAutoEscapeToo(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("report.html.ftl"), "<p>${lab.namespaces[1].name}</p>");
    assertEquals("<p>&lt;x&gt;</p>", renderer.render(Fixtures.seed("<x>", "blue"), "html", dir));
  }

  @Test
  void templatesCannotReachJava(@TempDir Path dir) throws IOException {
    Files.writeString(
        dir.resolve("report.txt.ftl"),
        "<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"id\")}");
    ReportException e =
        assertThrows(ReportException.class, () -> renderer.render(Fixtures.seed(), "txt", dir));
    assertTrue(e.getMessage().startsWith("template report.txt.ftl, line 1: "), e.getMessage());
    Files.writeString(dir.resolve("report.md.ftl"), "${lab?api.getClass()}");
    assertThrows(ReportException.class, () -> renderer.render(Fixtures.seed(), "md", dir));
    Files.writeString(
        dir.resolve("report.html.ftl"),
        "${\"freemarker.template.ObjectConstructor\"?new()(\"java.io.File\", \"/\")}");
    assertThrows(ReportException.class, () -> renderer.render(Fixtures.seed(), "html", dir));
  }

  @Test
  void brokenTemplatesAndBadArgumentsAreReported(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("report.txt.ftl"), "line one\n<#if>");
    ReportException e =
        assertThrows(ReportException.class, () -> renderer.render(Fixtures.seed(), "txt", dir));
    assertTrue(e.getMessage().startsWith("template report.txt.ftl, line 2: "), e.getMessage());
    Files.writeString(dir.resolve("report.md.ftl"), "${lab.nope}");
    e = assertThrows(ReportException.class, () -> renderer.render(Fixtures.seed(), "md", dir));
    assertTrue(e.getMessage().contains("line 1"), e.getMessage());
    // The failing expression is named, not cut off after FreeMarker's colon.
    assertTrue(
        e.getMessage().endsWith("The following has evaluated to null or missing: lab.nope"),
        e.getMessage());
    e = assertThrows(ReportException.class, () -> render(Fixtures.seed(), "pdf"));
    assertEquals("unknown report format pdf (use html, md, txt)", e.getMessage());
    Path missing = dir.resolve("missing");
    e = assertThrows(ReportException.class, () -> renderer.render(Fixtures.seed(), "txt", missing));
    assertEquals(missing + ": not a folder of templates", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"html", "md", "txt"})
  void everyFormatSaysForwardingAndTimesTheSameReadableWay(String format) throws ReportException {
    String r = render(Fixtures.seed(), format);
    // Times to the second, in UTC spelled out; not ISO-8601 with its T and Z.
    assertFalse(r.contains("2026-11-29T"), r);
    // Forwarding as on/off in every format, not the sysctl's 1/0.
    assertTrue(r.matches("(?is).*forwarding\\W{0,3}on\\b.*"), format + ": " + r);
    assertFalse(r.matches("(?is).*forwarding\\W{0,3}[01]\\b.*"), format + ": " + r);
  }

  @Test
  void oneFailedTaskIsSingularAndFractionsOfSecondsAreDropped() throws ReportException {
    LabModel s = Fixtures.seed();
    LabModel.LastRun run = s.lastRun();
    LabModel one =
        new LabModel(
            s.lab(),
            s.hostNetns(),
            "2026-11-29T22:35:46.123456789Z",
            s.namespaces(),
            s.bridges(),
            s.vethPairs(),
            s.nat(),
            new LabModel.LastRun(
                run.startedAt(), run.tasks(), run.ok(), run.changed(), 1, run.skipped()),
            s.matrix());
    String r = render(one, "html");
    assertTrue(r.contains("</b>task failed in last run"), r);
    assertFalse(r.contains("</b>tasks failed"), r);
    assertTrue(r.contains("2026-11-29 22:35:46 UTC"), r);
    assertFalse(r.contains("123456789"), r);
  }

  /** The seed lab with red's lo down, so red does not reach its own 192.168.15.1. */
  private static LabModel redLoDown() {
    LabModel s = Fixtures.seed();
    List<LabModel.Namespace> namespaces = new ArrayList<>();
    for (LabModel.Namespace n : s.namespaces()) {
      if (!n.name().equals("red")) {
        namespaces.add(n);
        continue;
      }
      List<LabModel.Interface> ifs = new ArrayList<>();
      for (LabModel.Interface i : n.interfaces()) {
        ifs.add(
            i.name().equals("lo")
                ? new LabModel.Interface(
                    i.name(), i.kind(), "DOWN", i.mac(), i.master(), i.peer(), i.addresses())
                : i);
      }
      namespaces.add(new LabModel.Namespace(n.name(), false, ifs, n.routes(), n.forwarding()));
    }
    LabModel.Matrix m = s.matrix();
    List<List<LabModel.Cell>> cells = new ArrayList<>(m.cells());
    List<LabModel.Cell> red = new ArrayList<>(cells.get(0));
    red.set(0, new LabModel.Cell(false, -1, null));
    cells.set(0, red);
    return new LabModel(
        s.lab(),
        s.hostNetns(),
        s.generatedAt(),
        namespaces,
        s.bridges(),
        s.vethPairs(),
        s.nat(),
        s.lastRun(),
        new LabModel.Matrix(m.sources(), m.targets(), cells));
  }

  @ParameterizedTest
  @ValueSource(strings = {"html", "md", "txt"})
  void aNamespaceWhoseLoIsDownIsExplainedUnderTheMatrix(String format) throws ReportException {
    String note = "lo is down in red: it cannot reach its own addresses";
    assertTrue(render(redLoDown(), format).contains(note), render(redLoDown(), format));
    assertFalse(render(Fixtures.seed(), format).contains("lo is down"), format);
  }

  @Test
  void onlyARoutesGatewayIsLabelledGateway() throws ReportException {
    LabModel s = Fixtures.seed();
    // As Probe makes them: the host's address has no netns, a gateway elsewhere neither a name.
    LabModel.Matrix m =
        new LabModel.Matrix(
            List.of("red"),
            List.of(
                new LabModel.Target("10.0.2.15", null, "eth0"),
                new LabModel.Target("10.0.2.2", null, null)),
            List.of(
                List.of(new LabModel.Cell(true, 0.01, null), new LabModel.Cell(true, 1, null))));
    String r = render(ModelBuilder.withMatrix(s, m), "html");
    assertTrue(r.contains("10.0.2.15<small>host:eth0</small>"), r);
    assertTrue(r.contains("10.0.2.2<small>gateway</small>"), r);
  }

  @ParameterizedTest
  @ValueSource(strings = {"html", "md"})
  void linkLocalAddressesStayInTheTablesButNotInThePicture(String format) throws ReportException {
    String r = render(Fixtures.seedWithLinkLocal(), format);
    String picture =
        format.equals("html")
            ? r.substring(r.indexOf("<svg"), r.indexOf("</svg>"))
            : r.substring(r.indexOf("```mermaid"), r.indexOf("```", r.indexOf("```mermaid") + 3));
    assertFalse(picture.contains("fe80"), picture);
    assertTrue(r.contains("fe80::"), r);
  }
}

package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The seed lab's report, rendered through the real command line from a real lab in every format:
 * each namespace, address, route and connectivity cell is there; the SVG is well-formed XML with
 * one box per namespace and one line per veth pair; headless Chromium draws the HTML (when it is
 * installed; ./run-tests installs it).
 */
class ReportIT {
  private Lab lab;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
    }
  }

  private Lab seed() throws IOException {
    lab = new Lab("rep");
    lab.playbook(SeedLabIT.seedPlaybook(lab.name));
    lab.up().expect(0);
    return lab;
  }

  private static final List<String> ADDRESSES =
      List.of("192.168.15.1/24", "192.168.15.2/24", "192.168.15.5/24");

  @Test
  void everyFormatFromALiveLab(@TempDir Path dir) throws Exception {
    seed();
    String red = lab.name + "-red";
    String blue = lab.name + "-blue";
    for (String format : List.of("html", "md", "txt")) {
      Path out = dir.resolve("seed." + format);
      Lab.cli("report", "--lab", lab.name, "--format", format, "-o", out.toString()).expect(0);
      String text = Files.readString(out);
      for (String s : List.of(red, blue, "v-net-0", "veth-red", "veth-blue-br", "192.168.15.5")) {
        assertTrue(text.contains(s), format + " lacks " + s);
      }
      for (String a : ADDRESSES) {
        assertTrue(text.contains(a), format + " lacks " + a);
      }
      assertTrue(text.contains("default"), format + " lacks the default routes");
      assertTrue(text.contains("masquerade 192.168.15.0/24 out eth0"), format + " lacks NAT");
      assertTrue(!text.contains("${"), format + " has an unrendered expression");
    }
    // Connectivity: every cell of the text grid is reachable in the seed lab.
    String txt = Files.readString(dir.resolve("seed.txt"));
    String grid = txt.substring(txt.indexOf("CONNECTIVITY"));
    for (String row : List.of(blue, red)) {
      String line = grid.lines().filter(l -> l.strip().startsWith(row)).findFirst().orElseThrow();
      assertEquals(3, line.split("ok ").length - 1, "row " + row + ": " + line);
    }
  }

  @Test
  void topologyIsOneBoxPerNamespaceAndOneLinePerVethPair(@TempDir Path dir) throws Exception {
    seed();
    Path html = dir.resolve("seed.html");
    Lab.cli("report", "--lab", lab.name, "--no-probe", "-o", html.toString()).expect(0);
    String page = Files.readString(html);
    String svg = page.substring(page.indexOf("<svg"), page.indexOf("</svg>") + 6);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document doc =
        f.newDocumentBuilder()
            .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    assertEquals(2, count(doc, "netns"), "one box per lab namespace");
    assertEquals(2, count(doc, "veth"), "one line per veth pair");
    assertTrue(!page.contains("<script"), "no scripts in the report");
  }

  @Test
  void chromiumDrawsTheReport(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/chromium")), "chromium is not installed");
    seed();
    Path html = dir.resolve("seed.html");
    Lab.cli("report", "--lab", lab.name, "-o", html.toString()).expect(0);
    Path png = dir.resolve("seed.png");
    Process p =
        new ProcessBuilder(
                "/usr/bin/chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + dir.resolve("profile"),
                "--screenshot=" + png,
                "--window-size=1280,1600",
                html.toUri().toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromium.log").toFile())
            .start();
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium did not finish");
    assertEquals(0, p.exitValue(), Files.readString(dir.resolve("chromium.log")));
    byte[] bytes = Files.readAllBytes(png);
    assertTrue(bytes.length > 10_000, "screenshot too small: " + bytes.length);
    assertEquals((byte) 0x89, bytes[0]);
    assertEquals('P', bytes[1]);
  }

  /** Elements with this class (the SVG marks namespaces and veth pairs with classes). */
  private static int count(Document doc, String cls) {
    int n = 0;
    NodeList all = doc.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element e = (Element) all.item(i);
      if (List.of(e.getAttribute("class").split(" ")).contains(cls)) {
        n++;
      }
    }
    return n;
  }
}

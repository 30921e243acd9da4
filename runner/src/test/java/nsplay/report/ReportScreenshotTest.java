package nsplay.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed lab's HTML report as headless Chromium draws it: the page must load from a file with
 * nothing else (no network: the flags turn off every background fetch). Skipped without Chromium.
 * Set -Dnsplay.screenshot=PATH to keep the picture (docs/report-seed.png is made this way).
 */
class ReportScreenshotTest {
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @Test
  void chromiumDrawsTheSeedReport(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "no " + CHROMIUM);
    Path html = dir.resolve("seed.html");
    Files.writeString(
        html, new Renderer().render(Fixtures.seed(), "html", null), StandardCharsets.UTF_8);
    Path png = dir.resolve("seed.png");
    Path profile = Files.createDirectory(dir.resolve("profile"));
    Process p =
        new ProcessBuilder(
                List.of(
                    CHROMIUM.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + profile,
                    "--screenshot=" + png,
                    "--window-size=1280,1600",
                    html.toUri().toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("chromium.log").toFile())
            .start();
    boolean done = p.waitFor(120, TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
    }
    String log = Files.readString(dir.resolve("chromium.log"));
    assertTrue(done, "chromium did not finish: " + log);
    assertEquals(0, p.exitValue(), log);
    assertTrue(Files.size(png) > 10_000, "png of " + Files.size(png) + " bytes: " + log);
    byte[] magic = Arrays.copyOf(Files.readAllBytes(png), 8);
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, magic);
    String keep = System.getProperty("nsplay.screenshot");
    if (keep != null) {
      Files.copy(png, Path.of(keep), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }
}

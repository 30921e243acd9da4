package nsplay.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import nsplay.report.LabModel;
import nsplay.report.ModelBuilder;
import nsplay.report.ModelSource;
import nsplay.report.ModelSources;
import nsplay.report.Probe;
import nsplay.report.ReportException;

/** A lab as the kernel has it now: for `report`, `graph`, `check` and `up --report`. */
public final class Reports {
  private Reports() {}

  /** Why a lab cannot be probed: it is not up, or the namespace that plays its host is gone. */
  public static final class CannotProbe extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean notUp;

    CannotProbe(String message, boolean notUp) {
      super(message);
      this.notUp = notUp;
    }

    /** True when the lab is not up (a usage mistake), false when its host is gone (a failure). */
    public boolean notUp() {
      return notUp;
    }
  }

  /** What `check` found: the matrix, and the namespace that plays the lab's host (or null). */
  public record Checked(String hostNetns, LabModel.Matrix matrix) {}

  /**
   * The model of a lab as it is now, with the connectivity matrix when {@code probe}; tests may put
   * a fixture in the kernel's place ({@link ModelSources#replaceForTests}).
   *
   * @throws NoSuchFileException when the lab is not up
   */
  public static LabModel model(String lab, boolean probe) throws IOException {
    ModelSource replaced = ModelSources.replacement();
    if (replaced != null) {
      return replaced.load(lab, probe);
    }
    try (LabSession s = LabSession.open(lab)) {
      LabModel m =
          ModelBuilder.build(lab, s.kernel(), s.journal(), ModelBuilder.readLastRun(lab), null);
      return probe
          ? ModelBuilder.withMatrix(m, Probe.probe(s.kernel(), m, null, Probe.DEFAULT_TIMEOUT_MS))
          : m;
    }
  }

  /** Probes the lab's connectivity, judging the cells against {@code expectations} (or null). */
  public static Checked check(String lab, List<Probe.Expectation> expectations, int timeoutMs)
      throws CannotProbe {
    try (LabSession s = LabSession.open(lab)) {
      if (!s.isUp()) {
        throw new CannotProbe("lab " + lab + " is not up; nothing to check", true);
      }
      if (s.hostGone()) {
        throw new CannotProbe(
            "the host namespace of lab " + lab + " (" + s.hostNetns() + ") is gone", false);
      }
      LabModel model = ModelBuilder.build(lab, s.kernel(), s.journal(), null, null);
      return new Checked(s.hostNetns(), Probe.probe(s.kernel(), model, expectations, timeoutMs));
    } catch (NoSuchFileException e) {
      throw new CannotProbe("lab " + lab + " is not up; nothing to check", true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal of lab " + lab, e);
    }
  }

  /** Writes the lab's HTML report, probes included, to {@code file}; false after saying why not. */
  public static boolean writeHtml(String lab, Path file, PrintWriter err) {
    try {
      String html = new nsplay.report.Renderer().render(model(lab, true), "html", null);
      Files.writeString(file, html);
      return true;
    } catch (IOException | ReportException e) {
      err.println("nsplay: --report " + file + ": " + e.getMessage());
      return false;
    }
  }
}

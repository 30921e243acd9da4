package nsplay.report;

import java.util.List;
import java.util.Objects;
import nsplay.kernel.LiveKernel;
import nsplay.state.Entry;
import nsplay.state.Journal;

/** The model sources the commands use. */
public final class ModelSources {
  private static volatile ModelSource replacement;

  private ModelSources() {}

  /**
   * The live kernel: the lab's journal (NoSuchFileException when the lab is not up) and last run,
   * read through {@link ModelBuilder}, with {@link Probe} for the matrix when asked.
   */
  public static ModelSource live() {
    ModelSource r = replacement;
    if (r != null) {
      return r;
    }
    return (lab, probe) -> {
      List<Entry> journal = Journal.read(Journal.dir(Journal.ROOT, lab).resolve("journal"));
      Entry.Lab head = Journal.labOf(journal);
      try (LiveKernel kernel = new LiveKernel(head == null ? null : head.hostNetns())) {
        LabModel m = ModelBuilder.build(lab, kernel, journal, ModelBuilder.readLastRun(lab), null);
        return probe
            ? ModelBuilder.withMatrix(m, Probe.probe(kernel, m, null, Probe.DEFAULT_TIMEOUT_MS))
            : m;
      }
    };
  }

  /**
   * Makes {@link #live()} answer with {@code source} until the returned handle is closed: lets
   * tests drive the commands without a kernel.
   */
  public static Replacement replaceForTests(ModelSource source) {
    replacement = Objects.requireNonNull(source);
    return () -> replacement = null;
  }

  /** Undoes {@link #replaceForTests}. */
  public interface Replacement extends AutoCloseable {
    @Override
    void close();
  }
}

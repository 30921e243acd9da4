package nsplay.report;

import java.util.Objects;

/** The model sources the commands use. */
public final class ModelSources {
  private static volatile ModelSource replacement;

  private ModelSources() {}

  /**
   * The live kernel: the lab's journal and last run, read through ModelBuilder, with Probe for the
   * matrix. Not wired yet: ModelBuilder and Probe come from another branch.
   */
  public static ModelSource live() {
    ModelSource r = replacement;
    if (r != null) {
      return r;
    }
    return (lab, probe) -> {
      throw new UnsupportedOperationException("model builder not merged yet");
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

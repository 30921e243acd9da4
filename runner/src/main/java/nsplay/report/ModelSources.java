package nsplay.report;

import java.util.Objects;

/**
 * The seam between the commands and the live kernel: tests put a model source of their own in its
 * place (nsplay.app.Reports reads the live one).
 */
public final class ModelSources {
  private static volatile ModelSource replacement;

  private ModelSources() {}

  /** The source that tests put in the live kernel's place, or null. */
  public static ModelSource replacement() {
    return replacement;
  }

  /**
   * Makes the commands read their models from {@code source} until the returned handle is closed:
   * lets tests drive the commands without a kernel.
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

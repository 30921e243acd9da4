package nsplay.kernel;

import nsplay.jni.Sys;

/**
 * A test hook for crash safety: with {@code NSPLAY_CRASH_AFTER_CHANGES=K} in the environment, the
 * process kills itself with SIGKILL right after its K-th kernel change, as a power cut or {@code
 * kill -9} would. Tests use it to prove that {@code down} cleans up after a crash at every step.
 * Without the variable it does nothing.
 */
final class CrashPoint {
  static final String VARIABLE = "NSPLAY_CRASH_AFTER_CHANGES";
  private static final int SIGKILL = 9;

  private final long limit;
  private long count;

  private CrashPoint(long limit) {
    this.limit = limit;
  }

  static CrashPoint fromEnvironment() {
    String v = System.getenv(VARIABLE);
    long limit = -1;
    if (v != null) {
      try {
        limit = Long.parseLong(v.trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
    }
    return new CrashPoint(limit);
  }

  /** Counts one kernel change; dies on the limit. */
  void changed() {
    if (limit >= 0 && ++count >= limit) {
      System.out.flush();
      Sys.killPid((int) ProcessHandle.current().pid(), SIGKILL);
    }
  }
}

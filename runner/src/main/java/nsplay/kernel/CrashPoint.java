package nsplay.kernel;

import java.util.List;
import nsplay.jni.Sys;

/**
 * A test hook for crash safety: the process kills itself with SIGKILL, as a power cut or {@code
 * kill -9} would, at a point the environment names. Tests use it to prove that {@code down} (and a
 * later {@code up}) cleans up after a crash at every step. Without the variables it does nothing.
 *
 * <ul>
 *   <li>{@code NSPLAY_CRASH_AFTER_CHANGES=K}: right after the K-th kernel change.
 *   <li>{@code NSPLAY_CRASH_AT=STEP} or {@code STEP@N}: at the first (the N-th) time the run
 *       reaches {@code STEP}, one of {@link #STEPS}: the points inside one namespace's creation or
 *       removal, which is several system calls, where no count of changes can cut.
 * </ul>
 */
final class CrashPoint {
  static final String VARIABLE = "NSPLAY_CRASH_AFTER_CHANGES";
  static final String AT_VARIABLE = "NSPLAY_CRASH_AT";

  /** netns add: the namespace exists, unnamed, held by our fd; nothing is recorded yet. */
  static final String NETNS_ADD_AFTER_NEW = "netns-add:after-new";

  /** netns add: its name and identity are in the journal; it has no name yet. */
  static final String NETNS_ADD_AFTER_RECORD = "netns-add:after-record";

  /** netns add: its lo carries the lab's token; it has no name yet. */
  static final String NETNS_ADD_AFTER_ALIAS = "netns-add:after-alias";

  /** netns add: the name's file exists, nothing is mounted on it (an unfinished leftover). */
  static final String NETNS_ADD_AFTER_FILE = "netns-add:after-file";

  /** netns del: the namespace is unmounted, its file is still there (an unfinished leftover). */
  static final String NETNS_DEL_AFTER_UMOUNT = "netns-del:after-umount";

  /**
   * Every step {@code NSPLAY_CRASH_AT} can name. KEEP IN SYNC WITH the crash tests
   * (nsplay.it.CrashIT), which kill at each.
   */
  static final List<String> STEPS =
      List.of(
          NETNS_ADD_AFTER_NEW,
          NETNS_ADD_AFTER_RECORD,
          NETNS_ADD_AFTER_ALIAS,
          NETNS_ADD_AFTER_FILE,
          NETNS_DEL_AFTER_UMOUNT);

  private static final int SIGKILL = 9;

  private final long limit;
  private long count;
  private final String step;
  private long stepLimit;

  private CrashPoint(long limit, String step, long stepLimit) {
    this.limit = limit;
    this.step = step;
    this.stepLimit = stepLimit;
  }

  static CrashPoint fromEnvironment() {
    return of(System.getenv(VARIABLE), System.getenv(AT_VARIABLE));
  }

  /** From the two variables' values (null: unset). An unknown step is refused loudly. */
  static CrashPoint of(String afterChanges, String at) {
    long limit = -1;
    if (afterChanges != null) {
      try {
        limit = Long.parseLong(afterChanges.trim());
      } catch (NumberFormatException e) {
        limit = -1;
      }
    }
    String step = null;
    long nth = 1;
    if (at != null && !at.isBlank()) {
      step = at.trim();
      int n = step.lastIndexOf('@');
      if (n >= 0) {
        nth = Long.parseLong(step.substring(n + 1));
        step = step.substring(0, n);
      }
      // A test that names a step no code reaches would pass without ever crashing.
      if (!STEPS.contains(step)) {
        throw new IllegalArgumentException(AT_VARIABLE + ": no step " + step + "; one of " + STEPS);
      }
    }
    return new CrashPoint(limit, step, nth);
  }

  /** Counts one kernel change; dies on the limit. */
  synchronized void changed() {
    if (limit >= 0 && ++count >= limit) {
      die();
    }
  }

  /** The run reached {@code step} (one of {@link #STEPS}); dies when it is the one named. */
  synchronized void at(String step) {
    if (step.equals(this.step) && --stepLimit <= 0) {
      die();
    }
  }

  private static void die() {
    System.out.flush();
    Sys.killPid((int) ProcessHandle.current().pid(), SIGKILL);
  }
}

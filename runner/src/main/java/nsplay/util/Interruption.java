package nsplay.util;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT), SIGTERM or SIGHUP during `up`: the run stops between two kernel changes, not in
 * the middle of one, so that the journal and the kernel agree, and says so.
 *
 * <p>The JVM runs shutdown hooks on those signals; there is no supported way to catch them
 * otherwise (sun.misc.Signal is internal). The hook only raises a flag and then waits, up to {@link
 * #GRACE_MS}, for the main thread to reach a stopping point ({@link #check}, called before each
 * journal record and between tasks), unwind with {@link Interrupted}, write what it has to (the
 * journal's last records, the run log, its message, the lock's release) and {@link #release} it.
 * The hook itself writes nothing: it cannot race the main thread's journal writes. When the hook
 * returns, the JVM exits with the signal's status (130 for SIGINT).
 */
public final class Interruption {
  /** How long the hook waits for the main thread: longer than any single kernel change takes. */
  static final long GRACE_MS = 5000;

  private static volatile boolean requested;
  private static final AtomicInteger changes = new AtomicInteger();
  private static final CountDownLatch released = new CountDownLatch(1);
  private static Thread hook;
  private static int armed;

  private Interruption() {}

  /** Thrown at a stopping point once a signal came: an Error, so no task's handler takes it. */
  public static final class Interrupted extends Error {
    private static final long serialVersionUID = 1L;

    Interrupted() {
      super("interrupted", null, false, false);
    }
  }

  /**
   * From now on a signal stops the run at its next stopping point instead of killing it. Counted:
   * several runs in one process (up --instances) each arm and disarm, and the last disarm counts.
   */
  public static synchronized void arm() {
    if (armed++ > 0 || hook != null) {
      return;
    }
    hook = new Thread(Interruption::onSignal, "nsplay-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * After the run: a signal kills the process again. When the JVM is already shutting down (a
   * signal came), the hook stays and waits for {@link #release}.
   */
  public static synchronized void disarm() {
    if (armed > 0 && --armed > 0) {
      return;
    }
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
      hook = null;
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it returns once the main thread releases it
    }
  }

  /** Whether a signal asked the run to stop. */
  public static boolean requested() {
    return requested;
  }

  /** A stopping point: throws {@link Interrupted} once a signal came. */
  public static void check() {
    if (requested) {
      throw new Interrupted();
    }
  }

  /** Counts a change made (its journal record written): the message says how many were. */
  public static void changed() {
    changes.incrementAndGet();
  }

  /** The changes counted since the process started. */
  public static int changes() {
    return changes.get();
  }

  /** The main thread has written everything: the hook may return and the JVM exit. */
  public static void release() {
    released.countDown();
  }

  private static void onSignal() {
    requested = true;
    try {
      released.await(GRACE_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

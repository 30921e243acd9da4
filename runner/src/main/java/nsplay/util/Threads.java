package nsplay.util;

/** Waiting for the helper threads nsplay starts (read-ahead, namespace removal, set-up). */
public final class Threads {
  private Threads() {}

  /**
   * Waits until {@code t} has ended, even when interrupted meanwhile (the interrupt is kept for the
   * caller): the callers must not go on while the thread still works, e.g. `down` may not return
   * while namespaces are still being removed. Null does nothing.
   */
  public static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    while (t != null && t.isAlive()) {
      try {
        t.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}

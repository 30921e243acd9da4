package nsplay.cli;

import java.io.PrintWriter;
import java.time.Duration;
import nsplay.state.Journal;
import nsplay.state.LabLock;

/** {@code --lock-timeout}, and taking a lab's lock with it (up and down). */
final class LockOption {
  private LockOption() {}

  static final Syntax.Opt OPT =
      Syntax.Opt.value(
              "SECONDS",
              "how long to wait for another up or down of the same lab (default: 30)",
              "--lock-timeout")
          .withDefault("30");

  /** The lab's lock, after saying so if it has to wait; null after saying it gave up. */
  static LabLock acquire(String lab, int seconds, PrintWriter err) {
    try {
      return LabLock.acquire(
          Journal.ROOT, lab, Duration.ofSeconds(seconds), msg -> err.println("nsplay: " + msg));
    } catch (LabLock.BusyException e) {
      err.println("nsplay: " + e.getMessage());
      return null;
    }
  }
}

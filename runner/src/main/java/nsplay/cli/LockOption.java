package nsplay.cli;

import java.io.PrintWriter;
import java.time.Duration;
import nsplay.state.Journal;
import nsplay.state.LabLock;
import picocli.CommandLine.Option;

/** {@code --lock-timeout}, and taking a lab's lock with it (a picocli mixin of up and down). */
final class LockOption {
  @Option(
      names = "--lock-timeout",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description = "how long to wait for another up or down of the same lab (default: 30)")
  int seconds;

  /** The lab's lock, after saying so if it has to wait; null after saying it gave up. */
  LabLock acquire(String lab, PrintWriter err) {
    try {
      return LabLock.acquire(
          Journal.ROOT, lab, Duration.ofSeconds(seconds), msg -> err.println("nsplay: " + msg));
    } catch (LabLock.BusyException e) {
      err.println("nsplay: " + e.getMessage());
      return null;
    }
  }
}

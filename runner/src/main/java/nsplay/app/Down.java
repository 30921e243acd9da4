package nsplay.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import nsplay.engine.Teardown;
import nsplay.state.LabLock;

/** Removing labs from their journals: `nsplay down`. */
public final class Down {
  private Down() {}

  /**
   * Removes each lab in turn, each under its lock (waiting up to {@code lockWait}); returns the
   * worst exit code. What is removed goes to {@code out}, why something was not to {@code err}.
   */
  public static int remove(List<String> labs, Duration lockWait, PrintWriter out, PrintWriter err) {
    int worst = Exit.OK;
    for (String name : labs) {
      worst = Math.max(worst, removeOne(name, lockWait, out, err));
    }
    return worst;
  }

  private static int removeOne(String name, Duration lockWait, PrintWriter out, PrintWriter err) {
    LabSession lab;
    try {
      lab = LabSession.lock(name, lockWait, msg -> err.println("nsplay: " + msg));
    } catch (LabLock.BusyException e) {
      err.println("nsplay: " + e.getMessage());
      return Exit.FAILED;
    } catch (NoSuchFileException e) {
      out.println("lab " + name + " is not up; nothing to remove");
      return Exit.OK;
    } catch (IOException e) {
      err.println("nsplay: cannot read the journal of lab " + name + ": " + e.getMessage());
      return Exit.FAILED;
    }
    try (lab) {
      Teardown.Result r = new Teardown(out).run(name, lab.journal(), lab.kernel());
      out.println(r.format(name));
      if (r.failed() > 0) {
        return Exit.FAILED;
      }
      lab.removeState();
      return Exit.OK;
    }
  }
}

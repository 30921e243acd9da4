package nsplay.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.List;
import nsplay.engine.Teardown;
import nsplay.state.LabLock;
import nsplay.util.UnsafeStateException;

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

  /** At most this many unreadable lines are named; the rest are counted. */
  private static final int DAMAGE_SHOWN = 5;

  private static void damaged(String name, List<String> damage, PrintWriter err) {
    for (int i = 0; i < damage.size() && i < DAMAGE_SHOWN; i++) {
      err.println(
          "nsplay: journal of lab " + name + ": " + damage.get(i) + "; the lab's state is kept");
    }
    if (damage.size() > DAMAGE_SHOWN) {
      err.println(
          "nsplay: journal of lab "
              + name
              + ": and "
              + (damage.size() - DAMAGE_SHOWN)
              + " more lines cannot be read");
    }
    err.println(
        "nsplay: what the journal could read was removed; `nsplay down --lab "
            + name
            + " --scan` finds the rest by the lab's marks, removes it and forgets the lab");
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
    } catch (UnsafeStateException e) {
      // The other labs of a --all are still removed.
      err.println("nsplay: " + e.getMessage());
      return Exit.FAILED;
    }
    try (lab) {
      Teardown.Result r =
          new Teardown(out).run(name, lab.journal(), lab.kernel(), new Neighbours(name, lockWait));
      out.println(r.format(name));
      if (!lab.damage().isEmpty()) {
        // A line that cannot be read may have recorded something that is still there: forgetting
        // the lab now would lose it for good (and the next up would refuse it as foreign).
        damaged(name, lab.damage(), err);
        return Exit.FAILED;
      }
      if (r.failed() > 0) {
        return Exit.FAILED;
      }
      lab.removeState();
      return Exit.OK;
    }
  }
}

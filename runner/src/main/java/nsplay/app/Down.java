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
    return remove(labs, null, false, lockWait, out, err);
  }

  /**
   * Like {@link #remove(List, Duration, PrintWriter, PrintWriter)}; with {@code hostNetns} given
   * (the --host-netns of the command line), a lab that its journal says was up with another host is
   * refused (exit 2) and left as it is. Processes still running in the lab's namespaces are stopped
   * first, or with {@code keepProcesses} make the lab's removal refused (exit 1).
   */
  public static int remove(
      List<String> labs,
      String hostNetns,
      boolean keepProcesses,
      Duration lockWait,
      PrintWriter out,
      PrintWriter err) {
    int worst = Exit.OK;
    for (String name : labs) {
      worst = Math.max(worst, removeOne(name, hostNetns, keepProcesses, lockWait, out, err));
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

  private static int removeOne(
      String name,
      String hostNetns,
      boolean keepProcesses,
      Duration lockWait,
      PrintWriter out,
      PrintWriter err) {
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
      if (hostNetns != null && !hostNetns.equals(lab.hostNetns())) {
        err.println(HostMismatch.message(name, lab.hostNetns(), hostNetns));
        return Exit.INVALID;
      }
      if (!stopProcesses(name, lab, keepProcesses, out, err)) {
        return Exit.FAILED;
      }
      Teardown.Result r =
          new Teardown(out)
              .run(name, lab.journal(), lab.ledger(), lab.kernel(), new Neighbours(name, lockWait));
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

  /**
   * Before the namespaces go: the processes in them, stopped (each said), or with {@code keep}
   * named and the lab kept. False when the lab must not be removed.
   */
  private static boolean stopProcesses(
      String name, LabSession lab, boolean keep, PrintWriter out, PrintWriter err) {
    List<NetnsProcesses.Proc> procs = NetnsProcesses.of(name, lab.ledger(), lab.kernel());
    if (procs.isEmpty()) {
      return true;
    }
    if (keep) {
      for (NetnsProcesses.Proc p : procs) {
        err.println("nsplay: lab " + name + ": " + p.describe() + " is running");
      }
      err.println(
          "nsplay: lab "
              + name
              + " kept, nothing removed (--keep-processes); stop "
              + (procs.size() == 1 ? "it" : "them")
              + " or run down without --keep-processes");
      return false;
    }
    return NetnsProcesses.stop(procs, out) == 0;
  }
}

package nsplay.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.util.List;
import nsplay.jni.NativeException;
import nsplay.jni.Sys;
import nsplay.kernel.Kernel;

/** Running a program inside a named namespace: `nsplay exec`. */
public final class Exec {
  /** What a shell answers when it cannot run a command. */
  public static final int CANNOT_RUN = 127;

  private Exec() {}

  /** Whether {@code netns} is a named namespace (in /run/netns, as `ip netns` names them). */
  public static boolean exists(String netns) {
    return Files.exists(Kernel.NETNS_DIR.resolve(netns));
  }

  /**
   * Runs {@code command} in {@code netns} with this process's standard streams and returns its exit
   * code; {@link #CANNOT_RUN} after saying why it could not be started.
   *
   * <p>While it waits, SIGINT, SIGTERM or SIGHUP to nsplay end the program too, instead of leaving
   * it orphaned in the namespace: the JVM runs shutdown hooks on those signals, and the hook sends
   * the program SIGTERM by its pid (a hook cannot tell which signal came; Ctrl-C on a terminal
   * reaches the program itself anyway, as it is in the same process group), then waits for the main
   * thread to reap it, and sends SIGKILL after {@link #GRACE_MS}.
   */
  public static int run(String netns, List<String> command, PrintWriter err) {
    int pid;
    try {
      pid = Sys.spawnIn(Kernel.NETNS_DIR.resolve(netns), command);
    } catch (NativeException e) {
      err.println("nsplay: exec " + command.get(0) + " in " + netns + ": " + e.getMessage());
      return CANNOT_RUN;
    }
    Child child = new Child(pid);
    Thread hook = new Thread(child::forward, "nsplay-exec-signal");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return Sys.waitPid(pid);
    } catch (NativeException e) {
      err.println("nsplay: exec " + command.get(0) + " in " + netns + ": " + e.getMessage());
      return CANNOT_RUN;
    } finally {
      child.reaped();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running; it returns now that the child is reaped
      }
    }
  }

  /** How long the program has to end after SIGTERM before it gets SIGKILL. */
  static final long GRACE_MS = 5000;

  private static final int SIGTERM = 15;
  private static final int SIGKILL = 9;

  /** The program, until the main thread has reaped it: after that its pid may be someone else's. */
  private static final class Child {
    private final int pid;
    private boolean reaped;

    Child(int pid) {
      this.pid = pid;
    }

    synchronized void reaped() {
      reaped = true;
      notifyAll();
    }

    /** The shutdown hook: SIGTERM, wait for the reap, SIGKILL if it does not come. */
    synchronized void forward() {
      try {
        if (!signal(SIGTERM) || waitReaped(GRACE_MS) || !signal(SIGKILL)) {
          return;
        }
        waitReaped(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private boolean signal(int sig) {
      if (reaped) {
        return false;
      }
      try {
        Sys.killPid(pid, sig);
        return true;
      } catch (NativeException e) {
        return false; // already gone (ESRCH): nothing to wait for
      }
    }

    private boolean waitReaped(long ms) throws InterruptedException {
      long deadline = System.nanoTime() + ms * 1_000_000;
      while (!reaped) {
        long left = (deadline - System.nanoTime()) / 1_000_000;
        if (left <= 0) {
          return false;
        }
        wait(left);
      }
      return true;
    }
  }
}

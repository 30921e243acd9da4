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
   * code (128+signal when a signal ended it); {@link #CANNOT_RUN} after saying why it could not be
   * started.
   *
   * <p>While it waits, SIGINT, SIGTERM and SIGHUP to nsplay are forwarded to the program, each as
   * itself, and nsplay goes on waiting for it (what the program does with the signal is its own
   * affair: a daemon may reload on SIGHUP); Ctrl-C on a terminal reaches the program directly, as
   * it is in nsplay's process group, and is not sent a second time. A SIGKILL of nsplay, which no
   * handler sees, kills the program too (the kernel's parent-death signal), so it is never left
   * orphaned in the namespace. The caller's thread is the one the kernel ties that to: the main
   * thread, which lives until this returns. Nothing of this is Java: the JVM is idle meanwhile.
   */
  public static int run(String netns, List<String> command, PrintWriter err) {
    try {
      return Sys.runIn(Kernel.NETNS_DIR.resolve(netns), command);
    } catch (NativeException e) {
      err.println("nsplay: exec " + command.get(0) + " in " + netns + ": " + e.getMessage());
      return CANNOT_RUN;
    }
  }
}

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
   */
  public static int run(String netns, List<String> command, PrintWriter err) {
    try {
      return Sys.exec(Kernel.NETNS_DIR.resolve(netns), command);
    } catch (NativeException e) {
      err.println("nsplay: exec " + command.get(0) + " in " + netns + ": " + e.getMessage());
      return CANNOT_RUN;
    }
  }
}

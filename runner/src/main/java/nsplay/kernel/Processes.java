package nsplay.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nsplay.jni.NativeException;
import nsplay.jni.Sys;

/**
 * Processes by identity, and the one way nsplay stops them. A pid alone is no identity: the kernel
 * reuses pids, so a process is its pid and its start time (field 22 of {@code /proc/PID/stat}, in
 * clock ticks since boot), which no later process with that pid can have.
 */
public final class Processes {
  /** How long processes have after SIGTERM before SIGKILL. */
  public static final long GRACE_MS = 2000;

  private static final int SIGTERM = 15;
  private static final int SIGKILL = 9;

  private Processes() {}

  /** A process to stop: its pid, and whether it is still the one meant (and alive). */
  public interface Target {
    long pid();

    boolean alive();
  }

  /** A process known by pid and start time. */
  public record Started(long pid, long start) implements Target {
    @Override
    public boolean alive() {
      return Processes.alive(pid, start);
    }
  }

  /**
   * The start time of process {@code pid} (field 22 of /proc/PID/stat), or -1 when there is none or
   * it is a zombie (ended, not yet reaped).
   */
  public static long startTime(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return -1;
    }
    // "PID (COMM) STATE PPID ...": COMM may hold spaces and parentheses; it ends at the last ')'.
    int close = stat.lastIndexOf(')');
    if (close < 0) {
      return -1;
    }
    String[] f = stat.substring(close + 2).split(" ");
    // f[0] is field 3 (state); field 22 is f[19].
    if (f.length < 20 || f[0].equals("Z") || f[0].equals("X")) {
      return -1;
    }
    try {
      return Long.parseLong(f[19]);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Whether process {@code pid} is alive and is the one that started at {@code start}. */
  public static boolean alive(long pid, long start) {
    return start >= 0 && startTime(pid) == start;
  }

  /**
   * Stops each target that is alive: SIGTERM, then SIGKILL to those still alive after {@link
   * #GRACE_MS}. Returns, for each target in order, what became of it: null when it was not running,
   * else {@code stopped}, {@code killed (did not end on SIGTERM)}, or a text starting with {@code
   * failed:}.
   */
  public static List<String> stop(List<? extends Target> targets) {
    List<String> out = new ArrayList<>();
    List<Integer> signalled = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      Target t = targets.get(i);
      if (!t.alive()) {
        out.add(null);
      } else if (signal(t, SIGTERM)) {
        out.add("");
        signalled.add(i);
      } else {
        out.add(t.alive() ? "failed: cannot signal it" : "stopped");
      }
    }
    long deadline = System.nanoTime() + GRACE_MS * 1_000_000;
    while (signalled.stream().anyMatch(i -> targets.get(i).alive())
        && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (int i : signalled) {
      Target t = targets.get(i);
      if (!t.alive()) {
        out.set(i, "stopped");
        continue;
      }
      signal(t, SIGKILL);
      long until = System.nanoTime() + 1_000_000_000L;
      while (t.alive() && System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      out.set(
          i, t.alive() ? "failed: still running after SIGKILL" : "killed (did not end on SIGTERM)");
    }
    return out;
  }

  /** Signals {@code t} if it is still the process meant. */
  private static boolean signal(Target t, int sig) {
    if (!t.alive()) {
      return false;
    }
    try {
      Sys.killPid((int) t.pid(), sig);
      return true;
    } catch (NativeException e) {
      return false;
    }
  }
}

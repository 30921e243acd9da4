package nsplay.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import nsplay.jni.Sys;

/**
 * A program run inside a namespace, as {@code nsplay exec} runs one (no shell, argv as given), with
 * its stdout and stderr captured: the native side writes them to two private temporary files, read
 * once the program ends. A program that outlives its timeout is killed (SIGKILL, by pid).
 */
final class Programs {
  /** The most of each output kept. */
  static final int MAX_OUTPUT = 1 << 20;

  private static final int SIGKILL = 9;

  private Programs() {}

  /** Equivalent to: {@code ip netns exec NS timeout -s KILL T ARGV...}, capturing its output. */
  static CommandResult run(Path ns, List<String> argv, int timeoutMs) {
    Path dir;
    try {
      dir = Files.createTempDirectory("nsplay-command");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Path out = dir.resolve("stdout");
    Path err = dir.resolve("stderr");
    try {
      int pid = Sys.spawnInTo(ns, argv, out, err);
      // A thread of its own for each wait: on the common pool (one thread on two CPUs) a second
      // program's wait would queue behind the first, and its timeout would run out meanwhile.
      FutureTask<Integer> exit = new FutureTask<>(() -> Sys.waitPid(pid));
      Thread waiter = new Thread(exit, "nsplay-wait-" + pid);
      waiter.setDaemon(true);
      waiter.start();
      boolean timedOut = false;
      int rc;
      try {
        rc = exit.get(timeoutMs, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        timedOut = true;
        Sys.killPid(pid, SIGKILL);
        rc = reaped(exit);
      } catch (InterruptedException e) {
        Sys.killPid(pid, SIGKILL);
        reaped(exit);
        Thread.currentThread().interrupt();
        throw new nsplay.jni.NativeException("wait for " + argv.get(0), 4, "interrupted");
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
      }
      return new CommandResult(rc, read(out), read(err), timedOut);
    } finally {
      try {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        Files.deleteIfExists(dir);
      } catch (IOException e) {
        // a temporary file left behind is not worth failing the check for
      }
    }
  }

  /** The exit code once the waiting thread has it (it has been sent SIGKILL, so soon). */
  private static int reaped(FutureTask<Integer> exit) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return exit.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String read(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      return new String(in.readNBytes(MAX_OUTPUT), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}

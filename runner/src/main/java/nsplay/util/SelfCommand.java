package nsplay.util;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs nsplay again as a process of its own: this JVM's {@code java}, with
 * this JVM's class path, on the command-line entry point. For what must outlive the run that starts
 * it (a kept capture), and so cannot be a thread of it. Started from the launcher, the class path
 * is the jar; from a test, the test's classes.
 */
public final class SelfCommand {
  /** The entry point of the command line (a name, not a class: nothing here depends on it). */
  static final String MAIN = "nsplay.cli.Main";

  /**
   * A long-lived process that mostly waits: a small heap, C1 only, the serial collector, no
   * performance-data file (as the launcher starts nsplay).
   */
  static final List<String> JVM_OPTIONS =
      List.of("-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData");

  private SelfCommand() {}

  /** {@code java OPTIONS -cp CLASSPATH nsplay.cli.Main ARGS...}. */
  public static List<String> argv(List<String> args) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(JVM_OPTIONS);
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add(MAIN);
    argv.addAll(args);
    return argv;
  }
}

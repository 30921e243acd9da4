package nsplay.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * Entry point. {@link #run} takes its writers and returns the exit code, so tests drive the real
 * command line in-process and check exact output: 0 success, 1 a task failed, 2 invalid input or
 * command line.
 */
public final class Main {
  public static final int OK = 0;
  public static final int FAILED = 1;
  public static final int INVALID = 2;

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    // Colour and live progress only on a terminal, and never when NO_COLOR is set
    // (no-color.org); System.console() is null when stdin or stdout is not a terminal.
    boolean tty = System.console() != null;
    boolean colour =
        tty && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    int code = run(args, out, err, new NsplayCommand.Terminal(colour, tty));
    out.flush();
    err.flush();
    System.exit(code);
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, NsplayCommand.Terminal.NONE);
  }

  static int run(String[] args, PrintWriter out, PrintWriter err, NsplayCommand.Terminal term) {
    CommandLine cl = new CommandLine(new NsplayCommand(term));
    // `-e @vars.yml` is ours: picocli must not read @FILE arguments as files of arguments.
    cl.setExpandAtFiles(false);
    cl.setOut(out);
    cl.setErr(err);
    // Commands report the user's mistakes themselves (exit 2); what reaches here is a bug of
    // ours: one line, not a stack trace.
    cl.setExecutionExceptionHandler(
        (ex, line, parsed) -> {
          err.println("nsplay: internal error: " + ex);
          return FAILED;
        });
    return cl.execute(args);
  }
}

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
    int code = run(args, out, err);
    out.flush();
    err.flush();
    System.exit(code);
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine cl = new CommandLine(new NsplayCommand());
    cl.setOut(out);
    cl.setErr(err);
    cl.setExecutionExceptionHandler(
        (ex, line, parsed) -> {
          if (ex instanceof UsageException u) {
            err.println("nsplay: " + u.getMessage());
            return INVALID;
          }
          err.println("nsplay: internal error: " + ex);
          return FAILED;
        });
    return cl.execute(args);
  }
}

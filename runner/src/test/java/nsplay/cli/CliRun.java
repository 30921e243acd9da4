package nsplay.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * The real command line, in-process: exit code and exactly what went to each stream. The one way
 * unit tests run nsplay.
 */
public record CliRun(int code, String out, String err) {
  public static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code;
    try (PrintWriter o = new PrintWriter(out, true);
        PrintWriter e = new PrintWriter(err, true)) {
      code = Main.run(args, o, e);
    }
    return new CliRun(code, out.toString(), err.toString());
  }
}

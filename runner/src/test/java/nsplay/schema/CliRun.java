package nsplay.schema;

import java.io.PrintWriter;
import java.io.StringWriter;
import nsplay.cli.Main;

/** The real command line, in-process: exit code and exactly what went to each stream. */
record CliRun(int code, String out, String err) {
  static CliRun of(String... args) {
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

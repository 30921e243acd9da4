package nsplay.cli;

import java.io.PrintWriter;

/** A subcommand of nsplay: its command line, and what it does with it. */
interface Command {
  Syntax syntax();

  /**
   * Runs with parsed arguments and returns the exit code; a {@link Syntax.UsageError} is printed
   * with the usage, like a parse error, and exits 2.
   */
  int run(Args args, Io io) throws Syntax.UsageError;

  /** Where a command writes, and what its output is connected to. */
  record Io(PrintWriter out, PrintWriter err, Terminal terminal) {}

  /** What the output is connected to: decides colour and live progress lines. */
  record Terminal(boolean colour, boolean live) {
    static final Terminal NONE = new Terminal(false, false);
  }
}

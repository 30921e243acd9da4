package nsplay.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nsplay.jni.Sys;

/**
 * Entry point. {@link #run} takes its writers and returns the exit code, so tests drive the real
 * command line in-process and check exact output: 0 success, 1 a task failed, 2 invalid input or
 * command line.
 */
public final class Main {
  public static final int OK = nsplay.app.Exit.OK;
  public static final int FAILED = nsplay.app.Exit.FAILED;
  public static final int INVALID = nsplay.app.Exit.INVALID;

  /** The commands, in the order help lists them. */
  static final List<String> COMMANDS =
      List.of(
          "up",
          "down",
          "status",
          "check",
          "validate",
          "exec",
          "netem",
          "capture",
          "logs",
          "report",
          "graph",
          "schema",
          "types",
          "completion");

  /** The commands that talk to the kernel, and so need the native library. */
  private static final Set<String> KERNEL =
      Set.of("up", "down", "status", "check", "exec", "netem", "capture", "report", "graph");

  static final Syntax TOP =
      Syntax.of(
          "",
          List.of(
              "Build Linux network-namespace labs from a playbook, and remove them again.",
              "",
              "Example:",
              "  nsplay up playbooks/seed-lab.yml",
              "  nsplay status",
              "  nsplay down"),
          List.of(),
          Syntax.Operand.optional("COMMAND", "the command to run (below)"));

  private Main() {}

  public static void main(String[] args) {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
    // Colour and live progress only on a terminal, and never when NO_COLOR is set
    // (no-color.org); System.console() is null when stdin or stdout is not a terminal.
    boolean tty = System.console() != null;
    boolean colour =
        tty && System.getenv("NO_COLOR") == null && !"dumb".equals(System.getenv("TERM"));
    int code = run(args, out, err, new Command.Terminal(colour, tty));
    out.flush();
    err.flush();
    // After a signal, the JVM is already shutting down: its hook waits for this, and the JVM
    // exits with the signal's status when it returns (System.exit would then block).
    nsplay.util.Interruption.release();
    System.exit(code);
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, Command.Terminal.NONE);
  }

  static int run(String[] args, PrintWriter out, PrintWriter err, Command.Terminal term) {
    try {
      return dispatch(args, new Command.Io(out, err, term));
    } catch (nsplay.util.UnsafeStateException ex) {
      // /run/nsplay holds something nsplay did not make (a symbolic link, ...): said in one line.
      out.flush();
      err.println("nsplay: " + ex.getMessage());
      return FAILED;
    } catch (RuntimeException ex) {
      // Commands report the user's mistakes themselves (exit 2); what reaches here is a bug of
      // ours: one line, not a stack trace.
      out.flush();
      err.println("nsplay: internal error: " + ex);
      return FAILED;
    } catch (LinkageError ex) {
      // The native library could not be loaded (say /tmp is read-only and nothing else took
      // it): the commands that need it stop here, in one line; the others never load it.
      out.flush();
      String why = Sys.loadFailure();
      err.println("nsplay: " + (why != null ? why : "cannot load the native library: " + ex));
      return FAILED;
    } finally {
      // Exiting while the library is still being extracted would leave part of it behind.
      Sys.awaitPreload();
    }
  }

  private static int dispatch(String[] args, Command.Io io) {
    if (args.length == 0) {
      int last = COMMANDS.size() - 1;
      return usageError(
          "missing command: "
              + String.join(", ", COMMANDS.subList(0, last))
              + " or "
              + COMMANDS.get(last),
          topHelp(),
          io);
    }
    if (args[0].startsWith("-")) {
      Args a;
      try {
        a = TOP.parse(args, 0);
      } catch (Syntax.UsageError e) {
        return optionError("", e.getMessage(), io);
      }
      if (a.flag(Syntax.VERSION)) {
        io.out().println(version());
        return OK;
      }
      if (a.flag(Syntax.HELP) || a.operand(0) == null) {
        io.out().print(topHelp());
        return OK;
      }
      return optionError("", "Unexpected argument: '" + a.operand(0) + "'", io);
    }
    Command c = command(args[0]);
    if (c == null) {
      return usageError(
          "Unknown command: '" + args[0] + "'" + Syntax.didYouMean(args[0], COMMANDS),
          topHelp(),
          io);
    }
    if (KERNEL.contains(args[0])) {
      Sys.preload();
    }
    Syntax syntax = c.syntax();
    try {
      Args a = syntax.parse(args, 1);
      if (a.flag(Syntax.HELP)) {
        io.out().print(syntax.help("nsplay"));
        return OK;
      }
      if (a.flag(Syntax.VERSION)) {
        io.out().println(version());
        return OK;
      }
      return c.run(a, io);
    } catch (Syntax.UsageError e) {
      return optionError(args[0], e.getMessage(), io);
    }
  }

  /**
   * A mistake in a command's options or operands: the mistake and where help is, in two lines, as
   * GNU tools do. The whole help would bury the one line that matters (a "did you mean").
   */
  private static int optionError(String command, String message, Command.Io io) {
    String prefix = command.isEmpty() ? "nsplay" : "nsplay " + command;
    io.out().flush();
    io.err()
        .println(prefix + ": " + Character.toLowerCase(message.charAt(0)) + message.substring(1));
    io.err().println("Try '" + prefix + " --help' for more information.");
    io.err().flush();
    return INVALID;
  }

  private static int usageError(String message, String usage, Command.Io io) {
    io.out().flush();
    io.err().println(message);
    io.err().print(usage);
    io.err().flush();
    return INVALID;
  }

  /**
   * The command called {@code name}, or null. Only that command's class is loaded: a run pays for
   * nothing it does not use.
   */
  static Command command(String name) {
    return switch (name) {
      case "up" -> new UpCommand();
      case "down" -> new DownCommand();
      case "status" -> new StatusCommand();
      case "check" -> new CheckCommand();
      case "validate" -> new ValidateCommand();
      case "exec" -> new ExecCommand();
      case "netem" -> new NetemCommand();
      case "capture" -> new CaptureCommand();
      case "logs" -> new LogsCommand();
      case "report" -> new ReportCommand();
      case "graph" -> new GraphCommand();
      case "schema" -> new SchemaCommand();
      case "types" -> new TypesCommand();
      case "completion" -> new CompletionCommand();
      case ManCommand.NAME -> new ManCommand();
      default -> null;
    };
  }

  static String topHelp() {
    StringBuilder out = new StringBuilder(TOP.help("nsplay"));
    out.append("Commands:\n");
    for (String name : COMMANDS) {
      String summary = command(name).syntax().description().get(0);
      out.append(Syntax.item("  " + name, summary, 14));
    }
    out.append("\nFiles:\n");
    for (Map.Entry<String, String> f : Topics.FILES) {
      out.append(Syntax.item("  " + f.getKey(), f.getValue(), 22));
    }
    out.append("\nEnvironment:\n");
    for (Map.Entry<String, String> e : Topics.ENVIRONMENT) {
      out.append(Syntax.item("  " + e.getKey(), e.getValue(), 22));
    }
    out.append("\nExit codes:\n");
    for (Map.Entry<String, String> e : Topics.EXIT_CODES) {
      out.append(Syntax.item("  " + e.getKey(), e.getValue(), 6));
    }
    return out.toString();
  }

  /**
   * {@code nsplay 0.2.0 (abc1234) java 17.0.15 linux 6.18.4}: the version and git commit recorded
   * at build time, the Java runtime and the kernel release, which is what a bug report needs.
   */
  static String version() {
    return BuildInfo.versionLine();
  }
}

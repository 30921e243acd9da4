package nsplay.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import nsplay.kernel.CommandResult;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code command}: runs a program inside a namespace, as {@code nsplay exec} does (no shell, argv
 * as given, PATH search), and checks its exit code and what it wrote to stdout. A check: it is
 * meant for programs that look (ip, ss, cat), and it never runs in --check mode.
 */
public final class Command extends Check<CommandResult> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "command",
              "Check what a program says, run in a namespace (ip netns exec NS ARGV...)",
              List.of(
                  Param.required("netns", ParamType.CHECK_FROM, "namespace to run in, or host"),
                  Param.required("argv", ParamType.STRINGS, "the program and its arguments"),
                  Param.optional("rc", ParamType.INT, 0, "the exit code it must end with"),
                  Param.optional(
                      "stdout_contains", ParamType.STRING, null, "text its stdout must contain"),
                  Param.optional(
                      "stdout_matches",
                      ParamType.STRING,
                      null,
                      "a regular expression (Java syntax) that must match part of its stdout"),
                  Param.optional(
                      "timeout", ParamType.INT, 10000, "ms before it is killed (and fails)")),
              Command::check)
          .asCheck();

  /** The most of stdout a message quotes. */
  static final int QUOTE = 200;

  public Command(TaskDecl decl) {
    super(decl);
  }

  static String check(Args args) {
    @SuppressWarnings("unchecked")
    List<String> argv = (List<String>) args.value("argv");
    if (argv.isEmpty() || argv.get(0).isEmpty()) {
      return "command: argv must name a program, e.g. [ip, -br, addr]";
    }
    if (args.has("stdout_matches")) {
      try {
        Pattern.compile(args.string("stdout_matches"));
      } catch (PatternSyntaxException e) {
        return "command: stdout_matches is not a regular expression: "
            + e.getDescription()
            + " near index "
            + e.getIndex();
      }
    }
    return Checks.timeout("command", args);
  }

  @SuppressWarnings("unchecked")
  List<String> argv() {
    return (List<String>) args.value("argv");
  }

  @Override
  protected String subject() {
    return String.join(" ", argv()) + " in " + args.string("netns");
  }

  @Override
  public boolean independent() {
    return true;
  }

  @Override
  public CommandResult observe(Context ctx) {
    return ctx.kernel().run(Ping.fromNetns(args.string("netns")), argv(), args.integer("timeout"));
  }

  @Override
  public Verdict plan(CommandResult r) {
    List<String> expected = new ArrayList<>();
    List<String> wrong = new ArrayList<>();
    int rc = args.integer("rc");
    expected.add("exit code " + rc);
    if (r.timedOut()) {
      wrong.add("killed after " + args.integer("timeout") + " ms");
    } else if (r.rc() != rc) {
      wrong.add("exit code " + r.rc());
    }
    if (args.has("stdout_contains")) {
      String text = args.string("stdout_contains");
      expected.add("stdout containing \"" + text + "\"");
      if (!r.stdout().contains(text)) {
        wrong.add("stdout without \"" + text + "\"");
      }
    }
    if (args.has("stdout_matches")) {
      String re = args.string("stdout_matches");
      expected.add("stdout matching /" + re + "/");
      if (!Pattern.compile(re, Pattern.MULTILINE).matcher(r.stdout()).find()) {
        wrong.add("stdout not matching /" + re + "/");
      }
    }
    String seen;
    if (wrong.isEmpty()) {
      seen = "exit code " + r.rc() + (expected.size() > 1 ? ", stdout as expected" : "");
    } else {
      seen = String.join(", ", wrong);
      if (expected.size() > 1 || !r.stdout().isEmpty()) {
        seen += "; stdout: " + quote(r.stdout());
      }
      if (!r.stderr().isBlank()) {
        seen += "; stderr: " + quote(r.stderr());
      }
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("rc", r.rc());
    facts.put("stdout", r.stdout());
    facts.put("stderr", r.stderr());
    facts.put("timed_out", r.timedOut());
    return new Verdict(wrong.isEmpty(), String.join(", ", expected), seen, facts);
  }

  /** Output in a message: on one line, quoted, cut at {@link #QUOTE} characters. */
  static String quote(String s) {
    String t = s.strip().replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t");
    return "\"" + (t.length() > QUOTE ? t.substring(0, QUOTE) + "..." : t) + "\"";
  }
}

package nsplay.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import nsplay.engine.Engine;
import nsplay.playbook.ExtraVars;

/**
 * Options that shape a run of a playbook: up takes them all, validate the -e ones (it binds the
 * variables the same way, and runs nothing).
 */
final class RunOptions {
  private RunOptions() {}

  static final Syntax.Opt VARS =
      Syntax.Opt.value(
              "NAME=VALUE|@FILE",
              "set a variable (over the playbook's vars), or load a YAML file of them",
              "-e",
              "--extra-vars")
          .repeated();

  static final Syntax.Opt TAGS =
      Syntax.Opt.value(
              "TAG", "run only tasks with one of these tags (and those tagged always)", "--tags")
          .repeated();

  static final Syntax.Opt SKIP_TAGS =
      Syntax.Opt.value("TAG", "do not run tasks with one of these tags", "--skip-tags").repeated();

  static final Syntax.Opt START_AT =
      Syntax.Opt.value("NAME", "start at the first task with this name", "--start-at-task");

  static final Syntax.Opt CHECK =
      Syntax.Opt.flag(
          "change nothing; report what each task would do (changed = would change)",
          "-C",
          "--check");

  static final Syntax.Opt DIFF =
      Syntax.Opt.flag("show each changed task's objects before and after", "-D", "--diff");

  static final List<Syntax.Opt> ALL = List.of(VARS, TAGS, SKIP_TAGS, START_AT);

  /** What the engine is told of them (-e is bound with the playbook, apart from these). */
  static Engine.Options of(Args a) {
    return new Engine.Options(
        a.flag(CHECK), a.flag(DIFF), a.split(TAGS), a.split(SKIP_TAGS), a.value(START_AT));
  }

  /** The -e variables, files read; null after saying why they cannot be had. */
  static Map<String, Object> extraVars(List<String> given, PrintWriter err) {
    try {
      return ExtraVars.parse(given);
    } catch (IllegalArgumentException e) {
      err.println("nsplay: " + e.getMessage());
      return null;
    }
  }
}

package nsplay.cli;

import java.util.List;

/** Options that shape a run of a playbook; up and validate share them. */
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

  static final List<Syntax.Opt> ALL = List.of(VARS, TAGS, SKIP_TAGS, START_AT);
}

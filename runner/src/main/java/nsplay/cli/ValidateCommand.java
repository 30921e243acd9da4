package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nsplay.app.Diagnostics;
import nsplay.engine.Engine;
import nsplay.engine.Reporter;
import nsplay.engine.World;
import nsplay.task.Outcome;

final class ValidateCommand implements Command {
  private static final Syntax SYNTAX =
      Syntax.of(
          "validate",
          List.of(
              "Check a playbook without changing anything (no root needed).",
              "Checks YAML, task types, parameters, templates, and that every namespace and link"
                  + " a task uses is created by an earlier task (or, for namespaces, exists)."
                  + " Problems are printed as FILE:LINE:COL: error: ..., and the exit code is 2.",
              "",
              "Example:",
              "  nsplay validate playbooks/seed-lab.yml",
              "  nsplay validate playbooks/many.yml -e n=50"),
          List.of(RunOptions.VARS),
          UpCommand.FILE);

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) {
    Path file = a.operandPath(0);
    PrintWriter err = io.err();
    Input.Loaded in = Input.read(file, err);
    if (in == null) {
      return Main.INVALID;
    }
    Map<String, Object> extra = RunOptions.extraVars(a.values(RunOptions.VARS), err);
    if (extra == null) {
      return Main.INVALID;
    }
    Engine.Checked checked =
        new Engine(SILENT, Engine.Options.defaults())
            .prepare(in.playbook(), in.problems(), extra, World.namespacesOnly());
    if (checked instanceof Engine.Problems p) {
      Diagnostics.print(p.list(), err);
      return Main.INVALID;
    }
    io.out()
        .println(
            file
                + ": lab "
                + ((Engine.Prepared) checked).playbook().name()
                + ", "
                + in.playbook().tasks().size()
                + " tasks, valid");
    return Main.OK;
  }

  private static final Reporter SILENT =
      new Reporter() {
        @Override
        public void taskStart(String task, String item) {}

        @Override
        public void taskEnd(TaskEvent event) {}

        @Override
        public void recap(String lab, Engine.Recap recap) {}

        @Override
        public void loopEnd(String task, Outcome.Status status, int total, long durationMs) {}
      };
}

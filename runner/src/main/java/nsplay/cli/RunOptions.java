package nsplay.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options that shape a run, shared by commands that run playbooks (a picocli mixin). */
final class RunOptions {
  @picocli.CommandLine.Mixin VarsOption vars;

  @Option(
      names = "--tags",
      split = ",",
      paramLabel = "TAG",
      description = "run only tasks " + "with one of these tags (and those tagged always)")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--skip-tags",
      split = ",",
      paramLabel = "TAG",
      description = "do not run tasks with one of these tags")
  List<String> skipTags = new ArrayList<>();

  @Option(
      names = "--start-at-task",
      paramLabel = "NAME",
      description = "start at the first task with this name")
  String startAt;
}

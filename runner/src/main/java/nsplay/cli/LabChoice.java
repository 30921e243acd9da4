package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Which lab a command is about: its playbook (only the name is read, so an edited or broken file
 * still names it), {@code --lab NAME}, or neither when exactly one lab is up. A picocli mixin of
 * down, report and graph.
 */
final class LabChoice {
  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "the lab's playbook (only its name is read)")
  Path file;

  @Option(names = "--lab", paramLabel = "NAME", description = "the lab, by name")
  String lab;

  boolean given() {
    return file != null || lab != null;
  }

  /** The lab; "" when none is named and none is up; null after printing a usage error. */
  String resolve(PrintWriter err) {
    return Labs.resolve(file, lab, err);
  }

  /** The lab, which must be named or be the only one up; null after printing why not. */
  String require(PrintWriter err) {
    String name = resolve(err);
    if (name != null && name.isEmpty()) {
      err.println("nsplay: no lab is up; name one with --lab NAME or its playbook");
      return null;
    }
    return name;
  }
}

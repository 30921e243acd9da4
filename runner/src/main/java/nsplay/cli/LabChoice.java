package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Which lab a command is about: its playbook (only the name is read, so an edited or broken file
 * still names it), {@code --lab NAME}, or neither when exactly one lab is up. Down, report and
 * graph take it.
 */
record LabChoice(Path file, String lab) {
  static final Syntax.Operand FILE =
      Syntax.Operand.optional("FILE", "the lab's playbook (only its name is read)");

  static final Syntax.Opt LAB =
      Syntax.Opt.value("NAME", "the lab, by name", "--lab").choices(CompletionCommand.LABS);

  /** FILE must be the command's first operand. */
  static LabChoice of(Args a) {
    return new LabChoice(a.operandPath(0), a.value(LAB));
  }

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

package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import nsplay.app.Labs;

/**
 * Which lab a command is about: its playbook (only the name is read, so an edited or broken file
 * still names it), {@code --lab NAME}, or neither when exactly one lab is up. Down, report and
 * graph take it.
 */
record LabChoice(Path file, String lab, nsplay.playbook.Instance instance) {
  static final Syntax.Operand FILE =
      Syntax.Operand.optional("FILE", "the lab's playbook (only its name is read)");

  static final Syntax.Opt LAB =
      Syntax.Opt.value("NAME", "the lab, by name", "--lab").choices(CompletionCommand.LABS);

  /** FILE must be the command's first operand; --instance is read when the command has it. */
  static LabChoice of(Args a) throws Syntax.UsageError {
    return new LabChoice(a.operandPath(0), a.value(LAB), InstanceOption.of(a));
  }

  boolean given() {
    return file != null || lab != null || instance != null;
  }

  /**
   * The lab: the name in the playbook (read leniently: only its name), --lab, or the only lab that
   * is up. "" when none is given and none is up; null after printing why the command line cannot
   * name one.
   */
  String resolve(PrintWriter err) {
    if (instance != null && lab == null && file == null) {
      err.println(
          "nsplay: --instance goes with the lab's playbook or --lab NAME (the lab NAME-ID)");
      return null;
    }
    return InstanceOption.lab(resolveBase(err), instance);
  }

  private String resolveBase(PrintWriter err) {
    if (lab != null && file != null) {
      err.println("nsplay: give a playbook or --lab, not both");
      return null;
    }
    if (lab != null) {
      return lab;
    }
    if (file == null) {
      return onlyOne(err);
    }
    try {
      String n = nsplay.playbook.PlaybookLoader.labName(file);
      if (n == null) {
        String written = nsplay.playbook.PlaybookLoader.writtenLabName(file);
        if (written != null && written.contains("${")) {
          // Its variables come from -e, which this command does not take.
          err.println(
              "nsplay: "
                  + file
                  + ": the lab's name "
                  + written
                  + " is a template; name the lab with --lab NAME");
        } else {
          err.println("nsplay: " + file + ": no lab name found (top-level `name:`)");
        }
      }
      return n;
    } catch (NoSuchFileException e) {
      err.println("nsplay: " + file + ": no such file");
      return null;
    } catch (IOException e) {
      err.println("nsplay: " + file + ": cannot read: " + e.getMessage());
      return null;
    }
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

  /** The only lab that is up; "" when none is; null after printing that several are. */
  static String onlyOne(PrintWriter err) {
    List<String> labs = Labs.all();
    if (labs.size() > 1) {
      err.println(
          "nsplay: "
              + labs.size()
              + " labs are up ("
              + String.join(", ", labs)
              + "); say which with --lab NAME");
      return null;
    }
    return labs.isEmpty() ? "" : labs.get(0);
  }
}

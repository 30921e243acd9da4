package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import nsplay.playbook.InvalidPlaybookException;
import nsplay.playbook.Playbook;
import nsplay.playbook.PlaybookLoader;
import nsplay.playbook.Problem;
import nsplay.task.TaskRegistry;
import nsplay.template.Templates;

/** Reads a playbook and binds its tasks, printing every problem the way compilers do. */
final class Input {
  /**
   * A playbook as far as the loader could read it, and what it found wrong (nothing, unless read
   * with {@link #read}).
   */
  record Loaded(Playbook playbook, List<Problem> problems) {
    Loaded(Playbook playbook) {
      this(playbook, List.of());
    }
  }

  private Input() {}

  /** The loaded playbook, or null after printing why it cannot be used. */
  static Loaded load(Path file, PrintWriter err) {
    Loaded in = read(file, err);
    if (in != null && !in.problems().isEmpty()) {
      print(in.problems(), err);
      return null;
    }
    return in;
  }

  /**
   * The playbook as far as it can be read, with the loader's problems, so that the checks after
   * loading can add theirs in the same round; null after printing why nothing more can be checked.
   */
  static Loaded read(Path file, PrintWriter err) {
    PlaybookLoader.Result pb;
    try {
      String text = nsplay.playbook.SourceFile.read(file); // regular files only, size-limited
      // Templates, conditions or loops mean FreeMarker: start setting it up now, so that it
      // overlaps with parsing.
      if (text.contains("${") || text.contains("when:") || text.contains("loop:")) {
        Templates.prepareInBackground();
      }
      pb = new PlaybookLoader(TaskRegistry.specs()).read(file.toString(), text);
    } catch (nsplay.playbook.SourceFile.NotUtf8Exception e) {
      // Located like every other problem; none of the file's lines: it may be no text at all.
      err.print(
          new InvalidPlaybookException(
                  java.util.List.of(
                      nsplay.playbook.Problem.withoutSource(e.location(), e.problem())))
              .format());
      err.flush();
      return null;
    } catch (NoSuchFileException e) {
      err.println("nsplay: " + file + ": no such file");
      return null;
    } catch (IOException e) {
      err.println("nsplay: " + file + ": cannot read: " + e.getMessage());
      return null;
    }
    if (pb.playbook() == null) {
      print(pb.problems(), err);
      return null;
    }
    return new Loaded(pb.playbook(), pb.problems());
  }

  static void print(List<Problem> problems, PrintWriter err) {
    err.print(new InvalidPlaybookException(problems).format());
    err.flush();
  }
}

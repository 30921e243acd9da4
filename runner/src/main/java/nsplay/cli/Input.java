package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import nsplay.playbook.InvalidPlaybookException;
import nsplay.playbook.Playbook;
import nsplay.playbook.PlaybookLoader;
import nsplay.task.TaskRegistry;
import nsplay.template.Templates;

/** Reads a playbook and binds its tasks, printing every problem the way compilers do. */
final class Input {
  /** A playbook that passed the loader's checks. */
  record Loaded(Playbook playbook) {}

  private Input() {}

  /** The loaded playbook, or null after printing why it cannot be used. */
  static Loaded load(Path file, PrintWriter err) {
    Playbook pb;
    try {
      String text = nsplay.playbook.SourceFile.read(file); // regular files only, size-limited
      // Templates, conditions or loops mean FreeMarker: start setting it up now, so that it
      // overlaps with parsing.
      if (text.contains("${") || text.contains("when:") || text.contains("loop:")) {
        Templates.prepareInBackground();
      }
      pb = new PlaybookLoader(TaskRegistry.specs()).parse(file.toString(), text);
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
    } catch (InvalidPlaybookException e) {
      err.print(e.format());
      err.flush();
      return null;
    }
    return new Loaded(pb);
  }
}

package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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

  /**
   * Whether this process may change network namespaces; prints the reason when not. CAP_NET_ADMIN
   * (links, addresses, nft) and CAP_SYS_ADMIN (setns, mount) are what `up` and `down` need.
   */
  static boolean privileged(String command, PrintWriter err) {
    long caps = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
        }
      }
    } catch (IOException | NumberFormatException e) {
      caps = 0;
    }
    long need = (1L << 12) | (1L << 21); // CAP_NET_ADMIN, CAP_SYS_ADMIN
    if ((caps & need) == need) {
      return true;
    }
    err.println("nsplay " + command + " needs root: CAP_NET_ADMIN and CAP_SYS_ADMIN");
    return false;
  }

  /** Prints problems found after loading (preflight), each with its line and caret. */
  static void printProblems(List<Problem> problems, PrintWriter err) {
    for (Problem p : problems.subList(0, Math.min(problems.size(), 20))) {
      err.print(p.format());
    }
    err.flush();
  }
}

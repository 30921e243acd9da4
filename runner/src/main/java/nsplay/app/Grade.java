package nsplay.app;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import nsplay.engine.Grader;
import nsplay.kernel.LiveKernel;
import nsplay.playbook.Binder;
import nsplay.playbook.Playbook;
import nsplay.state.Journal;
import nsplay.state.Marks;
import nsplay.task.Context;

/**
 * {@code nsplay check FILE}: a playbook's checks against the lab as the kernel has it. Needs no
 * journal: a lab built by hand is graded the same as one nsplay built. When the lab is up under
 * nsplay, its host namespace is the journal's; otherwise the one given, or the real host.
 */
public final class Grade {
  private Grade() {}

  /** Why the checks cannot run: a usage mistake, said in one line. */
  public static final class CannotGrade extends Exception {
    private static final long serialVersionUID = 1L;

    CannotGrade(String message) {
      super(message);
    }
  }

  /**
   * What the checks found.
   *
   * @param hostNetns the namespace that played the host, or null for the real one
   */
  public record Graded(String lab, String hostNetns, List<Grader.Result> results) {
    public Graded {
      results = List.copyOf(results);
    }
  }

  /**
   * Runs the checks of {@code pb} selected by {@code tags} (empty: all).
   *
   * @param hostNetns the namespace that plays the host when the lab has no journal (null: the real
   *     host)
   */
  public static Graded run(
      Playbook pb, Map<String, Object> extra, Set<String> tags, String hostNetns)
      throws Binder.BindException, CannotGrade {
    Grader grader = new Grader();
    String lab = grader.named(pb, extra).name();
    String host = hostNetns;
    try (LabSession s = LabSession.open(lab)) {
      if (host != null && !host.equals(s.hostNetns())) {
        throw new CannotGrade(
            "lab "
                + lab
                + " is up with "
                + (s.hostNetns() == null ? "the real host" : "host namespace " + s.hostNetns())
                + ", not "
                + host);
      }
      host = s.hostNetns();
    } catch (NoSuchFileException e) {
      // Not up under nsplay: built by hand, or by nsplay with its journal gone. Fine.
    } catch (IOException e) {
      // A damaged journal says nothing the kernel does not: grade what is there.
    }
    try (LiveKernel kernel = new LiveKernel(host)) {
      if (host != null && !java.nio.file.Files.exists(LiveKernel.NETNS_DIR.resolve(host))) {
        throw new CannotGrade("host namespace " + host + " does not exist");
      }
      Context ctx = new Context(kernel, Journal.scratch(List.of()), lab, Marks.group(lab));
      return new Graded(lab, host, grader.run(pb, extra, tags, ctx));
    }
  }
}

package nsplay.task;

import java.util.List;
import nsplay.kernel.Iface;
import nsplay.playbook.InvalidPlaybookException;
import nsplay.playbook.Playbook;
import nsplay.playbook.PlaybookLoader;
import nsplay.playbook.Problem;
import nsplay.playbook.TaskDecl;

/** Task declarations from playbook text, and kernel observations, for pure planning tests. */
final class Decls {
  private Decls() {}

  /** The declaration of {@code task}, one flow-mapping task such as {@code link_up: {link: lo}}. */
  static TaskDecl decl(String task) {
    try {
      Playbook pb =
          new PlaybookLoader(TaskRegistry.specs())
              .parse("t.yml", "name: lab\ntasks:\n  - " + task + "\n");
      return pb.tasks().get(0).bindStatic();
    } catch (InvalidPlaybookException e) {
      throw new AssertionError(e.format(), e);
    }
  }

  /**
   * The problems the loader reports for {@code task} from its cross-parameter check (what used to
   * be found when binding); empty when it loads.
   */
  static List<Problem> bindProblems(String task) {
    try {
      new PlaybookLoader(TaskRegistry.specs())
          .parse("t.yml", "name: lab\ntasks:\n  - " + task + "\n");
      return List.of();
    } catch (InvalidPlaybookException e) {
      return e.problems();
    }
  }

  /** The single bind problem's message. */
  static String bindError(String task) {
    List<Problem> problems = bindProblems(task);
    if (problems.size() != 1) {
      throw new AssertionError("expected one problem, got " + problems);
    }
    return problems.get(0).message();
  }

  static Iface link(int index, String name, String kind, boolean up) {
    return new Iface(index, name, kind, up, 0, 0, null, 0);
  }

  static Iface enslaved(int index, String name, int master) {
    return new Iface(index, name, "veth", true, master, 0, null, 0);
  }

  static Iface veth(int index, String name, int peerIndex, boolean up) {
    return new Iface(index, name, "veth", up, 0, peerIndex, null, 0);
  }
}

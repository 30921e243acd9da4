package nsplay.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import nsplay.jni.NativeException;
import nsplay.kernel.Iface;
import nsplay.kernel.Links;
import nsplay.kernel.QdiscSpec;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.LabLock;
import nsplay.task.Netem;
import nsplay.util.UnsafeStateException;

/**
 * {@code nsplay netem NETNS LINK}: a live experiment on a link of a lab that is up, its root qdisc
 * set to netem with new values ({@code tc qdisc replace}), shown, or cleared back to the kernel's
 * default. Only a link the lab's journal names (or that lives in one of its namespaces); a change
 * is journalled like the {@code netem} task's, so that {@code down} undoes it, and a later {@code
 * up} puts the playbook's values back and says so.
 *
 * @param netns the namespace, or null for the lab's host
 * @param values the impairment parameters given ({@link Netem#IMPAIRMENTS}), by name
 */
public record LinkImpairment(
    String netns, String link, String lab, Action action, Map<String, String> values) {
  public enum Action {
    SET,
    SHOW,
    CLEAR
  }

  public LinkImpairment {
    values = Map.copyOf(values);
  }

  /** Does it; returns the exit code. */
  public int run(Duration lockWait, PrintWriter out, PrintWriter err) {
    QdiscSpec.Netem want = null;
    if (action == Action.SET) {
      try {
        want = Netem.spec(values::containsKey, values::get);
      } catch (IllegalArgumentException e) {
        err.println("nsplay: netem: --" + e.getMessage());
        return Exit.INVALID;
      }
    }
    String owner = Labs.owningOrSay(netns, link, lab, "netem", err);
    if (owner == null) {
      return Exit.INVALID;
    }
    if (action == Action.SHOW) {
      try (LabSession s = LabSession.open(owner)) {
        return show(s, out, err);
      } catch (IOException e) {
        err.println("nsplay: cannot read the journal of lab " + owner + ": " + e.getMessage());
        return Exit.FAILED;
      }
    }
    LabSession s;
    try {
      s = LabSession.lock(owner, lockWait, msg -> err.println("nsplay: " + msg));
    } catch (LabLock.BusyException | UnsafeStateException e) {
      err.println("nsplay: " + e.getMessage());
      return Exit.FAILED;
    } catch (NoSuchFileException e) {
      err.println("nsplay: lab " + owner + " is not up");
      return Exit.INVALID;
    } catch (IOException e) {
      err.println("nsplay: cannot read the journal of lab " + owner + ": " + e.getMessage());
      return Exit.FAILED;
    }
    try (s) {
      Links links = s.kernel().links(netns);
      Optional<Iface> l = links.get(link);
      if (l.isEmpty()) {
        err.println("nsplay: no link " + link + where() + " (lab " + owner + ")");
        return Exit.INVALID;
      }
      int index = l.get().index();
      QdiscSpec now = links.rootQdiscs().get(index);
      if (action == Action.CLEAR) {
        if (now == null) {
          out.println(
              link
                  + where()
                  + ": no root qdisc of its own (the kernel's default); nothing to clear");
          return Exit.OK;
        }
        if (!now.kind().equals("netem")) {
          err.println(
              "nsplay: the root qdisc of "
                  + link
                  + where()
                  + " is "
                  + now.kind()
                  + ", not netem; left");
          return Exit.FAILED;
        }
        links.qdiscDelete(index);
      } else {
        if (s.kernel().hasQdiscKind("netem").equals(Optional.of(false))) {
          err.println(
              "nsplay: this kernel has no netem support (CONFIG_NET_SCH_NETEM); nothing was changed");
          return Exit.INVALID;
        }
        if (want.equals(now)) {
          out.println(link + where() + ": already " + want.words() + "; nothing to change");
          return Exit.OK;
        }
        try (Journal j = Journal.open(Journal.ROOT, owner)) {
          j.record(new Entry.Qdisc(netns, link, want.words()));
        }
        links.qdiscReplace(index, want);
      }
      s.kernel().takeOperations().forEach(out::println);
      return Exit.OK;
    } catch (NativeException e) {
      err.println("nsplay: " + e.getMessage());
      return Exit.FAILED;
    }
  }

  private int show(LabSession s, PrintWriter out, PrintWriter err) {
    Links links = s.kernel().links(netns);
    Optional<Iface> l = links.get(link);
    if (l.isEmpty()) {
      err.println("nsplay: no link " + link + where() + " (lab " + s.name() + ")");
      return Exit.INVALID;
    }
    QdiscSpec now = links.rootQdiscs().get(l.get().index());
    out.println(
        link
            + where()
            + " (lab "
            + s.name()
            + "): "
            + (now == null ? "no netem (the kernel's default root qdisc)" : now.words()));
    if (now != null) {
      now.lines().forEach(line -> out.println("  " + line));
    }
    return Exit.OK;
  }

  private String where() {
    return Labs.linkPlace(netns);
  }
}

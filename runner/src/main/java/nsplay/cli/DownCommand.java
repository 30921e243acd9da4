package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import nsplay.engine.Teardown;
import nsplay.kernel.Kernel;
import nsplay.kernel.LiveKernel;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.LabLock;

final class DownCommand implements Command {
  static final Syntax.Opt ALL = Syntax.Opt.flag("remove every lab on this machine", "--all");

  private static final Syntax SYNTAX =
      Syntax.of(
          "down",
          List.of(
              "Remove a lab: what its journal says it created, and nothing else.",
              "Works newest first from the journal alone: without the playbook, after it was"
                  + " edited, after a crash. With one lab on the machine, plain `nsplay down`"
                  + " takes it.",
              "",
              "Examples:",
              "  nsplay down",
              "  nsplay down playbooks/seed-lab.yml",
              "  nsplay down --lab seed",
              "  nsplay down --all"),
          List.of(ALL, LabChoice.LAB, LockOption.OPT),
          LabChoice.FILE);

  private int lockSeconds;

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) throws Syntax.UsageError {
    LabChoice which = LabChoice.of(a);
    lockSeconds = a.integer(LockOption.OPT);
    boolean all = a.flag(ALL);
    PrintWriter out = io.out();
    PrintWriter err = io.err();
    // Before anything else: even listing the labs needs root (/run/nsplay is 0700).
    if (!Input.privileged("down", err)) {
      return Main.INVALID;
    }
    List<String> labs;
    if (all) {
      if (which.given()) {
        err.println("nsplay: --all takes no playbook and no --lab");
        return Main.INVALID;
      }
      labs = Labs.all();
    } else {
      String name = which.resolve(err);
      if (name == null) {
        return Main.INVALID;
      }
      labs = name.isEmpty() ? List.of() : List.of(name);
    }
    if (labs.isEmpty()) {
      out.println("no lab is up; nothing to remove");
      return Main.OK;
    }
    int worst = Main.OK;
    for (String name : labs) {
      worst = Math.max(worst, down(name, out, err));
    }
    return worst;
  }

  /** Removes one lab, holding its lock. */
  private int down(String name, PrintWriter out, PrintWriter err) {
    LabLock held = LockOption.acquire(name, lockSeconds, err);
    if (held == null) {
      return Main.FAILED;
    }
    try (held) {
      Path dir = Journal.dir(Journal.ROOT, name);
      List<Entry> entries;
      try {
        entries = Journal.read(dir.resolve("journal"));
      } catch (NoSuchFileException e) {
        held.removeFile();
        out.println("lab " + name + " is not up; nothing to remove");
        return Main.OK;
      } catch (IOException e) {
        err.println("nsplay: cannot read the journal of lab " + name + ": " + e.getMessage());
        return Main.FAILED;
      }
      Entry.Lab head = Journal.labOf(entries);
      String host = head == null ? null : head.hostNetns();
      Teardown.Result r;
      try (Kernel kernel = new LiveKernel(host)) {
        r = new Teardown(out).run(name, entries, kernel);
      }
      out.println(r.format(name));
      if (r.failed() > 0) {
        return Main.FAILED;
      }
      deleteTree(dir);
      held.removeFile();
      return Main.OK;
    }
  }

  /**
   * Removes the lab's state directory and what is in it. A directory listing, not Files.walk: in a
   * process that has not used streams yet, the walk took ~4.5 ms here and the listing ~1.5.
   */
  private static void deleteTree(Path dir) {
    try {
      if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
          for (Path p : s) {
            deleteTree(p);
          }
        }
      }
      Files.deleteIfExists(dir);
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import nsplay.engine.Teardown;
import nsplay.kernel.Kernel;
import nsplay.kernel.LiveKernel;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.LabLock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "down",
    mixinStandardHelpOptions = true,
    description = {
      "Remove a lab: what its journal says it created, and nothing else.",
      "Works newest first from the journal alone: without the playbook, after it was edited, after a crash. With one lab on the machine, plain `nsplay down` takes it.",
      "",
      "Examples:",
      "  nsplay down",
      "  nsplay down playbooks/seed-lab.yml",
      "  nsplay down --lab seed",
      "  nsplay down --all"
    })
final class DownCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @picocli.CommandLine.Mixin LabChoice which;

  @Option(names = "--all", description = "remove every lab on this machine")
  boolean all;

  @picocli.CommandLine.Mixin LockOption lock;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
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
    LabLock held = lock.acquire(name, err);
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

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

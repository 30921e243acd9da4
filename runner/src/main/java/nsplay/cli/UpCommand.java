package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nsplay.engine.Engine;
import nsplay.kernel.Kernel;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.task.Context;
import nsplay.task.Marks;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description = {
      "Bring a lab up: run the playbook's tasks in order.",
      "Tasks converge: a second run changes nothing and repairs what drifted. Everything",
      "created is journalled first under /run/nsplay/LAB, so `nsplay down` can remove it",
      "even after a crash.",
      "",
      "Example:",
      "  nsplay up playbooks/seed-lab.yml"
    })
final class UpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "the playbook")
  Path file;

  @Option(
      names = {"-v", "--verbose"},
      description = "also print each change, in ip's words")
  boolean verbose;

  @Option(
      names = "--host-netns",
      paramLabel = "NAME",
      description = "let an existing namespace play the host (bridges, NAT, uplink live there)")
  String hostNetns;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Input.Loaded in = Input.load(file, err);
    if (in == null) {
      return Main.INVALID;
    }
    if (!Input.privileged("up", err)) {
      return Main.INVALID;
    }
    String lab = in.playbook().name();
    try (Journal journal = Journal.open(Journal.ROOT, lab)) {
      List<Entry> past = journal.entries();
      Entry.Lab head =
          past.stream()
              .filter(e -> e instanceof Entry.Lab)
              .map(e -> (Entry.Lab) e)
              .findFirst()
              .orElse(null);
      if (head == null) {
        head = new Entry.Lab(lab, hostNetns, Marks.group(lab));
        journal.record(head);
      } else if (!java.util.Objects.equals(head.hostNetns(), hostNetns)) {
        err.println(
            "nsplay: lab "
                + lab
                + " is up with "
                + (head.hostNetns() == null ? "the real host" : "--host-netns " + head.hostNetns())
                + "; bring it down first, or use the same host");
        return Main.INVALID;
      }
      try (Kernel kernel = new Kernel(hostNetns)) {
        Engine.Recap recap =
            new Engine(out, verbose)
                .run(in.tasks(), new Context(kernel, journal, lab, head.group()));
        out.println(recap.format(lab));
        return recap.failed() > 0 ? Main.FAILED : Main.OK;
      }
    }
  }
}

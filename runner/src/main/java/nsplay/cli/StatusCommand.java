package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import nsplay.kernel.Kernel;
import nsplay.kernel.LiveKernel;
import nsplay.state.Entry;
import nsplay.state.Journal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "List the labs on this machine and what they created.",
      "For each lab: its namespaces, links and nft table, and whether they are still there.",
      "",
      "Example:",
      "  nsplay status"
    })
final class StatusCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--lab", paramLabel = "NAME", description = "only this lab")
  String lab;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    List<String> labs = lab != null ? List.of(lab) : Labs.all();
    if (labs.isEmpty()) {
      out.println("no labs are up");
      return Main.OK;
    }
    if (!Input.privileged("status", spec.commandLine().getErr())) {
      return Main.INVALID;
    }
    for (String name : labs) {
      List<Entry> entries;
      try {
        entries = Journal.read(Journal.dir(Journal.ROOT, name).resolve("journal"));
      } catch (IOException e) {
        out.println("LAB " + name + ": not up");
        continue;
      }
      String host =
          entries.stream()
              .filter(e -> e instanceof Entry.Lab)
              .map(e -> ((Entry.Lab) e).hostNetns())
              .filter(h -> h != null)
              .findFirst()
              .orElse(null);
      out.println("LAB " + name + (host == null ? "" : " (host: netns " + host + ")"));
      try (Kernel kernel = new LiveKernel(host)) {
        for (Entry e : entries) {
          String line = line(e, kernel);
          if (line != null) {
            out.println("  " + line);
          }
        }
      }
    }
    return Main.OK;
  }

  private static String line(Entry e, Kernel k) {
    if (e instanceof Entry.Netns n) {
      return "netns " + n.name() + ": " + (k.netnsExists(n.name()) ? "present" : "missing");
    }
    if (e instanceof Entry.Link l) {
      boolean nsOk = l.netns() == null || k.netnsExists(l.netns());
      boolean present = nsOk && k.links(l.netns()).get(l.name()).isPresent();
      return "link "
          + l.name()
          + (l.netns() == null ? "" : " in " + l.netns())
          + ": "
          + (present ? "present" : "missing");
    }
    if (e instanceof Entry.NftTable t) {
      boolean nsOk = t.netns() == null || k.netnsExists(t.netns());
      return "nft table "
          + t.family()
          + " "
          + t.table()
          + ": "
          + (nsOk && k.nft(t.netns()).hasTable(t.table()) ? "present" : "missing");
    }
    return null;
  }
}

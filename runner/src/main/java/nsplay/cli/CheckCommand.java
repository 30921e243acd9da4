package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import nsplay.engine.Json;
import nsplay.kernel.LiveKernel;
import nsplay.report.CheckGrid;
import nsplay.report.LabModel;
import nsplay.report.ModelBuilder;
import nsplay.report.Probe;
import nsplay.state.Entry;
import nsplay.state.Journal;

final class CheckCommand implements Command {
  static final Syntax.Operand FILE =
      Syntax.Operand.optional(
          "FILE", "the lab's playbook: its name and its ping tasks' expectations");
  static final Syntax.Opt LAB =
      Syntax.Opt.value("NAME", "the lab to probe", "--lab").choices(CompletionCommand.LABS);
  static final Syntax.Opt JSON =
      Syntax.Opt.flag("the matrix as one JSON document on stdout", "--json");
  static final Syntax.Opt TIMEOUT =
      Syntax.Opt.value(
              "MS",
              "how long to wait for each reply, in ms (default: " + Probe.DEFAULT_TIMEOUT_MS + ")",
              "--timeout")
          .withDefault("" + Probe.DEFAULT_TIMEOUT_MS);

  private static final Syntax SYNTAX =
      Syntax.of(
          "check",
          List.of(
              "Probe the connectivity of a lab, from each of its namespaces.",
              "One ICMP echo goes from each namespace to each IPv4 address of the lab (the host's"
                  + " included) and to each namespace's default gateway, in parallel; nothing else"
                  + " is probed. Given the playbook, its ping tasks (literal from and to, no when:)"
                  + " are expectations: a cell that contradicts one is marked with !, and the exit"
                  + " code is 1. With one lab on the machine, plain `nsplay check` takes it.",
              "",
              "Examples:",
              "  nsplay check playbooks/seed-lab.yml",
              "  nsplay check --lab seed --json",
              "",
              "  # nsplay check playbooks/seed-lab.yml",
              "        192.168.15.1  192.168.15.2    192.168.15.5",
              "        red/veth-red  blue/veth-blue  host/v-net-0",
              "  red   ok 0.03ms     ok 0.06ms       ok 0.04ms",
              "  blue  ok 0.05ms     ok 0.03ms       ok 0.04ms",
              "  3 of 3 expectations hold"),
          List.of(LAB, JSON, TIMEOUT),
          FILE);

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) throws Syntax.UsageError {
    Path file = a.operandPath(0);
    String lab = a.value(LAB);
    boolean json = a.flag(JSON);
    int timeoutMs = a.integer(TIMEOUT);
    PrintWriter out = io.out();
    PrintWriter err = io.err();
    if (lab != null && file != null) {
      err.println("nsplay: give a playbook or --lab, not both");
      return Main.INVALID;
    }
    if (timeoutMs < 1 || timeoutMs > 60_000) {
      err.println("nsplay: --timeout must be between 1 and 60000 ms, got " + timeoutMs);
      return Main.INVALID;
    }
    String name = lab;
    List<Probe.Expectation> expectations = null;
    if (file != null) {
      Input.Loaded loaded = Input.load(file, err);
      if (loaded == null) {
        return Main.INVALID;
      }
      name = loaded.playbook().name();
      expectations = Probe.expectations(loaded.playbook());
    }
    if (name == null) {
      name = Labs.onlyOne(err);
      if (name == null) {
        return Main.INVALID;
      }
      if (name.isEmpty()) {
        err.println("nsplay: no lab is up; nothing to check");
        return Main.INVALID;
      }
    }
    if (!Input.privileged("check", err)) {
      return Main.INVALID;
    }
    List<Entry> entries = Journal.readIfExists(Journal.ROOT, name);
    if (entries.isEmpty()) {
      err.println("nsplay: lab " + name + " is not up; nothing to check");
      return Main.INVALID;
    }
    Entry.Lab head = Journal.labOf(entries);
    String host = head == null ? null : head.hostNetns();
    if (host != null && !new java.io.File("/run/netns", host).exists()) {
      err.println("nsplay: the host namespace of lab " + name + " (" + host + ") is gone");
      return Main.FAILED;
    }
    LabModel model;
    LabModel.Matrix matrix;
    try (LiveKernel kernel = new LiveKernel(host)) {
      model = ModelBuilder.build(name, kernel, entries, null, null);
      matrix = Probe.probe(kernel, model, expectations, timeoutMs);
    }
    int wrong = CheckGrid.contradictions(matrix);
    if (json) {
      out.println(Json.pretty(nsplay.report.Models.toPlain(matrix)));
    } else {
      String hostName = host == null ? "host" : host;
      out.println("CHECK " + name + (host == null ? "" : " (host: netns " + host + ")"));
      out.print(CheckGrid.render(matrix, hostName));
      if (expectations != null) {
        for (Probe.Expectation e : expectations) {
          if (!matrix.sources().contains(e.from())
              || matrix.targets().stream().noneMatch(t -> t.address().equals(e.to()))) {
            out.println(
                "note: "
                    + e.from()
                    + " -> "
                    + e.to()
                    + " not probed (not a namespace and address of the lab)");
          }
        }
      }
    }
    out.flush();
    return wrong > 0 ? Main.FAILED : Main.OK;
  }
}

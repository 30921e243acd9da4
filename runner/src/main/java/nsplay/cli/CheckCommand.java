package nsplay.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import nsplay.app.Diagnostics;
import nsplay.app.Privileges;
import nsplay.app.Reports;
import nsplay.engine.Engine;
import nsplay.engine.Json;
import nsplay.playbook.Binder;
import nsplay.report.CheckGrid;
import nsplay.report.LabModel;
import nsplay.report.Probe;

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
              "One ICMP echo goes from each namespace to each IPv4 and IPv6 address of the lab (the"
                  + " host's included; loopback and fe80:: link-local left out) and to each"
                  + " namespace's default gateways, in parallel; nothing else"
                  + " is probed. Given the playbook, its ping tasks (literal from and to, no when:)"
                  + " are expectations: a cell that contradicts one is marked with !, and the exit"
                  + " code is 1. With one lab on the machine, plain `nsplay check` takes it.",
              "",
              "Examples:",
              "  nsplay check playbooks/seed-lab.yml",
              "  nsplay check --lab seed --json",
              "  nsplay check student-lab.yml -e student=2   # name: \"lab-${student}\"",
              "",
              "  # nsplay check playbooks/seed-lab.yml",
              "        192.168.15.1  192.168.15.2    192.168.15.5",
              "        red/veth-red  blue/veth-blue  host/v-net-0",
              "  red   ok 0.03ms     ok 0.06ms       ok 0.04ms",
              "  blue  ok 0.05ms     ok 0.03ms       ok 0.04ms",
              "  3 of 3 expectations hold"),
          List.of(LAB, InstanceOption.OPT, JSON, TIMEOUT, RunOptions.VARS),
          FILE);

  /** The command line, read once. */
  record Options(
      Path file,
      String lab,
      nsplay.playbook.Instance instance,
      boolean json,
      int timeoutMs,
      List<String> vars) {
    static Options of(Args a) throws Syntax.UsageError {
      return new Options(
          a.operandPath(0),
          a.value(LAB),
          InstanceOption.of(a),
          a.flag(JSON),
          a.integer(TIMEOUT),
          a.values(RunOptions.VARS));
    }
  }

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) throws Syntax.UsageError {
    Options o = Options.of(a);
    PrintWriter out = io.out();
    PrintWriter err = io.err();
    if (o.lab() != null && o.file() != null) {
      err.println("nsplay: give a playbook or --lab, not both");
      return Main.INVALID;
    }
    if (o.timeoutMs() < 1 || o.timeoutMs() > 60_000) {
      err.println("nsplay: --timeout must be between 1 and 60000 ms, got " + o.timeoutMs());
      return Main.INVALID;
    }
    String name = o.lab();
    List<Probe.Expectation> expectations = null;
    List<String> ignored = List.of();
    if (o.file() != null) {
      Input.Loaded loaded = Input.load(o.file(), err);
      if (loaded == null) {
        return Main.INVALID;
      }
      Map<String, Object> extra = RunOptions.extraVars(o.vars(), err);
      if (extra == null) {
        return Main.INVALID;
      }
      nsplay.playbook.Playbook pb = loaded.playbook();
      if (o.instance() != null) {
        try {
          extra = o.instance().withVars(extra);
        } catch (IllegalArgumentException e) {
          err.println("nsplay: " + e.getMessage());
          return Main.INVALID;
        }
        pb = pb.instance(o.instance()); // the lab NAME-ID, as up --instance named it
      }
      try {
        // A templated name (one playbook for every student) is the lab's once rendered, as up did.
        name = new Engine(null, Engine.Options.defaults()).named(pb, extra).name();
      } catch (Binder.BindException e) {
        Diagnostics.print(List.of(e.problem()), err);
        return Main.INVALID;
      }
      expectations = Probe.expectations(loaded.playbook());
      ignored = Probe.ignoredExpectations(loaded.playbook());
    }
    if (o.instance() != null && o.file() == null) {
      if (name == null) {
        err.println(
            "nsplay: --instance goes with the lab's playbook or --lab NAME (the lab NAME-ID)");
        return Main.INVALID;
      }
      name = InstanceOption.lab(name, o.instance());
    }
    if (name == null) {
      name = LabChoice.onlyOne(err);
      if (name == null) {
        return Main.INVALID;
      }
      if (name.isEmpty()) {
        err.println("nsplay: no lab is up; nothing to check");
        return Main.INVALID;
      }
    }
    if (!Privileges.enough("check", err)) {
      return Main.INVALID;
    }
    Reports.Checked checked;
    try {
      checked = Reports.check(name, expectations, o.timeoutMs());
    } catch (Reports.CannotProbe e) {
      err.println("nsplay: " + e.getMessage());
      return e.notUp() ? Main.INVALID : Main.FAILED;
    }
    LabModel.Matrix matrix = checked.matrix();
    String host = checked.hostNetns();
    if (o.json()) {
      out.println(Json.pretty(nsplay.report.Models.toPlain(matrix)));
    } else {
      out.println("CHECK " + name + (host == null ? "" : " (host: netns " + host + ")"));
      out.print(CheckGrid.render(matrix, host == null ? "host" : host));
      if (!matrix.sources().isEmpty() && !matrix.targets().isEmpty()) {
        // "!" is explained only where it appears.
        out.println(
            "(ok: an echo reply, with its round trip; --: no reply within "
                + o.timeoutMs()
                + " ms"
                + (CheckGrid.contradictions(matrix) > 0 ? "; !: contradicts a ping task" : "")
                + ")");
      }
      if (expectations != null) {
        notProbed(expectations, matrix, out);
        for (String why : ignored) {
          out.println("note: ignored " + why);
        }
      }
    }
    out.flush();
    return CheckGrid.contradictions(matrix) > 0 ? Main.FAILED : Main.OK;
  }

  /** Says which expectations name no namespace and address of the lab, and so were not probed. */
  private static void notProbed(
      List<Probe.Expectation> expectations, LabModel.Matrix matrix, PrintWriter out) {
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

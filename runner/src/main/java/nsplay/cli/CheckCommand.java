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
          "FILE", "the playbook whose check tasks are run (with --matrix: its name and pings)");
  static final Syntax.Opt MATRIX =
      Syntax.Opt.flag(
          "with FILE: the connectivity matrix instead of the playbook's checks", "--matrix");
  static final Syntax.Opt JUNIT =
      Syntax.Opt.value("PATH", "also write the checks' results as JUnit XML to PATH", "--junit");
  static final Syntax.Opt HOST_NETNS =
      Syntax.Opt.value(
              "NAME",
              "the namespace that plays the lab's host, for a lab nsplay did not bring up",
              "--host-netns")
          .choices(CompletionCommand.NETNS);
  static final Syntax.Opt LAB =
      Syntax.Opt.value("NAME", "the lab to probe", "--lab").choices(CompletionCommand.LABS);
  static final Syntax.Opt JSON =
      Syntax.Opt.flag("the results (or the matrix) as one JSON document on stdout", "--json");
  static final Syntax.Opt TIMEOUT =
      Syntax.Opt.value(
              "MS",
              "matrix: how long to wait for each reply, in ms (default: "
                  + Probe.DEFAULT_TIMEOUT_MS
                  + ")",
              "--timeout")
          .withDefault("" + Probe.DEFAULT_TIMEOUT_MS);

  private static final Syntax SYNTAX =
      Syntax.of(
          "check",
          List.of(
              "Run a playbook's checks against a lab as it is, or probe a lab's connectivity.",
              "With FILE: runs only the playbook's check tasks (ping, tcp_connect, http_get,"
                  + " route_lookup, command, link_state, addr_present; --tags selects some) against"
                  + " the lab as the kernel has it, whoever built it (no journal needed), the"
                  + " independent ones in parallel, and prints one line per check, PASS or FAIL"
                  + " with what was expected and what was seen, then a total. Nothing is changed."
                  + " Exit 0 when all pass, 1 when one fails, 2 for invalid input.",
              "",
              "Without FILE (or with --matrix): the connectivity matrix."
                  + " One ICMP echo goes from each namespace to each IPv4 and IPv6 address of the lab (the"
                  + " host's included; loopback and fe80:: link-local left out) and to each"
                  + " namespace's default gateways, in parallel; nothing else"
                  + " is probed. Given the playbook (--matrix FILE), its ping tasks (literal from and"
                  + " to, no when:)"
                  + " are expectations: a cell that contradicts one is marked with !, and the exit"
                  + " code is 1. With one lab on the machine, plain `nsplay check` takes it.",
              "",
              "Examples:",
              "  nsplay check playbooks/seed-lab.yml",
              "  nsplay check exercise.yml --tags stage2 --junit results.xml",
              "  nsplay check --lab seed --json",
              "  nsplay check student-lab.yml -e student=2   # name: \"lab-${student}\"",
              "",
              "  # nsplay check playbooks/seed-lab.yml",
              "  CHECK seed",
              "  PASS  red reaches blue: red -> 192.168.15.2: 3/3 replies, rtt min 0.038 ms",
              "  PASS  blue reaches red: blue -> 192.168.15.1: 3/3 replies, rtt min 0.030 ms",
              "  FAIL  red reaches its gateway: red -> 192.168.15.5: 0/3 replies (expected"
                  + " reachable)",
              "  2 passed, 1 failed",
              "",
              "  # nsplay check --matrix playbooks/seed-lab.yml",
              "        192.168.15.1  192.168.15.2    192.168.15.5",
              "        red/veth-red  blue/veth-blue  host/v-net-0",
              "  red   ok 0.03ms     ok 0.06ms       ok 0.04ms",
              "  blue  ok 0.05ms     ok 0.03ms       ok 0.04ms",
              "  3 of 3 expectations hold"),
          List.of(
              LAB,
              InstanceOption.OPT,
              JSON,
              TIMEOUT,
              MATRIX,
              RunOptions.TAGS,
              JUNIT,
              RunOptions.VARS,
              HOST_NETNS),
          FILE);

  /** The command line, read once. */
  record Options(
      Path file,
      String lab,
      nsplay.playbook.Instance instance,
      boolean json,
      int timeoutMs,
      boolean matrix,
      List<String> tags,
      Path junit,
      List<String> vars,
      String hostNetns) {
    static Options of(Args a) throws Syntax.UsageError {
      String junit = a.value(JUNIT);
      return new Options(
          a.operandPath(0),
          a.value(LAB),
          InstanceOption.of(a),
          a.flag(JSON),
          a.integer(TIMEOUT),
          a.flag(MATRIX),
          a.split(RunOptions.TAGS),
          junit == null ? null : Path.of(junit),
          a.values(RunOptions.VARS),
          a.value(HOST_NETNS));
    }

    /** Whether this is the grader: a playbook's checks, not the matrix. */
    boolean grades() {
      return file != null && !matrix;
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
    if (o.grades()) {
      return Grading.run(o, io);
    }
    if (!o.tags().isEmpty() || o.junit() != null || o.hostNetns() != null) {
      err.println(
          "nsplay: --tags, --junit and --host-netns go with a playbook's checks"
              + " (nsplay check FILE), not with the matrix");
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
      InstanceOption.Applied applied = InstanceOption.apply(o.instance(), pb, extra, err);
      if (applied == null) {
        return Main.INVALID;
      }
      pb = applied.playbook();
      extra = applied.extra();
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

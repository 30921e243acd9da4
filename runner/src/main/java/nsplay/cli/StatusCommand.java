package nsplay.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.app.LabStatus;
import nsplay.app.Privileges;
import nsplay.engine.Inspect;
import nsplay.engine.Json;

final class StatusCommand implements Command {
  static final Syntax.Opt LAB =
      Syntax.Opt.value("NAME", "only this lab, or the labs a glob matches ('classroom-*')", "--lab")
          .choices(CompletionCommand.LABS);
  static final Syntax.Opt VERBOSE =
      Syntax.Opt.flag("list each object of each lab and its state", "-v", "--verbose");
  static final Syntax.Opt JSON =
      Syntax.Opt.flag("one JSON document on stdout, every object included", "--json");

  private static final Syntax SYNTAX =
      Syntax.of(
          "status",
          List.of(
              "List the labs on this machine and whether what they made is still there.",
              "One line per lab: how many objects its journal records, and how many of them"
                  + " drifted. With -v, each object: present, missing, or changed (a link no longer"
                  + " marked as the lab's, a route with another gateway, a sysctl set back)."
                  + " Anything not present is drift; `nsplay up` on the playbook repairs it. The"
                  + " exit code is 1 when a lab shown has drifted or is not up, 0 when all are as"
                  + " built (or none is up).",
              "",
              "Examples:",
              "  nsplay status",
              "  nsplay status -v --lab seed",
              "  nsplay status --lab seed --json",
              "  nsplay status --lab classroom --instance 2     # the lab classroom-2",
              "  nsplay status --lab 'classroom-*'"),
          List.of(LAB, InstanceOption.OPT, VERBOSE, JSON));

  /** The command line, read once. */
  record Options(String lab, boolean verbose, boolean json) {
    static Options of(Args a) throws Syntax.UsageError {
      nsplay.playbook.Instance i = InstanceOption.of(a);
      if (i != null && a.value(LAB) == null) {
        throw new Syntax.UsageError("--instance goes with --lab NAME (the lab NAME-ID)");
      }
      return new Options(InstanceOption.lab(a.value(LAB), i), a.flag(VERBOSE), a.flag(JSON));
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
    // Before anything else: even listing the labs needs root (/run/nsplay is 0700).
    if (!Privileges.enough("status", io.err())) {
      return Main.INVALID;
    }
    List<LabStatus> labs = LabStatus.of(o.lab());
    if (o.json()) {
      out.println(Json.pretty(Map.of("labs", labs.stream().map(StatusCommand::json).toList())));
    } else if (labs.isEmpty()) {
      out.println("no labs are up");
    } else {
      labs.forEach(l -> out.print(o.verbose() ? detail(l) : line(l)));
    }
    // What a grader asks: is every lab as it was built?
    return labs.stream().allMatch(LabStatus::asBuilt) ? Main.OK : Main.FAILED;
  }

  /** One line: `seed: 18 objects, no drift`. */
  static String line(LabStatus l) {
    if (!l.up()) {
      return l.name() + ": not up\n";
    }
    long drift = l.drift();
    int n = l.objects().size();
    return l.name()
        + host(l)
        + ": "
        + n
        + (n == 1 ? " object, " : " objects, ")
        + (l.interrupted() ? "incomplete: the last up was interrupted, " : "")
        + (drift == 0
            ? "no drift"
            : drift + " drifted (run nsplay status -v --lab " + l.name() + ")")
        + "\n";
  }

  /** The lab, each object as the kernel has it, and what the drift is. */
  static String detail(LabStatus l) {
    if (!l.up()) {
      return "LAB " + l.name() + ": not up\n";
    }
    StringBuilder s = new StringBuilder("LAB " + l.name() + host(l) + "\n");
    l.objects().forEach(o -> s.append("  ").append(o.describe()).append('\n'));
    long drift = l.drift();
    if (l.interrupted()) {
      s.append(
          "  incomplete: the last up was interrupted; `nsplay up` on its playbook finishes it\n");
    }
    s.append(
        drift == 0
            ? "  no drift"
            : "  drift: "
                + drift
                + (drift == 1 ? " object is" : " objects are")
                + " missing or changed; `nsplay up` on its playbook repairs "
                + (drift == 1 ? "it" : "them"));
    return s.append('\n').toString();
  }

  private static String host(LabStatus l) {
    return l.hostNetns() == null ? "" : " (host: netns " + l.hostNetns() + ")";
  }

  private static Map<String, Object> json(LabStatus l) {
    Map<String, Object> j = new LinkedHashMap<>();
    j.put("lab", l.name());
    j.put("up", l.up());
    if (!l.up()) {
      return j;
    }
    j.put("host_netns", l.hostNetns());
    j.put("drift", l.drift());
    j.put("interrupted", l.interrupted());
    List<Map<String, Object>> objs = new ArrayList<>();
    for (Inspect.ObjectState o : l.objects()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("kind", o.kind());
      m.put("name", o.name());
      m.put("netns", o.netns());
      m.put("state", o.state());
      objs.add(m);
    }
    j.put("objects", objs);
    return j;
  }
}

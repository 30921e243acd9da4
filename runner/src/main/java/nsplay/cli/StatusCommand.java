package nsplay.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.engine.Inspect;
import nsplay.engine.Json;
import nsplay.kernel.LiveKernel;
import nsplay.state.Entry;
import nsplay.state.Journal;

final class StatusCommand implements Command {
  static final Syntax.Opt LAB =
      Syntax.Opt.value("NAME", "only this lab", "--lab").choices(CompletionCommand.LABS);
  static final Syntax.Opt JSON = Syntax.Opt.flag("one JSON document on stdout", "--json");

  private static final Syntax SYNTAX =
      Syntax.of(
          "status",
          List.of(
              "List the labs on this machine and whether what they made is still there.",
              "For each lab, each object its journal records: present, missing, or changed (a"
                  + " link no longer marked as the lab's, a route with another gateway, a sysctl"
                  + " set back). Anything not present is drift; `nsplay up` on the playbook"
                  + " repairs it.",
              "",
              "Examples:",
              "  nsplay status",
              "  nsplay status --lab seed --json"),
          List.of(LAB, JSON));

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) {
    String lab = a.value(LAB);
    boolean json = a.flag(JSON);
    PrintWriter out = io.out();
    // Before anything else: even listing the labs needs root (/run/nsplay is 0700).
    if (!Input.privileged("status", io.err())) {
      return Main.INVALID;
    }
    List<String> labs = lab != null ? List.of(lab) : Labs.all();
    List<Map<String, Object>> list = new ArrayList<>();
    if (labs.isEmpty() && !json) {
      out.println("no labs are up");
      return Main.OK;
    }
    for (String name : labs) {
      List<Entry> entries = Journal.readIfExists(Journal.ROOT, name);
      if (entries.isEmpty()) {
        if (json) {
          Map<String, Object> l = new LinkedHashMap<>();
          l.put("lab", name);
          l.put("up", false);
          list.add(l);
        } else {
          out.println("LAB " + name + ": not up");
        }
        continue;
      }
      Entry.Lab head = Journal.labOf(entries);
      String host = head == null ? null : head.hostNetns();
      List<Inspect.ObjectState> objects;
      try (LiveKernel kernel = new LiveKernel(host)) {
        objects = Inspect.run(name, entries, kernel);
      }
      long drift = objects.stream().filter(Inspect.ObjectState::drifted).count();
      if (json) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("lab", name);
        l.put("up", true);
        l.put("host_netns", host);
        l.put("drift", drift);
        List<Map<String, Object>> objs = new ArrayList<>();
        for (Inspect.ObjectState o : objects) {
          Map<String, Object> j = new LinkedHashMap<>();
          j.put("kind", o.kind());
          j.put("name", o.name());
          j.put("netns", o.netns());
          j.put("state", o.state());
          objs.add(j);
        }
        l.put("objects", objs);
        list.add(l);
        continue;
      }
      out.println("LAB " + name + (host == null ? "" : " (host: netns " + host + ")"));
      objects.forEach(o -> out.println("  " + o.describe()));
      out.println(
          drift == 0
              ? "  no drift"
              : "  drift: "
                  + drift
                  + (drift == 1 ? " object is" : " objects are")
                  + " missing or changed; `nsplay up` on its playbook repairs "
                  + (drift == 1 ? "it" : "them"));
    }
    if (json) {
      out.println(Json.pretty(Map.of("labs", list)));
    }
    return Main.OK;
  }
}

package nsplay.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import nsplay.engine.Inspect;
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
    ObjectMapper mapper = json ? new ObjectMapper() : null;
    ObjectNode doc = json ? mapper.createObjectNode() : null;
    ArrayNode list = json ? doc.putArray("labs") : null;
    if (labs.isEmpty() && !json) {
      out.println("no labs are up");
      return Main.OK;
    }
    for (String name : labs) {
      List<Entry> entries = Journal.readIfExists(Journal.ROOT, name);
      if (entries.isEmpty()) {
        if (json) {
          list.addObject().put("lab", name).put("up", false);
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
        ObjectNode l = list.addObject();
        l.put("lab", name).put("up", true).put("host_netns", host).put("drift", drift);
        ArrayNode objs = l.putArray("objects");
        for (Inspect.ObjectState o : objects) {
          objs.addObject()
              .put("kind", o.kind())
              .put("name", o.name())
              .put("netns", o.netns())
              .put("state", o.state());
        }
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
      out.println(doc.toPrettyString());
    }
    return Main.OK;
  }
}

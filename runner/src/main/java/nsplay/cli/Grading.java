package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nsplay.app.Grade;
import nsplay.app.Privileges;
import nsplay.engine.Grader;
import nsplay.engine.Json;
import nsplay.engine.JunitXml;
import nsplay.playbook.Binder;
import nsplay.playbook.InvalidPlaybookException;
import nsplay.playbook.Playbook;
import nsplay.task.Outcome;
import nsplay.task.TaskRegistry;

/** {@code nsplay check FILE}: the playbook's checks as a grader's PASS/FAIL lines. */
final class Grading {
  private Grading() {}

  static int run(CheckCommand.Options o, Command.Io io) {
    PrintWriter out = io.out();
    PrintWriter err = io.err();
    if (o.lab() != null) {
      err.println("nsplay: give a playbook or --lab, not both");
      return Main.INVALID;
    }
    Map<String, Object> extra = RunOptions.extraVars(o.vars(), err);
    if (extra == null) {
      return Main.INVALID;
    }
    Input.Loaded loaded = Input.load(o.file(), err);
    if (loaded == null) {
      return Main.INVALID;
    }
    Playbook pb = loaded.playbook();
    InstanceOption.Applied applied = InstanceOption.apply(o.instance(), pb, extra, err);
    if (applied == null) {
      return Main.INVALID;
    }
    pb = applied.playbook();
    extra = applied.extra();
    Set<String> tags = new LinkedHashSet<>(o.tags());
    long checks =
        pb.tasks().stream()
            .filter(t -> Grader.selected(t, TaskRegistry.specs().get(t.type()), tags))
            .count();
    if (checks == 0) {
      err.println(
          "nsplay: "
              + o.file()
              + " has no check tasks"
              + (tags.isEmpty() ? "" : " tagged " + String.join(" or ", tags))
              + " (ping, tcp_connect, http_get, route_lookup, command, link_state,"
              + " addr_present)");
      return Main.INVALID;
    }
    if (!Privileges.enough("check", err)) {
      return Main.INVALID;
    }
    Grade.Graded graded;
    try {
      graded = Grade.run(pb, extra, tags, o.hostNetns());
    } catch (Binder.BindException e) {
      err.print(new InvalidPlaybookException(List.of(e.problem())).format());
      err.flush();
      return Main.INVALID;
    } catch (Grade.CannotGrade e) {
      err.println("nsplay: " + e.getMessage());
      return Main.INVALID;
    }
    int[] counts = counts(graded.results());
    if (o.junit() != null) {
      try (Writer w = Files.newBufferedWriter(o.junit(), StandardCharsets.UTF_8)) {
        JunitXml.write(w, graded.lab(), graded.results());
      } catch (IOException | javax.xml.stream.XMLStreamException e) {
        err.println("nsplay: cannot write " + o.junit() + ": " + e.getMessage());
        return Main.FAILED;
      }
    }
    if (o.json()) {
      out.println(Json.pretty(json(graded, counts)));
    } else {
      out.println(
          "CHECK "
              + graded.lab()
              + (graded.hostNetns() == null ? "" : " (host: netns " + graded.hostNetns() + ")"));
      for (Grader.Result r : graded.results()) {
        out.println(line(r));
      }
      out.println(total(counts));
    }
    out.flush();
    return counts[1] > 0 ? Main.FAILED : Main.OK;
  }

  /** Passed, failed, skipped. */
  static int[] counts(List<Grader.Result> results) {
    int[] c = new int[3];
    for (Grader.Result r : results) {
      Outcome.Status s = r.outcome().status();
      c[s == Outcome.Status.FAILED ? 1 : s == Outcome.Status.SKIPPED ? 2 : 0]++;
    }
    return c;
  }

  /** {@code PASS name: message}, {@code FAIL ...}, {@code SKIP ...}. */
  static String line(Grader.Result r) {
    Outcome.Status s = r.outcome().status();
    String word =
        s == Outcome.Status.FAILED ? "FAIL" : s == Outcome.Status.SKIPPED ? "SKIP" : "PASS";
    String message = r.outcome().message();
    return word
        + "  "
        + JunitXml.title(r)
        + (message == null || message.isEmpty() ? "" : ": " + message);
  }

  /** {@code 12 passed, 1 failed} (and {@code , 2 skipped} when some were). */
  static String total(int[] c) {
    return c[0] + " passed, " + c[1] + " failed" + (c[2] > 0 ? ", " + c[2] + " skipped" : "");
  }

  private static Map<String, Object> json(Grade.Graded g, int[] counts) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("lab", g.lab());
    doc.put("host_netns", g.hostNetns());
    List<Object> checks = new ArrayList<>();
    for (Grader.Result r : g.results()) {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("task", r.name());
      c.put("item", r.label());
      c.put("type", r.type());
      c.put("tags", r.tags());
      c.put("location", r.location());
      c.put(
          "status",
          r.outcome().status() == Outcome.Status.FAILED
              ? "fail"
              : r.outcome().status() == Outcome.Status.SKIPPED ? "skip" : "pass");
      c.put("message", r.outcome().message());
      c.put("duration_ms", r.millis());
      c.put("facts", new TreeMap<>(r.outcome().facts()));
      checks.add(c);
    }
    doc.put("checks", checks);
    doc.put("passed", counts[0]);
    doc.put("failed", counts[1]);
    doc.put("skipped", counts[2]);
    return doc;
  }
}

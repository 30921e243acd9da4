package nsplay.task;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nsplay.jni.NativeException;
import nsplay.jni.Sys;
import nsplay.kernel.Processes;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.util.SelfCommand;

/**
 * {@code capture}: records the frames of a link to a pcap file ({@code ip netns exec NS tcpdump -i
 * LINK -w FILE &}), without tcpdump: its process is nsplay's own {@code nsplay capture NETNS LINK
 * -w FILE --lab LAB}, started like a {@link Service} (its own session, output to {@code
 * LAB/logs/capture-NETNS-LINK.log}), journalled by pid and start time right after the fork, and
 * ready once it says it is listening. By default it records the rest of the run: {@code up} stops
 * it when its last task is done (or failed, or Ctrl-C came), which leaves a whole file. With {@code
 * keep: true} it runs on until {@code down}, which stops it as it stops a service; a second {@code
 * up} leaves a kept capture that runs alone, and starts one that died again (writing the file
 * anew).
 */
public final class Capture extends Task<Entry.Capture, Capture.Start> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "capture",
              "Record a link's frames to a pcap file (tcpdump -i LINK -w FILE &), for the run or"
                  + " until down",
              List.of(
                  Param.required("link", ParamType.IFNAME, "link whose frames are recorded"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted"),
                  Param.required(
                      "file",
                      ParamType.STRING,
                      "the pcap file (a relative path: from where nsplay runs)"),
                  Param.optional("count", ParamType.INT, null, "stop after this many frames"),
                  Param.optional(
                      "keep", ParamType.BOOL, Boolean.FALSE, "go on after up, until down")),
              Capture::check)
          .withRefs(Capture::refs);

  /**
   * What {@code nsplay capture} writes to stderr once its socket is bound and its file begun (the
   * start of tcpdump's line): the task's process is ready then. CONTRACT with {@code
   * nsplay.app.PacketCapture}, which writes it.
   */
  public static final String LISTENING = "listening on ";

  /** How long the capture has to start listening: a JVM start, on a busy machine. */
  static final long READY_TIMEOUT_MS = 30_000;

  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("link"), "link"));
  }

  /** Bad input, before anything changes: a file that cannot be written there. */
  static String check(Args a) {
    String file = a.string("file");
    if (file != null) {
      if (file.isEmpty()) {
        return "capture: file is empty";
      }
      Path p = Path.of(file).toAbsolutePath().normalize();
      if (Files.isDirectory(p)) {
        return "capture: file \"" + file + "\" is a folder";
      }
      if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
        return "capture: the folder of \"" + file + "\" does not exist";
      }
    }
    if (a.has("count") && a.value("count") != null && a.integer("count") < 1) {
      return "capture: count must be at least 1, got " + a.integer("count");
    }
    return null;
  }

  /**
   * What {@code up} would do, in words (empty: the kept capture runs); {@code stop}, a capture to
   * the same file that still runs and must make way first.
   */
  public record Start(List<String> changes, Entry.Capture stop) implements Plan {}

  public Capture(TaskDecl decl) {
    super(decl);
  }

  /** The file, absolute: the process writes it, and the journal names it, wherever they run. */
  String file() {
    return Path.of(args.string("file")).toAbsolutePath().normalize().toString();
  }

  private long count() {
    return args.value("count") == null ? 0 : args.integer("count");
  }

  private boolean keep() {
    return args.bool("keep");
  }

  @Override
  public Entry.Capture observe(Context ctx) {
    return ctx.ownership().ledger().capture(file());
  }

  @Override
  public Start plan(Entry.Capture newest) {
    String netns = args.string("netns");
    String link = args.string("link");
    boolean same =
        newest != null
            && newest.kept()
            && keep()
            && java.util.Objects.equals(newest.netns(), netns)
            && newest.link().equals(link)
            && newest.count() == count();
    // A kept capture that runs, or that has its count, is done; anything else starts anew.
    if (same && (newest.running() || newest.count() > 0)) {
      return new Start(List.of(), null);
    }
    Entry.Capture stop = newest != null && newest.running() ? newest : null;
    List<String> words = new ArrayList<>();
    if (stop != null) {
      words.add("stop the capture to " + stop.file() + " (pid " + stop.pid() + ")");
    }
    words.add(
        "capture "
            + link
            + (netns == null ? " on the host" : " in " + netns)
            + " to "
            + file()
            + (count() > 0 ? " (" + count() + " frames)" : "")
            + (keep() ? " until down" : " until the end of this run")
            + (newest != null && stop == null && keep()
                ? " (restart: pid " + newest.pid() + " ended)"
                : ""));
    return new Start(words, stop);
  }

  @Override
  public Outcome run(Context ctx) {
    Start plan = plan(observe(ctx));
    if (plan.isEmpty()) {
      return Outcome.ok(null);
    }
    if (ctx.checkMode()) {
      return keep()
          ? Outcome.changed(plan.changes())
          : Outcome.skipped("not captured in check mode");
    }
    apply(ctx, plan);
    // A capture for this run only changes nothing that stays: a second up is still ok.
    return keep()
        ? Outcome.changed(plan.changes())
        : Outcome.ok(plan.changes().get(plan.changes().size() - 1));
  }

  @Override
  public void apply(Context ctx, Start plan) {
    String netns = args.string("netns");
    String link = args.string("link");
    Path dir = ctx.labDir();
    if (dir == null) {
      throw new TaskFailure("capture of " + link + ": the lab has no state folder");
    }
    if (plan.stop() != null) {
      stop(plan.stop().pid(), plan.stop().start());
    }
    String lab = dir.getFileName().toString();
    Path log =
        Journal.serviceLog(
            dir.getParent(), lab, "capture-" + (netns == null ? "host" : netns) + "-" + link);
    nsplay.state.StateFiles.folder(log.getParent(), false);
    List<String> command =
        new ArrayList<>(
            List.of(
                "capture",
                netns == null ? ParamType.HOST : netns,
                link,
                "-w",
                file(),
                "--lab",
                ctx.lab()));
    if (count() > 0) {
      command.addAll(List.of("-c", Long.toString(count())));
    }
    long logStart = size(log);
    int pid;
    try {
      // In nsplay's own namespace: the capture opens its socket in the link's.
      pid = Sys.startIn(null, SelfCommand.argv(command), null, log, null, null);
    } catch (NativeException e) {
      throw new TaskFailure("capture of " + link + ": " + e.getMessage());
    }
    long start = Processes.startTime(pid);
    // Right after the fork, before waiting for it: a run killed meanwhile leaves it to down.
    ctx.recordMade(new Entry.Capture(netns, link, file(), count(), keep(), pid, start));
    if (!keep()) {
      ctx.atEnd(() -> stop(pid, start));
    }
    String why = waitListening(pid, start, log, logStart);
    if (why != null) {
      stop(pid, start);
      throw new TaskFailure("capture of " + link + " " + why + Service.tail(log, logStart));
    }
  }

  /** Stops the capture (SIGTERM: it closes its file), and reaps it when it is this process's. */
  static void stop(long pid, long start) {
    Processes.stop(List.of(new Processes.Started(pid, start)));
    try {
      Sys.tryWaitPid((int) pid);
    } catch (NativeException e) {
      // not a child of this process (a kept capture of an earlier run): init reaps it
    }
  }

  /** Null once the capture says it is listening, else why it is not. */
  private static String waitListening(int pid, long start, Path log, long from) {
    long deadline = System.nanoTime() + READY_TIMEOUT_MS * 1_000_000;
    while (true) {
      if (said(log, from, LISTENING)) {
        return null;
      }
      String ended = Service.ended(pid, start);
      if (ended != null) {
        return said(log, from, LISTENING) ? null : ended.replace("ready", "listening");
      }
      if (System.nanoTime() >= deadline) {
        return "not listening after " + READY_TIMEOUT_MS + " ms";
      }
      nsplay.util.Interruption
          .check(); // Ctrl-C: the capture stays, journalled, for the end or down
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new TaskFailure("interrupted while waiting for the capture to listen");
      }
    }
  }

  /** Whether the log holds {@code words} after {@code from}. */
  private static boolean said(Path log, long from, String words) {
    try {
      byte[] all = Files.readAllBytes(log);
      int at = (int) Math.min(from, all.length);
      return new String(all, at, all.length - at, StandardCharsets.UTF_8).contains(words);
    } catch (IOException e) {
      return false;
    }
  }

  private static long size(Path log) {
    try {
      return Files.size(log);
    } catch (IOException e) {
      return 0;
    }
  }

  @Override
  protected String describe(Entry.Capture c) {
    return c == null ? "not started" : c.describe() + (c.running() ? " running" : " ended");
  }
}

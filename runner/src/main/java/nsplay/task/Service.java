package nsplay.task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nsplay.jni.NativeException;
import nsplay.jni.Sys;
import nsplay.kernel.Kernel;
import nsplay.kernel.Processes;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;
import nsplay.state.Journal;

/**
 * {@code service}: a long-running program in a namespace ({@code ip netns exec NS setsid PROGRAM
 * ARGS... </dev/null >>LOG 2>&1 &}), without a shell: the argv as given. It is started in its own
 * session, outlives nsplay, writes to {@code /run/nsplay/LAB/logs/NAME.log}, and is journalled by
 * pid and start time right after it is forked; then the task waits until it is ready. A service
 * that runs is left as it is; one that died is started again ({@code changed}). {@code down} stops
 * it before removing the namespaces.
 */
public final class Service extends Task<Entry.Service, Service.Start> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "service",
              "Run a program in a namespace in the background, with a log, until down",
              List.of(
                  Param.required("name", ParamType.SERVICE_NAME, "its log is LAB/logs/NAME.log"),
                  Param.required("netns", ParamType.NETNS, "namespace to run it in"),
                  Param.required(
                      "command",
                      ParamType.STRINGS,
                      "the program and its arguments, run as given (no shell)"),
                  Param.optional("cwd", ParamType.STRING, null, "working folder (absolute)"),
                  Param.optional("env", ParamType.ENV, null, "environment (replaces nsplay's)"),
                  Param.optional(
                      "user", ParamType.STRING, null, "user to run it as (root if omitted)"),
                  Param.optional(
                      "ready",
                      ParamType.READY,
                      null,
                      "when it is ready: tcp: PORT (accepts in the namespace), file: PATH, delay: 1s"),
                  Param.optional(
                      "timeout", ParamType.DURATION, null, "how long to wait for ready (10s)")),
              Service::check)
          .withRefs(Service::refs);

  /** How long a service has to be ready when its task does not say. */
  static final long DEFAULT_TIMEOUT_MS = 10_000;

  static List<Ref> refs(Args a) {
    return Refs.of(Ref.needsNetns(a.string("netns"), "netns"));
  }

  /**
   * What {@code up} would start, in words, and the running process it replaces (null: none); empty
   * when it runs as the playbook says.
   */
  public record Start(List<String> changes, Entry.Service replaces) implements Plan {}

  public Service(TaskDecl decl) {
    super(decl);
  }

  /** Bad input, before anything changes: a program that is not there, a user nobody is. */
  static String check(Args a) {
    @SuppressWarnings("unchecked")
    List<String> argv = (List<String>) a.value("command");
    if (argv != null && (argv.isEmpty() || argv.get(0).isEmpty())) {
      return "service: command is empty; it needs at least the program";
    }
    if (argv != null && program(argv.get(0)) == null) {
      return "service: program \""
          + argv.get(0)
          + "\" not found"
          + (argv.get(0).contains("/") ? "" : " in PATH");
    }
    String user = a.string("user");
    if (user != null && user(user) == null) {
      return "service: user \"" + user + "\" does not exist (not in /etc/passwd)";
    }
    String cwd = a.string("cwd");
    if (cwd != null && (!cwd.startsWith("/") || !Files.isDirectory(Path.of(cwd)))) {
      return "service: cwd \"" + cwd + "\" is not an absolute path to a folder";
    }
    return null;
  }

  /** The executable a program name stands for (PATH search when it has no slash), or null. */
  static Path program(String name) {
    if (name.contains("/")) {
      Path p = Path.of(name);
      return Files.isRegularFile(p) && Files.isExecutable(p) ? p : null;
    }
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/local/bin:/usr/bin:/bin" : path).split(":")) {
      Path p = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /**
   * Who {@code name} is (a name or a numeric uid) by /etc/passwd and /etc/group: uid, primary gid
   * and the groups that list it; null when nobody is.
   */
  static Sys.Identity user(String name) {
    try {
      for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
        String[] f = line.split(":", -1);
        if (f.length < 4 || !(f[0].equals(name) || f[2].equals(name))) {
          continue;
        }
        int uid = Integer.parseInt(f[2]);
        int gid = Integer.parseInt(f[3]);
        List<Integer> groups = new ArrayList<>(List.of(gid));
        for (String g : Files.readAllLines(Path.of("/etc/group"))) {
          String[] gf = g.split(":", -1);
          if (gf.length >= 4 && List.of(gf[3].split(",")).contains(f[0])) {
            int id = Integer.parseInt(gf[2]);
            if (!groups.contains(id)) {
              groups.add(id);
            }
          }
        }
        return new Sys.Identity(uid, gid, groups.stream().mapToInt(Integer::intValue).toArray());
      }
    } catch (IOException | NumberFormatException e) {
      return null;
    }
    return null;
  }

  @Override
  public Entry.Service observe(Context ctx) {
    return ctx.ownership().ledger().service(args.string("name"));
  }

  /**
   * A digest of what the service is started as: the namespace, argv, env, cwd and user (not how its
   * readiness is judged). A running service whose digest differs is restarted. CRC-32C of a
   * canonical form: a change detector, not a security boundary, and free of the start-up cost of
   * java.security.
   */
  String definition() {
    var c = new java.util.zip.CRC32C();
    for (Object part :
        List.of(
            args.string("netns"),
            String.valueOf(args.value("command")),
            String.valueOf(
                args.value("env") == null
                    ? null
                    : new java.util.TreeMap<>((Map<?, ?>) args.value("env"))),
            String.valueOf(args.string("cwd")),
            String.valueOf(args.string("user")))) {
      byte[] b = String.valueOf(part).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      c.update(b.length);
      c.update(b);
    }
    return String.format("%08x", c.getValue());
  }

  @Override
  public Start plan(Entry.Service newest) {
    boolean redefined =
        newest != null
            && !newest.definition().isEmpty()
            && !newest.definition().equals(definition());
    if (newest != null && newest.running() && !redefined) {
      return new Start(List.of(), null);
    }
    @SuppressWarnings("unchecked")
    List<String> argv = (List<String>) args.value("command");
    return new Start(
        List.of(
            "netns exec "
                + args.string("netns")
                + " "
                + String.join(" ", argv)
                + (newest == null
                    ? ""
                    : newest.running()
                        ? " (restart: pid " + newest.pid() + " was started otherwise)"
                        : " (restart: pid " + newest.pid() + " ended)")),
        newest != null && newest.running() ? newest : null);
  }

  @Override
  public Outcome run(Context ctx) {
    Start plan = plan(observe(ctx));
    if (plan.isEmpty()) {
      return Outcome.ok(null);
    }
    if (ctx.checkMode()) {
      return Outcome.changed(plan.changes());
    }
    apply(ctx, plan);
    return Outcome.changed(plan.changes());
  }

  @Override
  @SuppressWarnings("unchecked")
  public void apply(Context ctx, Start plan) {
    String name = args.string("name");
    String netns = args.string("netns");
    Path dir = ctx.labDir();
    if (dir == null) {
      throw new TaskFailure("service " + name + ": the lab has no state folder");
    }
    Path log = Journal.serviceLog(dir.getParent(), dir.getFileName().toString(), name);
    nsplay.state.StateFiles.folder(log.getParent(), false);
    List<String> argv = (List<String>) args.value("command");
    String user = args.string("user");
    Sys.Identity who = user == null ? null : user(user);
    if (user != null && who == null) {
      throw new TaskFailure("service " + name + ": user \"" + user + "\" does not exist");
    }
    if (plan.replaces() != null) {
      String stopped =
          Processes.stop(
                  List.of(new Processes.Started(plan.replaces().pid(), plan.replaces().start())))
              .get(0);
      if (stopped != null && stopped.startsWith("failed: ")) {
        throw new TaskFailure(
            "service " + name + ": could not stop pid " + plan.replaces().pid() + ": " + stopped);
      }
    }
    long logStart = size(log);
    int pid;
    try {
      pid =
          Sys.startIn(
              Kernel.NETNS_DIR.resolve(netns),
              argv,
              (Map<String, String>) args.value("env"),
              log,
              args.string("cwd"),
              who);
    } catch (NativeException e) {
      throw new TaskFailure("service " + name + ": " + e.getMessage());
    }
    long start = Processes.startTime(pid);
    // Right after the fork, before waiting for it: a run killed meanwhile leaves it to down.
    ctx.recordMade(new Entry.Service(name, netns, pid, start, definition()));
    String why = waitReady(ctx, pid, start);
    if (why != null) {
      Processes.stop(List.of(new Processes.Started(pid, start)));
      ended(pid, start); // reaped
      throw new TaskFailure("service " + name + " " + why + tail(log, logStart));
    }
  }

  /** Null once it is ready, else why it is not. */
  @SuppressWarnings("unchecked")
  private String waitReady(Context ctx, int pid, long start) {
    Map<String, Object> ready = (Map<String, Object>) args.value("ready");
    long timeout =
        args.has("timeout") && args.value("timeout") != null
            ? ((Number) args.value("timeout")).longValue()
            : DEFAULT_TIMEOUT_MS;
    long deadline = System.nanoTime() + timeout * 1_000_000;
    Path ns = Kernel.NETNS_DIR.resolve(args.string("netns"));
    long readyAt =
        ready != null && ready.containsKey("delay")
            ? System.nanoTime() + ((Number) ready.get("delay")).longValue() * 1_000_000
            : 0;
    deadline = Math.max(deadline, readyAt);
    while (true) {
      String ended = ended(pid, start);
      if (ended != null) {
        return ended;
      }
      if (ready == null
          || (readyAt != 0 && System.nanoTime() >= readyAt)
          || (ready.containsKey("tcp") && accepts(ctx, (Integer) ready.get("tcp")))
          || (ready.containsKey("file") && Files.exists(Path.of((String) ready.get("file"))))) {
        return null;
      }
      if (System.nanoTime() >= deadline) {
        return "not ready after " + timeout + " ms (" + readyWords(ready) + ")";
      }
      nsplay.util.Interruption.check(); // Ctrl-C: the service stays, journalled, for down
      sleep(50);
    }
  }

  /**
   * Why the service is no longer running, or null while it runs. Its exit code when this process
   * can still reap it (a JVM that ignores SIGCHLD, as a test's may, has it reaped by the kernel).
   */
  private static String ended(int pid, long start) {
    try {
      int exit = Sys.tryWaitPid(pid);
      if (exit >= 0) {
        return "exited with code " + exit + " before it was ready";
      }
    } catch (NativeException e) {
      // not a child to wait for any more: its identity says whether it runs
    }
    return Processes.alive(pid, start) ? null : "exited before it was ready";
  }

  private static String readyWords(Map<String, Object> ready) {
    var e = ready.entrySet().iterator().next();
    return e.getKey().equals("tcp")
        ? "nothing accepts on TCP port " + e.getValue()
        : "no file " + e.getValue();
  }

  /** Whether something accepts TCP connections on {@code port} in the namespace. */
  private boolean accepts(Context ctx, int port) {
    String netns = args.string("netns");
    List<nsplay.net.Ip> addrs = new ArrayList<>();
    addrs.add(nsplay.net.Ip.parse("127.0.0.1"));
    // lo may be down in a lab's namespace: its own addresses are where a server listens too.
    for (var a : ctx.kernel().links(netns).addrs()) {
      addrs.add(a.cidr().address());
    }
    for (nsplay.net.Ip a : addrs) {
      if (ctx.kernel().tcpConnect(netns, a, port, 200).open()) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskFailure("interrupted while waiting for the service to be ready");
    }
  }

  private static long size(Path log) {
    try {
      return Files.size(log);
    } catch (IOException e) {
      return 0;
    }
  }

  /** The last lines the service wrote since {@code from}, for its failure. */
  static String tail(Path log, long from) {
    try {
      byte[] all = Files.readAllBytes(log);
      String text =
          new String(
              all,
              (int) Math.min(from, all.length),
              (int) Math.max(0, all.length - from),
              java.nio.charset.StandardCharsets.UTF_8);
      List<String> lines = text.lines().toList();
      if (lines.isEmpty()) {
        return "; its log " + log + " is empty";
      }
      return "; the last lines of "
          + log
          + ":\n  "
          + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "";
    }
  }

  @Override
  protected String describe(Entry.Service s) {
    return s == null ? "not started" : s.describe() + (s.running() ? " running" : " dead");
  }
}

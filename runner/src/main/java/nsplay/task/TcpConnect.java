package nsplay.task;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import nsplay.kernel.TcpResult;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code tcp_connect}: a TCP connect from inside a namespace (a stream socket made there), closed
 * at once. Open means the connection was made; closed means it was refused, or got no answer, or
 * had no route: anything but open.
 */
public final class TcpConnect extends Check<TcpResult> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "tcp_connect",
              "Check that a TCP port answers, from a namespace (ip netns exec NS nc -z TO PORT)",
              List.of(
                  Param.required(
                      "from", ParamType.CHECK_FROM, "namespace to connect from, or host"),
                  Param.required("to", ParamType.IP, "address to connect to"),
                  Param.required("port", ParamType.INT, "TCP port (1-65535)"),
                  Param.choice(
                      "expect",
                      "open",
                      List.of("open", "closed"),
                      "open: the connection is made; closed: it is not (refused, no answer, no"
                          + " route)"),
                  Param.optional("timeout", ParamType.INT, 1000, "how long to wait, in ms")),
              TcpConnect::check)
          .asCheck();

  public TcpConnect(TaskDecl decl) {
    super(decl);
  }

  static String check(Args args) {
    int port = args.integer("port");
    if (port < 1 || port > 65535) {
      return "tcp_connect: port must be between 1 and 65535, got " + port;
    }
    return Checks.timeout("tcp_connect", args);
  }

  @Override
  protected String subject() {
    return args.string("from") + " -> " + Checks.hostPort(args.ip("to"), args.integer("port"));
  }

  @Override
  public boolean independent() {
    return true;
  }

  @Override
  public TcpResult observe(Context ctx) {
    return ctx.kernel()
        .tcpConnect(
            Ping.fromNetns(args.string("from")),
            args.ip("to"),
            args.integer("port"),
            args.integer("timeout"));
  }

  @Override
  public Verdict plan(TcpResult r) {
    String expect = args.string("expect");
    String seen = r.seen(args.integer("timeout"));
    if (r.open()) {
      seen += String.format(Locale.ROOT, " (connected in %.2f ms)", r.millis());
    }
    return new Verdict(
        r.open() == expect.equals("open"),
        expect,
        seen,
        Map.of(
            "open",
            r.open(),
            "error",
            r.open() ? "" : nsplay.jni.Errno.name(r.errno()),
            "connect_ms",
            r.millis()));
  }
}

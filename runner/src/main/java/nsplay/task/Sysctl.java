package nsplay.task;

import java.util.List;
import nsplay.kernel.Op;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;

/**
 * {@code sysctl}: set a network sysctl in a namespace ({@code ip netns exec NS sysctl -w K=V}).
 * Only {@code net.} keys: they are the ones that belong to a namespace. Teardown restores the value
 * found before.
 */
public final class Sysctl extends Task<String, Sysctl.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "sysctl",
              "Set a network sysctl in a namespace (sysctl -w KEY=VALUE)",
              List.of(
                  Param.required("name", ParamType.SYSCTL_KEY, "key, e.g. net.ipv4.ip_forward"),
                  Param.required("value", ParamType.STRING, "value to write"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted")))
          .withRefs(Sysctl::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(Ref.needsNetns(a.string("netns"), "netns"));
  }

  /** The value found, to restore on teardown; empty plan when it is as wanted. */
  public record Change(String old, List<String> changes) implements Plan {}

  public Sysctl(TaskDecl decl) {
    super(decl);
  }

  @Override
  public String observe(Context ctx) {
    return ctx.kernel().sysctl(netns("netns"), args.string("name"));
  }

  @Override
  public Change plan(String current) {
    String ns = netns("netns");
    String want = args.string("value").trim();
    // The kernel prints multi-value sysctls with tabs; compare word by word.
    if (current.trim().split("\\s+").length > 0
        && String.join(" ", current.trim().split("\\s+"))
            .equals(String.join(" ", want.split("\\s+")))) {
      return new Change(current, List.of());
    }
    return new Change(current, List.of(new Op.Sysctl(ns, args.string("name"), want).words()));
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    String key = args.string("name");
    String want = args.string("value").trim();
    ctx.record(new Entry.Sysctl(ns, key, plan.old().trim(), want));
    ctx.kernel().setSysctl(ns, key, want);
  }

  @Override
  protected String describe(String current) {
    return args.string("name") + " = " + current.trim();
  }
}

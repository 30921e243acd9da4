package nsplay.task;

import java.util.List;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/** {@code bridge_attach}: enslave a link to a bridge ({@code ip link set LINK master BRIDGE}). */
public final class BridgeAttach extends MasterAttach {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "bridge_attach",
              "Attach a link to a bridge (ip link set LINK master BRIDGE)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "the link to attach"),
                  Param.required("bridge", ParamType.IFNAME, "the bridge"),
                  Param.optional(
                      "netns", ParamType.NETNS, null, "namespace of both; host if omitted")))
          .withRefs(BridgeAttach::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("link"), "link"),
        Ref.needsLink(Ref.Kind.BRIDGE, a.string("netns"), a.string("bridge"), "bridge"));
  }

  public BridgeAttach(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected String masterKind() {
    return "bridge";
  }
}

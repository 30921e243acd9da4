package nsplay.task;

import java.util.List;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code bond_attach}: make a link a member of a bond ({@code ip link set LINK down; ip link set
 * LINK master BOND}): the kernel takes only a link that is down, and the bond brings it up.
 */
public final class BondAttach extends MasterAttach {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "bond_attach",
              "Make a link a member of a bond (ip link set LINK down; ip link set LINK master BOND)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "the member link"),
                  Param.required("bond", ParamType.IFNAME, "the bond"),
                  Param.optional(
                      "netns", ParamType.NETNS, null, "namespace of both; host if omitted")))
          .withRefs(BondAttach::refs);

  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("link"), "link"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("bond"), "bond"));
  }

  public BondAttach(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected String masterKind() {
    return "bond";
  }

  @Override
  protected boolean enslavesOnlyDown() {
    return true;
  }
}

package nsplay.task;

import nsplay.kernel.LinkSpec;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code bond_create}: a bond ({@code ip link add NAME type bond mode MODE miimon MS}); its members
 * come with {@code bond_attach}. One whose mode or miimon drifted is re-created. A kernel without
 * bonding fails the playbook before any change.
 */
public final class BondCreate extends LinkCreate {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "bond_create",
              "Create a bond (ip link add NAME type bond mode MODE miimon MS)",
              params(
                  "bond",
                  Param.choice("mode", "balance-rr", LinkSpec.Bond.MODES, "bonding mode"),
                  Param.optional(
                      "miimon", ParamType.INT, 0, "link monitoring interval in ms; 0: none")),
              BondCreate::check)
          .withRefs(a -> refs(Ref.Kind.LINK, a))
          .needing("bond", "CONFIG_BONDING");

  private static String check(Args a) {
    int miimon = a.integer("miimon");
    return miimon < 0 ? "bond_create: miimon " + miimon + " is negative" : null;
  }

  public BondCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected LinkSpec spec() {
    return new LinkSpec.Bond(args.string("mode"), args.integer("miimon"));
  }
}

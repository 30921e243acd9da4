package nsplay.task;

import java.util.List;
import nsplay.kernel.LinkSpec;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code vlan_create}: a VLAN on a parent link of the same namespace ({@code ip link add link
 * PARENT name NAME type vlan [protocol 802.1ad] id ID}). One whose id or protocol drifted is
 * re-created: the kernel changes neither in place. A kernel without 8021q fails the playbook before
 * any change.
 */
public final class VlanCreate extends LinkCreate {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "vlan_create",
              "Create a VLAN link (ip link add link PARENT name NAME type vlan id ID)",
              params(
                  "vlan link",
                  Param.required(
                      "link", ParamType.IFNAME, "the parent link, in the same namespace"),
                  Param.required("id", ParamType.INT, "VLAN id, 1-4094"),
                  Param.choice(
                      "protocol", "802.1q", List.of("802.1q", "802.1ad"), "VLAN protocol")),
              VlanCreate::check)
          .withRefs(MacvlanCreate::refs)
          .needing("vlan", "CONFIG_VLAN_8021Q");

  private static String check(Args a) {
    int id = a.integer("id");
    if (id < 1 || id > 4094) {
      return "vlan_create: id " + id + " is out of range (1-4094)";
    }
    return null;
  }

  public VlanCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected LinkSpec spec() {
    return new LinkSpec.Vlan(args.string("link"), args.integer("id"), args.string("protocol"));
  }
}

package nsplay.task;

import java.util.List;
import nsplay.kernel.LinkSpec;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code macvlan_create}: a macvlan on a parent link of the same namespace ({@code ip link add NAME
 * link PARENT type macvlan mode MODE}). Mode bridge unless told: macvlans of one parent then reach
 * each other, which is what a lab usually wants (the kernel's own default, vepa, sends their
 * traffic out of the parent). One whose mode drifted is re-created.
 */
public final class MacvlanCreate extends LinkCreate {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "macvlan_create",
              "Create a macvlan (ip link add NAME link PARENT type macvlan mode MODE)",
              params(
                  "macvlan",
                  Param.required(
                      "link", ParamType.IFNAME, "the parent link, in the same namespace"),
                  Param.choice(
                      "mode",
                      "bridge",
                      List.of("bridge", "private", "vepa", "passthru"),
                      "macvlan mode")))
          .withRefs(MacvlanCreate::refs)
          .needing("macvlan", "CONFIG_MACVLAN");

  /** What a link on a parent creates and needs (vlan_create's too): the parent is of its netns. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.createsLink(Ref.Kind.LINK, a.string("netns"), a.string("name"), "name"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("link"), "link"));
  }

  public MacvlanCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected LinkSpec spec() {
    return new LinkSpec.Macvlan(args.string("link"), args.string("mode"));
  }
}

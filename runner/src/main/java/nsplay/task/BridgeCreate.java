package nsplay.task;

import nsplay.kernel.LinkSpec;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/** {@code bridge_create}: a Linux bridge ({@code ip link add NAME type bridge}). */
public final class BridgeCreate extends LinkCreate {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "bridge_create", "Create a bridge (ip link add NAME type bridge)", params("bridge"))
          .withRefs(a -> refs(Ref.Kind.BRIDGE, a));

  public BridgeCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected LinkSpec spec() {
    return new LinkSpec.Bridge();
  }
}

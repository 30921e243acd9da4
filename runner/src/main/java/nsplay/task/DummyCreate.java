package nsplay.task;

import nsplay.kernel.LinkSpec;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code dummy_create}: a dummy link ({@code ip link add NAME type dummy}), a stand-in for a
 * physical interface. A kernel without dummy fails the playbook before any change.
 */
public final class DummyCreate extends LinkCreate {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "dummy_create",
              "Create a dummy link (ip link add NAME type dummy)",
              params("dummy link"))
          .withRefs(a -> refs(Ref.Kind.LINK, a))
          .needing("dummy", "CONFIG_DUMMY");

  public DummyCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected LinkSpec spec() {
    return new LinkSpec.Dummy();
  }
}

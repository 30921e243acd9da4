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

/** {@code netns_add}: a named network namespace, as {@code ip netns add NAME} makes it. */
public final class NetnsAdd extends Task<Boolean, NetnsAdd.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "netns_add",
              "Create a named network namespace (ip netns add)",
              List.of(
                  Param.required("name", ParamType.NETNS, "namespace name, as in ip netns list")))
          .withRefs(NetnsAdd::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return List.of(Ref.createsNetns(a.string("name"), "name"));
  }

  /** The namespace to create, or null when it exists. */
  public record Change(String create) implements Plan {
    @Override
    public List<String> changes() {
      return create == null ? List.of() : List.of(new Op.NetnsAdd(create).words());
    }
  }

  public NetnsAdd(TaskDecl decl) {
    super(decl);
  }

  private String name() {
    return args.string("name");
  }

  /** Whether the namespace exists. */
  @Override
  public Boolean observe(Context ctx) {
    return ctx.kernel().netnsExists(name());
  }

  @Override
  public Change plan(Boolean exists) {
    return new Change(exists ? null : name());
  }

  @Override
  public void apply(Context ctx, Change plan) {
    // Recorded before the name exists, with the namespace's identity: teardown then never
    // takes a namespace that merely has this name for the lab's.
    ctx.kernel()
        .netnsAdd(
            plan.create(),
            inode -> {
              ctx.record(new Entry.Netns(plan.create()));
              ctx.record(new Entry.NetnsIdentity(plan.create(), inode));
            });
  }

  @Override
  protected String describe(Boolean exists) {
    return "netns " + name() + ": " + (exists ? "present" : "absent");
  }
}

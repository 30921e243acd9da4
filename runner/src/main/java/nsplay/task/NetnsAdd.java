package nsplay.task;

import java.util.List;
import java.util.Map;
import nsplay.kernel.Op;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;
import nsplay.state.Marks;

/** {@code netns_add}: a named network namespace, as {@code ip netns add NAME} makes it. */
public final class NetnsAdd extends Task<NetnsAdd.Seen, NetnsAdd.Change> {
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

  /** What is under the name now. */
  public enum Seen {
    ABSENT,
    PRESENT,
    /** The lab's unfinished leftover (Ownership#isLabsLeftover): removed, then created anew. */
    LEFTOVER
  }

  /**
   * The namespace to create, or null when it exists; {@code leftover}: an unfinished leftover of
   * the lab's goes first.
   */
  public record Change(String create, boolean leftover) implements Plan {
    @Override
    public List<String> changes() {
      return create == null
          ? List.of()
          : leftover
              ? List.of(new Op.NetnsDel(create).words(), new Op.NetnsAdd(create).words())
              : List.of(new Op.NetnsAdd(create).words());
    }
  }

  public NetnsAdd(TaskDecl decl) {
    super(decl);
  }

  private String name() {
    return args.string("name");
  }

  @Override
  public Seen observe(Context ctx) {
    if (!ctx.kernel().netnsExists(name())) {
      return Seen.ABSENT;
    }
    return ctx.ownership().isLabsLeftover(name()) ? Seen.LEFTOVER : Seen.PRESENT;
  }

  @Override
  public Change plan(Seen seen) {
    return new Change(seen == Seen.PRESENT ? null : name(), seen == Seen.LEFTOVER);
  }

  /** As {@link Task#run}, saying so when a leftover was removed first. */
  @Override
  public Outcome run(Context ctx) {
    Change plan = plan(observe(ctx));
    if (plan.isEmpty()) {
      return Outcome.ok(null);
    }
    apply(ctx, plan);
    return new Outcome(
        Outcome.Status.CHANGED,
        plan.leftover() ? "removed " + Entry.Netns.LEFTOVER + ", first" : null,
        plan.changes(),
        Map.of());
  }

  @Override
  public void apply(Context ctx, Change plan) {
    if (plan.leftover()) {
      // Left by a run of this lab killed while it made or removed the namespace (see
      // Ownership#isLabsLeftover): no namespace, so nothing in it to lose.
      ctx.kernel().netnsRemoveLeftover(plan.create());
    }
    // Recorded before the name exists, with the namespace's identity (inode and token), and
    // the token set on its lo before the name exists too: teardown then never takes a
    // namespace that merely has this name, or this name and a reused inode, for the lab's.
    String token = Marks.netnsToken();
    long[] identity = {-1};
    ctx.kernel()
        .netnsAdd(
            plan.create(),
            Marks.netnsAlias(ctx.lab(), token),
            inode -> {
              identity[0] = inode;
              ctx.record(new Entry.Netns(plan.create()));
              ctx.record(new Entry.NetnsIdentity(plan.create(), inode, token));
            });
    // Its birth, now that it has a name: lets down tell it is still the lab's with a stat rather
    // than a socket inside it. A crash before this record leaves the token check, as before.
    long born = ctx.kernel().netnsBorn(plan.create());
    if (born != 0) {
      ctx.record(new Entry.NetnsIdentity(plan.create(), identity[0], token, born));
    }
  }

  @Override
  protected String describe(Seen seen) {
    return "netns "
        + name()
        + ": "
        + switch (seen) {
          case ABSENT -> "absent";
          case PRESENT -> "present";
          case LEFTOVER -> Entry.Netns.LEFTOVER;
        };
  }
}

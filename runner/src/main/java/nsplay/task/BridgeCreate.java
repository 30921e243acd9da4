package nsplay.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;

/** {@code bridge_create}: a Linux bridge ({@code ip link add NAME type bridge}). */
public final class BridgeCreate extends Task<Optional<Iface>, BridgeCreate.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "bridge_create",
              "Create a bridge (ip link add NAME type bridge)",
              List.of(
                  Param.required("name", ParamType.IFNAME, "bridge name"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted"),
                  Param.optional("up", ParamType.BOOL, Boolean.TRUE, "bring the bridge up")))
          .withRefs(BridgeCreate::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.createsLink(Ref.Kind.BRIDGE, a.string("netns"), a.string("name"), "name"));
  }

  /** Create it, and/or bring it up. */
  public record Change(boolean create, boolean up, List<String> changes) implements Plan {}

  public BridgeCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  public Optional<Iface> observe(Context ctx) {
    return ctx.kernel().links(netns("netns")).get(args.string("name"));
  }

  @Override
  public Change plan(Optional<Iface> seen) {
    String name = args.string("name");
    String ns = netns("netns");
    boolean up = args.bool("up");
    List<String> out = new ArrayList<>();
    if (seen.isEmpty()) {
      out.add(ipIn(ns) + "link add " + name + " type bridge");
    } else if (!"bridge".equals(seen.get().kind())) {
      throw new TaskFailure(
          name
              + " exists "
              + where(ns)
              + " but is a "
              + VethCreate.kind(seen.get())
              + ", not a bridge");
    }
    boolean needUp = up && (seen.isEmpty() || !seen.get().up());
    if (needUp) {
      out.add(ipIn(ns) + "link set " + name + " up");
    }
    return new Change(seen.isEmpty(), needUp, out);
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String name = args.string("name");
    String ns = netns("netns");
    if (plan.create()) {
      ctx.record(new Entry.Link(ns, name));
      int index = ctx.kernel().links(ns).addBridge(name, plan.up(), ctx.group());
      ctx.kernel().links(ns).setAlias(index, ctx.alias());
    } else if (plan.up()) {
      ctx.kernel().links(ns).setUp(ctx.kernel().links(ns).get(name).orElseThrow().index(), true);
    }
  }

  @Override
  protected String describe(Optional<Iface> seen) {
    return VethCreate.end(seen, args.string("name"), netns("netns"));
  }
}

package nsplay.task;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.Op;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;

/** {@code link_up}: set a link up ({@code ip link set LINK up}). */
public final class LinkUp extends Task<Optional<Iface>, LinkUp.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "link_up",
              "Bring a link up (ip link set LINK up)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "the link, e.g. lo or veth-red"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted")))
          .withRefs(LinkUp::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("link"), "link"));
  }

  /** The index of the link to bring up; empty plan when it is up already. */
  public record Change(int index, List<String> changes) implements Plan {}

  public LinkUp(TaskDecl decl) {
    super(decl);
  }

  @Override
  public Optional<Iface> observe(Context ctx) {
    return ctx.kernel().links(netns("netns")).get(args.string("link"));
  }

  @Override
  public Change plan(Optional<Iface> seen) {
    String ns = netns("netns");
    String name = args.string("link");
    Iface link = seen.orElseThrow(() -> new TaskFailure("no link " + name + " " + where(ns)));
    return link.up()
        ? new Change(link.index(), List.of())
        : new Change(link.index(), List.of(new Op.LinkSetUp(ns, name, true).words()));
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    String name = args.string("link");
    // Journalled for every link: for a link of the lab it says the lab wants it up (status
    // reports it when it is down), for any other link that down must set it down again.
    ctx.record(new Entry.LinkUp(ns, name));
    ctx.kernel().links(ns).setUp(plan.index(), true);
  }

  @Override
  protected String describe(Optional<Iface> seen) {
    return VethCreate.end(seen, args.string("link"), netns("netns"));
  }
}

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

/**
 * {@code link_move}: move an existing link from the host into a namespace ({@code ip link set LINK
 * netns NS}). Moving the host's uplink cuts the machine off, so a link the lab did not create moves
 * only when the task says {@code allow_host_interface: true}; teardown moves such a link back
 * before deleting the namespace (which would otherwise destroy a virtual one).
 */
public final class LinkMove extends Task<LinkMove.Seen, LinkMove.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "link_move",
              "Move a link from the host into a namespace (ip link set LINK netns NS)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "the link to move"),
                  Param.required("netns", ParamType.NETNS, "the namespace to move it into"),
                  Param.optional(
                      "allow_host_interface",
                      ParamType.BOOL,
                      Boolean.FALSE,
                      "allow moving a link the lab did not create")))
          .withRefs(LinkMove::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        new Ref(Ref.Kind.LINK, Ref.Use.MOVES, a.string("netns"), a.string("link"), "link"));
  }

  /** The link on the host and in the target namespace, each empty when absent. */
  public record Seen(Optional<Iface> onHost, Optional<Iface> inTarget, boolean labOwned) {}

  /**
   * The host index of the link to move and whether it was up; empty plan when it is already there.
   */
  public record Change(int index, boolean wasUp, List<String> changes) implements Plan {}

  public LinkMove(TaskDecl decl) {
    super(decl);
  }

  @Override
  public Seen observe(Context ctx) {
    String name = args.string("link");
    return new Seen(
        ctx.kernel().links(null).get(name),
        ctx.kernel().links(args.string("netns")).get(name),
        ctx.createdLink(null, name));
  }

  @Override
  public Change plan(Seen seen) {
    String name = args.string("link");
    String target = args.string("netns");
    if (seen.inTarget().isPresent()) {
      return new Change(0, false, List.of());
    }
    Iface link =
        seen.onHost()
            .orElseThrow(
                () ->
                    new TaskFailure("no link " + name + " on the host or in namespace " + target));
    if (!seen.labOwned() && !args.bool("allow_host_interface")) {
      throw new TaskFailure(
          "refusing to move "
              + name
              + ": this lab did not create it, and moving a host "
              + "interface can cut the machine off; add `allow_host_interface: true` to the task "
              + "if you mean it");
    }
    // The kernel may set a link down when it changes namespace; put it back as it was, so the
    // task that brought it up does not see drift on the next run.
    List<String> changes = new java.util.ArrayList<>();
    changes.add(new Op.LinkSetNetns(null, name, target).words());
    if (link.up()) {
      changes.add(new Op.LinkSetUp(target, name, true).words());
    }
    return new Change(link.index(), link.up(), changes);
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String target = args.string("netns");
    ctx.record(new Entry.LinkMove(args.string("link"), null, target));
    ctx.kernel().links(null).moveTo(plan.index(), target);
    if (plan.wasUp()) {
      var links = ctx.kernel().links(target);
      links.setUp(
          links
              .get(args.string("link"))
              .orElseThrow(
                  () -> new TaskFailure(args.string("link") + " moved but not found in " + target))
              .index(),
          true);
    }
  }

  @Override
  protected String describe(Seen s) {
    String name = args.string("link");
    return name
        + ": "
        + (s.inTarget().isPresent()
            ? "in namespace " + args.string("netns")
            : s.onHost().isPresent() ? "on the host" : "absent");
  }
}

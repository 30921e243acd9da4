package nsplay.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.Op;
import nsplay.playbook.TaskDecl;
import nsplay.state.Entry;

/**
 * A task that enslaves a link to a master of one kind ({@code ip link set LINK master MASTER}):
 * bridge_attach, bond_attach. Its parameters are {@code link}, the master named by its kind ({@code
 * bridge}, {@code bond}) and {@code netns}; it is journalled as {@link Entry.Master}, which judges
 * the port for status and releases a link that is not the lab's on down.
 */
public abstract class MasterAttach extends Task<MasterAttach.Seen, MasterAttach.Change> {

  public record Seen(Optional<Iface> link, Optional<Iface> master) {}

  /**
   * The link's and master's indexes when the link must be attached; empty plan otherwise.
   *
   * @param downFirst set the link down before (a bond takes only a link that is down, and brings it
   *     up itself)
   */
  public record Change(int link, int master, List<String> changes, boolean downFirst)
      implements Plan {
    public Change(int link, int master, List<String> changes) {
      this(link, master, changes, false);
    }
  }

  protected MasterAttach(TaskDecl decl) {
    super(decl);
  }

  /** The master's kind (IFLA_INFO_KIND), which is also the parameter that names it. */
  protected abstract String masterKind();

  /** Whether the kernel enslaves only a link that is down (a bond's member). */
  protected boolean enslavesOnlyDown() {
    return false;
  }

  private String masterName() {
    return args.string(masterKind());
  }

  @Override
  public Seen observe(Context ctx) {
    var links = ctx.kernel().links(netns("netns"));
    return new Seen(links.get(args.string("link")), links.get(masterName()));
  }

  @Override
  public Change plan(Seen seen) {
    String ns = netns("netns");
    String linkName = args.string("link");
    String kind = masterKind();
    Iface link =
        seen.link().orElseThrow(() -> new TaskFailure("no link " + linkName + " " + where(ns)));
    Iface master =
        seen.master()
            .orElseThrow(
                () -> new TaskFailure("no " + kind + " " + masterName() + " " + where(ns)));
    if (!kind.equals(master.kind())) {
      throw new TaskFailure(
          masterName() + " " + where(ns) + " is a " + VethCreate.kind(master) + ", not a " + kind);
    }
    if (link.master() == master.index()) {
      return new Change(link.index(), master.index(), List.of());
    }
    boolean down = enslavesOnlyDown() && link.up();
    List<String> out = new ArrayList<>();
    if (down) {
      out.add(new Op.LinkSetUp(ns, linkName, false).words());
    }
    out.add(new Op.LinkSetMaster(ns, linkName, masterName()).words());
    return new Change(link.index(), master.index(), out, down);
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    // Journalled first, like every change: status judges the port by it, down releases a link
    // that is not the lab's from it.
    ctx.record(new Entry.Master(ns, args.string("link"), masterName()));
    var links = ctx.kernel().links(ns);
    if (plan.downFirst()) {
      links.setUp(plan.link(), false);
    }
    links.setMaster(plan.link(), plan.master());
  }

  @Override
  public String state(Context ctx) {
    return describe(observe(ctx), linkNames(ctx, netns("netns")));
  }

  @Override
  protected String describe(Seen s) {
    return describe(s, i -> "#" + i);
  }

  private String describe(Seen s, java.util.function.IntFunction<String> names) {
    String master =
        s.link().isEmpty()
            ? "absent"
            : s.link().get().master() == 0
                ? "no master"
                : s.master().isPresent() && s.link().get().master() == s.master().get().index()
                    ? "master " + s.master().get().name()
                    : "master " + names.apply(s.link().get().master());
    return args.string("link") + ": " + master;
  }
}

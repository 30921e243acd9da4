package nsplay.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.LinkSpec;
import nsplay.kernel.Op;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.state.Entry;

/**
 * A task that creates one link the lab marks as its own: bridge, and the kinds to come (vxlan,
 * vlan, macvlan, dummy). Observe the link; refuse one of another kind; plan create and/or up;
 * journal the link before creating it, in the lab's group; mark it. A kind's task supplies its
 * parameters and the {@link LinkSpec} its arguments describe; everything else is here.
 *
 * <p>Parameters every such task has: {@code name}, {@code netns}?, {@code up}? (true), {@code
 * ipv6}? (true); see {@link #params}.
 */
public abstract class LinkCreate extends Task<Optional<Iface>, LinkCreate.Change> {

  /**
   * @param create create the link
   * @param up bring it up (in the create request, or on its own when it exists)
   * @param recreate delete the link found first: it differs in what the kernel will not change
   */
  public record Change(boolean create, boolean up, List<String> changes, boolean recreate)
      implements Plan {
    public Change(boolean create, boolean up, List<String> changes) {
      this(create, up, changes, false);
    }
  }

  /**
   * {@code ipv6: false}: the link (each end of a veth) makes no IPv6 link-local address, so it
   * sends no IPv6 of its own (DAD, router solicitations, MLD); a parameter of every link-creating
   * task.
   */
  public static final Param IPV6 =
      Param.optional(
          "ipv6",
          ParamType.BOOL,
          Boolean.TRUE,
          "false: no IPv6 link-local address, no IPv6 traffic of its own (ip link set NAME"
              + " addrgenmode none, before up)");

  protected LinkCreate(TaskDecl decl) {
    super(decl);
  }

  /** The link the task's arguments describe. */
  protected abstract LinkSpec spec();

  /**
   * The parameters of a single-link create task: name, the kind's own, then netns and up.
   *
   * @param what what the link is, for the descriptions ("bridge")
   */
  protected static List<Param> params(String what, Param... own) {
    List<Param> out = new ArrayList<>();
    out.add(Param.required("name", ParamType.IFNAME, what + " name"));
    out.addAll(List.of(own));
    out.add(Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted"));
    out.add(Param.optional("up", ParamType.BOOL, Boolean.TRUE, "bring the " + what + " up"));
    out.add(IPV6);
    return out;
  }

  /** What a single-link create task creates and needs, for the checks before anything runs. */
  protected static List<Ref> refs(Ref.Kind kind, Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.createsLink(kind, a.string("netns"), a.string("name"), "name"));
  }

  protected String name() {
    return args.string("name");
  }

  @Override
  public Optional<Iface> observe(Context ctx) {
    return ctx.kernel().links(netns("netns")).get(name());
  }

  @Override
  public Change plan(Optional<Iface> seen) {
    String ns = netns("netns");
    boolean up = args.bool("up");
    LinkSpec spec = spec();
    List<String> out = new ArrayList<>();
    boolean recreate =
        seen.isPresent()
            && spec.kind().equals(seen.get().kind())
            && spec.differs(seen.get().spec());
    if (recreate) {
      out.add(new Op.LinkDel(ns, name()).words());
    }
    if (seen.isEmpty() || recreate) {
      out.add(new Op.LinkAdd(ns, name(), spec).words());
      if (!args.bool("ipv6")) {
        out.add(new Op.LinkSetNoIpv6LinkLocal(ns, name()).words());
      }
    } else if (!spec.kind().equals(seen.get().kind())) {
      throw new TaskFailure(
          name()
              + " exists "
              + where(ns)
              + " but is a "
              + VethCreate.kind(seen.get())
              + ", not a "
              + spec.kind());
    }
    boolean create = seen.isEmpty() || recreate;
    boolean needUp = up && (create || !seen.get().up());
    if (needUp) {
      out.add(new Op.LinkSetUp(ns, name(), true).words());
    }
    return new Change(create, needUp, out, recreate);
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    var links = ctx.kernel().links(ns);
    if (plan.recreate()) {
      // Only the lab's own: a link adopted or someone else's is never deleted by up.
      if (!ctx.createdLink(ns, name())) {
        throw new TaskFailure(
            name()
                + " exists "
                + where(ns)
                + " with other settings, and this lab did not create it: refusing to re-create it");
      }
      links.delete(links.get(name()).orElseThrow().index());
    }
    if (plan.create()) {
      ctx.record(new Entry.Link(ns, name()));
      if (plan.up()) {
        ctx.record(new Entry.LinkUp(ns, name())); // the lab wants it up (status judges it)
      }
      if (args.bool("ipv6")) {
        int index = links.add(name(), spec(), plan.up(), ctx.group());
        links.setAlias(index, ctx.alias());
      } else {
        // Created down, told to make no link-local address, then marked and brought up: the
        // kernel makes that address when the link goes up, and reads the mode only after IFF_UP.
        int index = links.add(name(), spec(), false, ctx.group());
        links.noIpv6LinkLocal(index);
        links.mark(index, ctx.alias(), plan.up());
      }
    } else if (plan.up()) {
      ctx.record(new Entry.LinkUp(ns, name()));
      links.setUp(links.get(name()).orElseThrow().index(), true);
    }
  }

  @Override
  protected String describe(Optional<Iface> seen) {
    return VethCreate.end(seen, name(), netns("netns"));
  }

  @Override
  public String state(Context ctx) {
    String ns = netns("netns");
    return VethCreate.end(observe(ctx), name(), ns, linkNames(ctx, ns));
  }
}

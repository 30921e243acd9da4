package nsplay.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.Links;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code link_state}: checks that a link exists and, when asked, that it is up or down, has a
 * master bridge, has an MTU. For "did the student configure this": it needs no journal, and names
 * what it found.
 */
public final class LinkState extends Check<LinkState.Seen> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "link_state",
              "Check a link's state (ip -d link show LINK)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "the link, e.g. veth-red"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted"),
                  Param.optional("up", ParamType.BOOL, null, "whether it must be up (or down)"),
                  Param.optional(
                      "master", ParamType.IFNAME, null, "the bridge it must be attached to"),
                  Param.optional("mtu", ParamType.INT, null, "the MTU it must have")))
          .asCheck();

  /**
   * What the kernel has: the namespace (false: it does not exist), the link (empty: no such link),
   * its master's name (null: none) and its MTU.
   */
  public record Seen(boolean netns, Optional<Iface> link, String master, int mtu) {}

  public LinkState(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected String subject() {
    return "link " + args.string("link") + " " + where(netns("netns"));
  }

  @Override
  public Seen observe(Context ctx) {
    String ns = netns("netns");
    if (ns != null && !ctx.kernel().netnsExists(ns)) {
      return new Seen(false, Optional.empty(), null, 0);
    }
    Links links = ctx.kernel().links(ns);
    Optional<Iface> link = links.get(args.string("link"));
    if (link.isEmpty()) {
      return new Seen(true, link, null, 0);
    }
    String master = null;
    if (link.get().master() != 0) {
      master =
          links.all().stream()
              .filter(i -> i.index() == link.get().master())
              .map(Iface::name)
              .findFirst()
              .orElse("#" + link.get().master());
    }
    return new Seen(true, link, master, links.mtus().getOrDefault(link.get().index(), 0));
  }

  @Override
  public Verdict plan(Seen s) {
    List<String> expected = new ArrayList<>();
    expected.add("it exists");
    if (args.has("up")) {
      expected.add(args.bool("up") ? "up" : "down");
    }
    if (args.has("master")) {
      expected.add("master " + args.string("master"));
    }
    if (args.has("mtu")) {
      expected.add("mtu " + args.integer("mtu"));
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("exists", s.link().isPresent());
    if (!s.netns()) {
      return new Verdict(
          false, String.join(", ", expected), "no namespace " + args.string("netns"), facts);
    }
    if (s.link().isEmpty()) {
      return new Verdict(false, String.join(", ", expected), "no such link", facts);
    }
    Iface l = s.link().get();
    facts.put("up", l.up());
    facts.put("master", s.master() == null ? "" : s.master());
    facts.put("mtu", s.mtu());
    boolean holds =
        (!args.has("up") || l.up() == args.bool("up"))
            && (!args.has("master") || args.string("master").equals(s.master()))
            && (!args.has("mtu") || args.integer("mtu") == s.mtu());
    String seen =
        (l.up() ? "up" : "down")
            + ", "
            + (s.master() == null ? "no master" : "master " + s.master())
            + ", mtu "
            + s.mtu();
    return new Verdict(holds, String.join(", ", expected), seen, facts);
  }
}

package nsplay.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.kernel.Iface;
import nsplay.net.Ip;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code route_lookup}: asks the kernel which route it would take to an address (RTM_GETROUTE, as
 * {@code ip route get}) and checks its gateway and output device. Without {@code via} or {@code
 * dev} it checks that there is a route at all.
 */
public final class RouteLookup extends Check<RouteLookup.Seen> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "route_lookup",
              "Check the route the kernel takes to an address (ip route get TO)",
              List.of(
                  Param.required("netns", ParamType.CHECK_FROM, "namespace to ask, or host"),
                  Param.required("to", ParamType.IP, "the destination address"),
                  Param.optional("via", ParamType.IP, null, "the gateway the route must use"),
                  Param.optional("dev", ParamType.IFNAME, null, "the device it must leave by")),
              RouteLookup::check)
          .asCheck();

  /** The kernel's answer, and the name of its device (null: none). */
  public record Seen(boolean netns, nsplay.kernel.RouteLookup route, String dev) {}

  public RouteLookup(TaskDecl decl) {
    super(decl);
  }

  static String check(Args args) {
    if (args.has("via") && args.ip("via").isV4() != args.ip("to").isV4()) {
      return "route_lookup: via and to must both be IPv4 or both IPv6";
    }
    return null;
  }

  @Override
  protected String subject() {
    return "route to " + args.ip("to") + " in " + args.string("netns");
  }

  @Override
  public Seen observe(Context ctx) {
    String ns = Ping.fromNetns(args.string("netns"));
    if (ns != null && !ctx.kernel().netnsExists(ns)) {
      return new Seen(false, null, null);
    }
    nsplay.kernel.RouteLookup r = ctx.kernel().links(ns).lookup(args.ip("to"));
    String dev = null;
    if (r.found() && r.oif() != 0) {
      dev =
          ctx.kernel().links(ns).all().stream()
              .filter(i -> i.index() == r.oif())
              .map(Iface::name)
              .findFirst()
              .orElse("#" + r.oif());
    }
    return new Seen(true, r, dev);
  }

  @Override
  public Verdict plan(Seen s) {
    List<String> expected = new ArrayList<>();
    if (args.has("via")) {
      expected.add("via " + args.ip("via"));
    }
    if (args.has("dev")) {
      expected.add("dev " + args.string("dev"));
    }
    String want = expected.isEmpty() ? "a route" : String.join(" ", expected);
    Map<String, Object> facts = new LinkedHashMap<>();
    if (!s.netns()) {
      return new Verdict(false, want, "no namespace " + args.string("netns"), facts);
    }
    nsplay.kernel.RouteLookup r = s.route();
    facts.put("found", r.found());
    if (!r.found()) {
      return new Verdict(false, want, "no route (" + nsplay.jni.Errno.name(r.errno()) + ")", facts);
    }
    Ip gw = r.gateway();
    facts.put("via", gw == null ? "" : gw.toString());
    facts.put("dev", s.dev() == null ? "" : s.dev());
    facts.put("local", r.local());
    boolean holds =
        (!args.has("via") || args.ip("via").equals(gw))
            && (!args.has("dev") || args.string("dev").equals(s.dev()));
    String seen =
        (r.local() ? "local" : gw == null ? "directly connected" : "via " + gw)
            + (s.dev() == null ? "" : " dev " + s.dev());
    return new Verdict(holds, want, seen, facts);
  }
}

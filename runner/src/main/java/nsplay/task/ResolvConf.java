package nsplay.task;

import java.util.List;
import java.util.Map;
import nsplay.net.Ip;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code resolv_conf}: writes {@code /etc/netns/NS/resolv.conf}, the resolver configuration that
 * {@code ip netns exec NS} (and {@code nsplay exec NS}, and a service) binds over {@code
 * /etc/resolv.conf}.
 */
public final class ResolvConf extends EtcFileTask {
  /** The most name servers glibc's resolver uses (MAXNS in resolv.h). */
  static final int MAXNS = 3;

  public static final TaskSpec SPEC =
      new TaskSpec(
              "resolv_conf",
              "Write /etc/netns/NS/resolv.conf (as a hand-written one that ip netns exec binds over"
                  + " /etc/resolv.conf)",
              List.of(
                  Param.required("netns", ParamType.NETNS, "namespace of the lab"),
                  Param.required("nameservers", ParamType.IPS, "name servers, at most 3"),
                  Param.optional("search", ParamType.HOSTNAMES, null, "search domains")),
              ResolvConf::problem)
          .withRefs(ResolvConf::refs);

  static String problem(Args a) {
    List<?> ns = (List<?>) a.value("nameservers");
    if (ns.isEmpty()) {
      return "resolv_conf needs at least one name server";
    }
    if (ns.size() > MAXNS) {
      return "resolv_conf takes at most "
          + MAXNS
          + " name servers (glibc's resolver reads only the first "
          + MAXNS
          + "), got "
          + ns.size();
    }
    return null;
  }

  static List<Ref> refs(Args a) {
    return Refs.of(Ref.needsLabsNetns(a.string("netns"), "netns"));
  }

  public ResolvConf(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected String fileName() {
    return "resolv.conf";
  }

  @Override
  protected Map<String, String> wanted(Context ctx) {
    @SuppressWarnings("unchecked")
    List<Ip> servers = (List<Ip>) args.value("nameservers");
    @SuppressWarnings("unchecked")
    List<String> search = (List<String>) args.value("search");
    return Map.of(netns("netns"), render(ctx.lab(), servers, search == null ? List.of() : search));
  }

  /** The resolv.conf: a comment, the search list if any, one nameserver line per server. */
  public static String render(String lab, List<Ip> servers, List<String> search) {
    StringBuilder sb = new StringBuilder();
    sb.append("# written by nsplay for lab ")
        .append(lab)
        .append(": nsplay up rewrites it, nsplay down removes it\n");
    if (!search.isEmpty()) {
      sb.append("search ").append(String.join(" ", search)).append('\n');
    }
    servers.forEach(s -> sb.append("nameserver ").append(s).append('\n'));
    return sb.toString();
  }
}

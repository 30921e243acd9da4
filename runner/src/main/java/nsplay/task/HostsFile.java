package nsplay.task;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.kernel.AddrInfo;
import nsplay.kernel.Iface;
import nsplay.net.Ip;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code hosts_file}: writes {@code /etc/netns/NS/hosts} for each namespace of the lab (or only
 * {@code netns}), naming every address of the lab's namespaces by namespace and link: {@code
 * 192.168.15.2 blue.veth-blue blue}, so that {@code ping blue} works inside {@code nsplay exec
 * red}. {@code hosts: true} at a playbook's top is this task with no parameters, after the last
 * building task.
 */
public final class HostsFile extends EtcFileTask {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "hosts_file",
              "Write /etc/netns/NS/hosts naming every address of the lab's namespaces (blue,"
                  + " blue.veth-blue), for every namespace of the lab or NS (as a hand-written"
                  + " /etc/netns/NS/hosts that ip netns exec binds over /etc/hosts)",
              List.of(
                  Param.optional(
                      "netns",
                      ParamType.NETNS,
                      null,
                      "namespace of the lab; all of them if omitted"),
                  Param.optional("extra", ParamType.HOSTS, null, "more names: { NAME: IP }")))
          .withRefs(HostsFile::refs);

  static List<Ref> refs(Args a) {
    return Refs.of(Ref.needsLabsNetns(a.string("netns"), "netns"));
  }

  public HostsFile(TaskDecl decl) {
    super(decl);
  }

  /** One line of addresses: an address of a lab namespace's link. */
  public record Name(Ip ip, String netns, String link) {}

  @Override
  protected String fileName() {
    return "hosts";
  }

  @Override
  protected Map<String, String> wanted(Context ctx) {
    List<String> lab = new ArrayList<>();
    for (String ns : ctx.ownership().ledger().namespaceNames()) {
      if (ctx.kernel().netnsExists(ns)) {
        lab.add(ns);
      }
    }
    List<Name> names = new ArrayList<>();
    for (String ns : lab) {
      Map<Integer, String> links = new java.util.HashMap<>();
      for (Iface i : ctx.kernel().links(ns).all()) {
        links.put(i.index(), i.name());
      }
      for (AddrInfo a : ctx.kernel().links(ns).addrs()) {
        String link = links.get(a.index());
        if (link != null) {
          names.add(new Name(a.cidr().address(), ns, link));
        }
      }
    }
    @SuppressWarnings("unchecked")
    Map<String, Ip> extra = (Map<String, Ip>) args.value("extra");
    String content = render(ctx.lab(), lab, names, extra == null ? Map.of() : extra);
    Map<String, String> out = new LinkedHashMap<>();
    String only = netns("netns");
    for (String ns : lab) {
      if (only == null || only.equals(ns)) {
        out.put(ns, content);
      }
    }
    if (only != null && !out.containsKey(only)) {
      throw new TaskFailure("namespace " + only + " is not one of this lab's, or is gone");
    }
    return out;
  }

  /**
   * The hosts file: localhost as a distribution's, then each address of the lab's namespaces
   * ({@code namespaces} in the lab's order; within one, its links by name, IPv4 before IPv6), named
   * {@code NS.LINK} and {@code NS}; then {@code extra}. Left out: lo, loopback and link-local
   * (fe80::/10) addresses, and names that are not host names.
   */
  public static String render(
      String lab, List<String> namespaces, List<Name> names, Map<String, Ip> extra) {
    StringBuilder sb = new StringBuilder();
    sb.append("# written by nsplay for lab ")
        .append(lab)
        .append(": nsplay up rewrites it, nsplay down removes it\n");
    sb.append("127.0.0.1\tlocalhost\n");
    sb.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    Map<String, Integer> order = new java.util.HashMap<>();
    namespaces.forEach(n -> order.putIfAbsent(n, order.size()));
    List<Name> sorted = new ArrayList<>();
    for (Name n : names) {
      if (order.containsKey(n.netns())
          && !n.link().equals("lo")
          && !loopbackOrLinkLocal(n.ip())
          && hostname(n.netns())
          && hostname(n.netns() + "." + n.link())) {
        sorted.add(n);
      }
    }
    sorted.sort(
        Comparator.comparingInt((Name n) -> order.get(n.netns()))
            .thenComparing(Name::link)
            .thenComparing(n -> !n.ip().isV4())
            .thenComparing(n -> n.ip().bytes(), java.util.Arrays::compareUnsigned));
    for (Name n : sorted) {
      sb.append(n.ip())
          .append('\t')
          .append(n.netns())
          .append('.')
          .append(n.link())
          .append(' ')
          .append(n.netns())
          .append('\n');
    }
    extra.forEach((name, ip) -> sb.append(ip).append('\t').append(name).append('\n'));
    return sb.toString();
  }

  private static boolean hostname(String s) {
    try {
      ParamType.hostname(s);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean loopbackOrLinkLocal(Ip ip) {
    byte[] b = ip.bytes();
    if (ip.isV4()) {
      return (b[0] & 0xff) == 127 || ((b[0] & 0xff) == 169 && (b[1] & 0xff) == 254);
    }
    boolean loopback = b[15] == 1;
    for (int i = 0; i < 15 && loopback; i++) {
      loopback = b[i] == 0;
    }
    return loopback || ((b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0x80);
  }
}

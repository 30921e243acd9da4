package nsplay.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nsplay.kernel.AddrInfo;
import nsplay.kernel.Iface;
import nsplay.net.Cidr;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/** {@code addr_present}: checks that a link has an address with its prefix length. */
public final class AddrPresent extends Check<AddrPresent.Seen> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "addr_present",
              "Check that a link has an address (ip addr show dev LINK)",
              List.of(
                  Param.required("link", ParamType.IFNAME, "the link, e.g. veth-red"),
                  Param.required(
                      "address", ParamType.CIDR, "address with prefix length, e.g. 10.0.0.1/24"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted")))
          .asCheck();

  /**
   * What the kernel has: the namespace (false: it does not exist), the link (empty: no such link)
   * and the link's addresses.
   */
  public record Seen(boolean netns, Optional<Iface> link, List<Cidr> addresses) {
    public Seen {
      addresses = List.copyOf(addresses);
    }
  }

  public AddrPresent(TaskDecl decl) {
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
      return new Seen(false, Optional.empty(), List.of());
    }
    Optional<Iface> link = ctx.kernel().links(ns).get(args.string("link"));
    if (link.isEmpty()) {
      return new Seen(true, link, List.of());
    }
    int index = link.get().index();
    return new Seen(
        true,
        link,
        ctx.kernel().links(ns).addrs().stream()
            .filter(a -> a.index() == index)
            .map(AddrInfo::cidr)
            .toList());
  }

  @Override
  public Verdict plan(Seen s) {
    Cidr want = args.cidr("address");
    String expected = "address " + want;
    if (!s.netns()) {
      return new Verdict(
          false, expected, "no namespace " + args.string("netns"), Map.of("present", false));
    }
    if (s.link().isEmpty()) {
      return new Verdict(false, expected, "no such link", Map.of("present", false));
    }
    boolean present = s.addresses().contains(want);
    List<String> all = s.addresses().stream().map(Cidr::toString).toList();
    String seen =
        present
            ? "has " + want
            : all.isEmpty()
                ? "no addresses"
                : "addresses " + String.join(", ", all) + ", not " + want;
    return new Verdict(present, expected, seen, Map.of("present", present, "addresses", all));
  }
}

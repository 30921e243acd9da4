package nsplay.task;

import java.util.List;
import nsplay.kernel.NftRuleSpec;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code snat}: source NAT of a subnet leaving through an interface to a fixed address, the
 * nf_tables equivalent of {@code iptables -t nat -A POSTROUTING -s SOURCE -o OUT -j SNAT --to TO},
 * in the postrouting nat chain of the lab's table, beside {@code nat_masquerade}'s rules. Turns
 * {@code net.ipv4.ip_forward} on where it is, as masquerade does.
 */
public final class Snat extends NftRuleTask {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "snat",
              "Source NAT a subnet leaving through an interface to an address (nft ... snat to)",
              List.of(
                  Param.required(
                      "source", ParamType.NETWORK, "source subnet, e.g. 192.168.15.0/24"),
                  Param.required(
                      "out", ParamType.IFNAME, "outgoing interface name (need not exist)"),
                  Param.required("to", ParamType.IP, "the IPv4 address to rewrite the source to"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted")),
              Snat::check)
          .withRefs(a -> refs(a, "source"));

  public Snat(TaskDecl decl) {
    super(decl);
  }

  static String check(Args a) {
    if (!a.cidr("source").address().isV4()) {
      return "snat: source must be an IPv4 subnet";
    }
    return a.ip("to").isV4() ? null : "snat: to must be an IPv4 address";
  }

  @Override
  NftRuleSpec rule() {
    return new NftRuleSpec.Snat(args.cidr("source").network(), args.string("out"), args.ip("to"));
  }

  @Override
  boolean forwards() {
    return true;
  }
}

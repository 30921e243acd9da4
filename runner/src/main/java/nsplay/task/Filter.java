package nsplay.task;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import nsplay.kernel.NftRuleSpec;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code filter}: one filter rule in a base chain (input, forward, output) of the lab's table, the
 * nf_tables equivalent of {@code iptables -A FORWARD -p tcp -s SADDR --dport 22 -m conntrack
 * --ctstate NEW -j DROP}. Rules go in the order the playbook writes them.
 */
public final class Filter extends NftRuleTask {
  static final List<String> CT_STATES = List.of("new", "established", "related", "invalid");

  public static final TaskSpec SPEC =
      new TaskSpec(
              "filter",
              "Accept, drop or reject matching packets (nft add rule ... accept)",
              List.of(
                  FILTER_CHAIN,
                  new Param(
                      "action",
                      ParamType.STRING,
                      true,
                      null,
                      List.of("accept", "drop", "reject"),
                      "accept, drop, or reject (ICMP port unreachable)"),
                  Param.choice("proto", null, List.of("tcp", "udp", "icmp"), "tcp, udp or icmp"),
                  Param.optional("saddr", ParamType.STRING, null, "source IPv4 address or prefix"),
                  Param.optional(
                      "daddr", ParamType.STRING, null, "destination IPv4 address or prefix"),
                  Param.optional("sport", ParamType.INT, null, "source port (needs proto)"),
                  Param.optional("dport", ParamType.INT, null, "destination port (needs proto)"),
                  Param.optional("iif", ParamType.IFNAME, null, "incoming interface name"),
                  Param.optional("oif", ParamType.IFNAME, null, "outgoing interface name"),
                  Param.optional(
                      "ct_state",
                      ParamType.STRINGS,
                      null,
                      "conntrack states, any of: new, established, related, invalid"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted")),
              Filter::check)
          .withRefs(a -> refs(a, "chain"));

  public Filter(TaskDecl decl) {
    super(decl);
  }

  static String check(Args a) {
    for (String key : List.of("sport", "dport")) {
      if (a.has(key)) {
        if (!a.has("proto") || a.string("proto").equals("icmp")) {
          return "filter: " + key + " needs proto: tcp or udp";
        }
        String p = port("filter", a, key);
        if (p != null) {
          return p;
        }
      }
    }
    for (String key : List.of("saddr", "daddr")) {
      String p = ipv4OrPrefix("filter", a, key);
      if (p != null) {
        return p;
      }
    }
    if (a.has("ct_state")) {
      List<?> states = (List<?>) a.value("ct_state");
      if (states.isEmpty()) {
        return "filter: ct_state is empty; leave it out to match any state";
      }
      for (Object s : states) {
        if (!CT_STATES.contains(String.valueOf(s))) {
          return "filter: ct_state: unknown state \""
              + s
              + "\"; expected any of "
              + String.join(", ", CT_STATES);
        }
      }
    }
    return null;
  }

  @Override
  NftRuleSpec rule() {
    EnumSet<NftRuleSpec.CtState> ct = EnumSet.noneOf(NftRuleSpec.CtState.class);
    if (args.has("ct_state")) {
      for (Object s : (List<?>) args.value("ct_state")) {
        ct.add(NftRuleSpec.CtState.valueOf(String.valueOf(s).toUpperCase(Locale.ROOT)));
      }
    }
    return new NftRuleSpec.Filter(
        NftRuleSpec.Chain.filter(args.string("chain")),
        args.string("action"),
        args.has("proto")
            ? NftRuleSpec.Proto.valueOf(args.string("proto").toUpperCase(Locale.ROOT))
            : null,
        args.has("saddr") ? prefix(args.string("saddr")) : null,
        args.has("daddr") ? prefix(args.string("daddr")) : null,
        args.has("sport") ? args.integer("sport") : 0,
        args.has("dport") ? args.integer("dport") : 0,
        args.has("iif") ? args.string("iif") : null,
        args.has("oif") ? args.string("oif") : null,
        ct);
  }
}

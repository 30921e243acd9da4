package nsplay.task;

import java.util.ArrayList;
import java.util.List;
import nsplay.kernel.Op;
import nsplay.net.Cidr;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;
import nsplay.state.Marks;

/**
 * {@code nat_masquerade}: source NAT for a subnet leaving through an interface, the nf_tables
 * equivalent of {@code iptables -t nat -A POSTROUTING -s SRC -o OUT -j MASQUERADE}. All of a lab's
 * rules live in its own table {@code ip nsplay-LAB}, so teardown is one DELTABLE and no other table
 * (iptables' included) is ever touched. NAT needs forwarding where it happens, so the task also
 * turns {@code net.ipv4.ip_forward} on there; teardown restores the old value.
 */
public final class NatMasquerade extends Task<NatMasquerade.Seen, NatMasquerade.Change> {
  static final String CHAIN = "postrouting";
  static final String FORWARD = "net.ipv4.ip_forward";

  public static final TaskSpec SPEC =
      new TaskSpec(
              "nat_masquerade",
              "Masquerade a subnet leaving through an interface (nft ... masquerade)",
              List.of(
                  Param.required(
                      "source", ParamType.NETWORK, "source subnet, e.g. 192.168.15.0/24"),
                  Param.required(
                      "out", ParamType.IFNAME, "outgoing interface name (need not exist)"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted")),
              args ->
                  args.cidr("source").address().isV4()
                      ? null
                      : "nat_masquerade: source must be an IPv4 subnet")
          .withRefs(NatMasquerade::refs);

  /** What the task creates and needs, for the checks before anything runs. */
  static List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        new Ref(Ref.Kind.NFT_TABLE, Ref.Use.CREATES, a.string("netns"), "", "source"));
  }

  /**
   * What is there: the lab's table (named tableName),'s table, its chain, this rule, and the
   * forwarding setting.
   */
  public record Seen(
      String tableName, boolean table, boolean chain, boolean rule, String forwarding) {}

  public record Change(
      boolean createTable, boolean addRule, String oldForwarding, List<String> changes)
      implements Plan {}

  public NatMasquerade(TaskDecl decl) {
    super(decl);
  }

  private Cidr source() {
    return args.cidr("source").network();
  }

  /** The rule's comment: how observe finds the rule again (nft prints it as comment "..."). */
  String comment() {
    return "nsplay: masquerade " + source() + " out " + args.string("out");
  }

  @Override
  public Seen observe(Context ctx) {
    String ns = netns("netns");
    var nft = ctx.kernel().nft(ns);
    String table = Marks.nftTable(ctx.lab());
    boolean hasTable = nft.hasTable(table);
    boolean hasChain = hasTable && nft.hasChain(table, CHAIN);
    boolean hasRule = hasChain && nft.ruleComments(table, CHAIN).contains(comment());
    return new Seen(table, hasTable, hasChain, hasRule, ctx.kernel().sysctl(ns, FORWARD));
  }

  @Override
  public Change plan(Seen seen) {
    String ns = netns("netns");
    List<String> out = new ArrayList<>();
    String table = seen.tableName();
    if (!seen.table()) {
      out.add(NftRuleTask.addTableWords(ns, table));
    }
    if (!seen.chain()) {
      out.add(new Op.NftAddNatChain(ns, table, CHAIN).words());
    }
    if (!seen.rule()) {
      out.add(new Op.NftMasquerade(ns, table, CHAIN, source(), args.string("out")).words());
    }
    boolean forward = !"1".equals(seen.forwarding());
    if (forward) {
      out.add(new Op.Sysctl(ns, FORWARD, "1").words());
    }
    return new Change(!seen.table(), !seen.rule(), forward ? seen.forwarding() : null, out);
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    String table = Marks.nftTable(ctx.lab());
    if (plan.createTable()) {
      NftRuleTask.recordTable(ctx, ns);
    }
    if (plan.addRule()) {
      // Table and chain are added with NLM_F_CREATE and no EXCL: present ones are kept as they
      // are, so one batch serves a fresh host and a half-built lab alike.
      ctx.kernel()
          .nft(ns)
          .addMasquerade(
              table,
              Marks.nftTableComment(ctx.lab()),
              CHAIN,
              source(),
              args.string("out"),
              comment());
    }
    if (plan.oldForwarding() != null) {
      ctx.record(new Entry.Sysctl(ns, FORWARD, plan.oldForwarding(), "1"));
      ctx.kernel().setSysctl(ns, FORWARD, "1");
    }
  }

  @Override
  protected String describe(Seen s) {
    return "table ip "
        + s.tableName()
        + ": "
        + (s.table() ? "present" : "absent")
        + "\n"
        + "rule \""
        + comment()
        + "\": "
        + (s.rule() ? "present" : "absent")
        + "\n"
        + FORWARD
        + " = "
        + s.forwarding();
  }
}

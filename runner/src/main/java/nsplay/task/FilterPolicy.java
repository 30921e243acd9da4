package nsplay.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsplay.kernel.NftRuleSpec;
import nsplay.kernel.Op;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;
import nsplay.state.Entry;
import nsplay.state.Marks;

/**
 * {@code filter_policy}: the policy of a base filter chain of the lab's table ({@code iptables -P
 * FORWARD DROP}): what happens to a packet no rule decides. The chain is created when needed.
 */
public final class FilterPolicy extends Task<FilterPolicy.Seen, FilterPolicy.Change> {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "filter_policy",
              "Set a filter chain's policy (nft add chain ... { policy drop; })",
              List.of(
                  NftRuleTask.FILTER_CHAIN,
                  new Param(
                      "policy",
                      ParamType.STRING,
                      true,
                      null,
                      List.of("accept", "drop"),
                      "accept or drop"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted")))
          .withRefs(a -> NftRuleTask.refs(a, "chain"));

  /** The table, and the chain's policy now (empty: no chain). */
  public record Seen(String tableName, boolean table, Optional<String> policy) {}

  public record Change(boolean createTable, List<String> changes) implements Plan {}

  public FilterPolicy(TaskDecl decl) {
    super(decl);
  }

  private NftRuleSpec.Chain chain() {
    return NftRuleSpec.Chain.filter(args.string("chain"));
  }

  @Override
  public Seen observe(Context ctx) {
    var nft = ctx.kernel().nft(netns("netns"));
    String table = Marks.nftTable(ctx.lab());
    boolean has = nft.hasTable(table);
    return new Seen(table, has, has ? nft.chainPolicy(table, chain()) : Optional.empty());
  }

  @Override
  public Change plan(Seen seen) {
    String ns = netns("netns");
    String policy = args.string("policy");
    List<String> out = new ArrayList<>();
    if (seen.policy().isPresent() && seen.policy().get().equals(policy)) {
      return new Change(false, out);
    }
    String table = seen.tableName();
    if (!seen.table()) {
      out.add(NftRuleTask.addTableWords(ns, table));
    }
    out.add(new Op.NftAddChain(ns, table, chain(), policy).words());
    return new Change(!seen.table(), out);
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    String table = Marks.nftTable(ctx.lab());
    if (plan.createTable()) {
      NftRuleTask.recordTable(ctx, ns);
    }
    Entry.NftPolicy e = new Entry.NftPolicy(ns, table, chain().name, args.string("policy"));
    if (!e.equals(ctx.ownership().ledger().nft(Entry.NftPolicy.key(ns, e.chain())))) {
      ctx.record(e);
    }
    ctx.kernel()
        .nft(ns)
        .setChainPolicy(table, Marks.nftTableComment(ctx.lab()), chain(), args.string("policy"));
  }

  /** Changed, and when the lab set this policy before, says it repaired drift. */
  @Override
  public Outcome run(Context ctx) {
    Seen seen = observe(ctx);
    Change plan = plan(seen);
    if (plan.isEmpty()) {
      return Outcome.ok(null);
    }
    String ns = netns("netns");
    Entry before = ctx.ownership().ledger().nft(Entry.NftPolicy.key(ns, chain().name));
    apply(ctx, plan);
    String message =
        before != null
            ? "drift repaired: the policy was "
                + seen.policy().orElse("gone with its chain")
                + ", the playbook says "
                + args.string("policy")
            : null;
    return new Outcome(Outcome.Status.CHANGED, message, plan.changes(), java.util.Map.of());
  }

  @Override
  protected String describe(Seen s) {
    return "chain "
        + args.string("chain")
        + ": "
        + s.policy().map(p -> "policy " + p).orElse("absent");
  }
}

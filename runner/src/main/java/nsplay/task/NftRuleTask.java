package nsplay.task;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nsplay.kernel.NftRuleSpec;
import nsplay.kernel.Nftables;
import nsplay.kernel.Op;
import nsplay.netlink.nft.Expr;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.state.Entry;
import nsplay.state.Marks;

/**
 * What the task types that put one rule in the lab's nf_tables table ({@code port_forward}, {@code
 * snat}, {@code filter}) share: each says its rule ({@link #rule}), this class keeps it in place.
 * The rule carries a comment naming its task (nft prints {@code comment "NAME"}), which is how it
 * is found again; a rule found with other expressions was changed by hand and is replaced in its
 * place; a missing one is put back after the rule the task before it in the run placed in the same
 * chain (first in the chain when none), so the chain keeps the playbook's order. The table, made
 * when first needed, is the lab's {@code ip nsplay-LAB}; {@code down} removes it with every rule.
 */
abstract class NftRuleTask extends Task<NftRuleTask.Seen, NftRuleTask.Change> {
  static final String FORWARD = "net.ipv4.ip_forward";

  protected NftRuleTask(TaskDecl decl) {
    super(decl);
  }

  /** The base filter chain a rule or a policy is for ({@code filter}, {@code filter_policy}). */
  static final Param FILTER_CHAIN =
      new Param(
          "chain",
          ParamType.STRING,
          true,
          null,
          List.of("input", "forward", "output"),
          "the base chain: input, forward or output");

  /**
   * What a plan says to make the lab's table {@code table} ({@link Marks#nftTable}), with its mark:
   * for the task types that share the table ({@code nat_masquerade}, the rules, {@code
   * filter_policy}).
   */
  static String addTableWords(String ns, String table) {
    return new Op.NftAddTable(ns, table, Marks.nftTableComment(Marks.labOfNftTable(table))).words();
  }

  /** Journals the lab's table in {@code ns}, which the task is about to make. */
  static void recordTable(Context ctx, String ns) {
    ctx.record(
        new Entry.NftTable(ns, "ip", Marks.nftTable(ctx.lab()), Marks.nftTableComment(ctx.lab())));
  }

  /** The rule, from the task's parameters (checked by the loader already). */
  abstract NftRuleSpec rule();

  /** Whether the rule needs forwarding where it is (NAT of traffic that passes through). */
  boolean forwards() {
    return false;
  }

  /** What the task creates: the lab's table (checked for ownership before the run). */
  static List<Ref> refs(Args a, String param) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        new Ref(Ref.Kind.NFT_TABLE, Ref.Use.CREATES, a.string("netns"), "", param));
  }

  /**
   * The rule's comment: the task's name, or its words when the task has none (its type is not a
   * name), at most the 254 bytes nft's comment holds.
   */
  String comment() {
    // Without its quotes: the comment is written between quotes itself.
    String c =
        decl.name() == null || decl.name().equals(decl.type())
            ? rule().words().replace("\"", "")
            : decl.name();
    byte[] b = c.getBytes(StandardCharsets.UTF_8);
    if (b.length <= 254) {
      return c;
    }
    String cut = new String(b, 0, 254, StandardCharsets.UTF_8);
    return cut.substring(0, cut.length() - 1);
  }

  /**
   * What is there: the lab's table (named tableName) and chain, this rule as the kernel has it
   * (null: missing) and whether its expressions are the task's, the rule it goes after, and the
   * forwarding setting (null when the rule does not need it).
   */
  public record Seen(
      String tableName,
      boolean table,
      boolean chain,
      Nftables.Rule found,
      boolean same,
      long after,
      String forwarding) {}

  public record Change(
      boolean createTable,
      boolean add,
      long replace,
      long after,
      String oldForwarding,
      List<String> changes)
      implements Plan {}

  @Override
  public Seen observe(Context ctx) {
    String ns = netns("netns");
    var nft = ctx.kernel().nft(ns);
    String table = Marks.nftTable(ctx.lab());
    NftRuleSpec rule = rule();
    String chain = rule.chain().name;
    boolean hasTable = nft.hasTable(table);
    List<Nftables.Rule> rules = hasTable ? nft.rules(table) : List.of();
    Optional<Nftables.Rule> found =
        rules.stream()
            .filter(r -> r.chain().equals(chain) && comment().equals(r.comment()))
            .findFirst();
    return new Seen(
        table,
        hasTable,
        hasTable && nft.hasChain(table, chain),
        found.orElse(null),
        found.isPresent() && Expr.same(rule.canonical(), found.get().exprs()),
        ctx.lastRule(ns, chain),
        forwards() ? ctx.kernel().sysctl(ns, FORWARD) : null);
  }

  @Override
  public Change plan(Seen seen) {
    String ns = netns("netns");
    NftRuleSpec rule = rule();
    String table = seen.tableName();
    List<String> out = new ArrayList<>();
    if (!seen.table()) {
      out.add(addTableWords(ns, table));
    }
    if (!seen.chain()) {
      out.add(new Op.NftAddChain(ns, table, rule.chain(), null).words());
    }
    boolean add = seen.found() == null;
    long replace = !add && !seen.same() ? seen.found().handle() : 0;
    if (add) {
      out.add(new Op.NftAddRule(ns, table, rule, comment(), seen.after()).words());
    } else if (replace != 0) {
      out.add(new Op.NftReplaceRule(ns, table, rule, comment(), replace).words());
    }
    boolean forward = forwards() && !"1".equals(seen.forwarding());
    if (forward) {
      out.add(new Op.Sysctl(ns, FORWARD, "1").words());
    }
    return new Change(
        !seen.table(), add, replace, seen.after(), forward ? seen.forwarding() : null, out);
  }

  @Override
  public void apply(Context ctx, Change plan) {
    String ns = netns("netns");
    String table = Marks.nftTable(ctx.lab());
    NftRuleSpec rule = rule();
    if (plan.createTable()) {
      recordTable(ctx, ns);
    }
    if (plan.add() || plan.replace() != 0) {
      Entry.NftRule e =
          new Entry.NftRule(
              ns,
              table,
              rule.chain().name,
              comment(),
              rule.words(),
              String.join(";", rule.canonical()));
      if (!e.equals(ctx.ownership().ledger().nft(Entry.NftRule.key(ns, e.chain(), e.comment())))) {
        ctx.record(e);
      }
    }
    var nft = ctx.kernel().nft(ns);
    if (plan.add()) {
      nft.addRule(table, Marks.nftTableComment(ctx.lab()), rule, comment(), plan.after());
    } else if (plan.replace() != 0) {
      nft.replaceRule(table, plan.replace(), rule, comment());
    }
    if (plan.oldForwarding() != null) {
      ctx.record(new Entry.Sysctl(ns, FORWARD, plan.oldForwarding(), "1"));
      ctx.kernel().setSysctl(ns, FORWARD, "1");
    }
  }

  /** Runs the task, then tells the next rule task of the chain where this rule is. */
  @Override
  public Outcome run(Context ctx) {
    String ns = netns("netns");
    String chain = rule().chain().name;
    if (!ctx.claimRule(ns, chain, comment())) {
      throw new TaskFailure(
          "another task of this run has a rule named \""
              + comment()
              + "\" in chain "
              + chain
              + " "
              + where(ns)
              + ": each rule is found by its name, so give the tasks different names");
    }
    Seen seen = observe(ctx);
    Change plan = plan(seen);
    if (plan.isEmpty()) {
      ctx.placedRule(ns, chain, seen.found().handle());
      return Outcome.ok(null);
    }
    boolean known = ctx.ownership().ledger().nft(Entry.NftRule.key(ns, chain, comment())) != null;
    apply(ctx, plan);
    Nftables.Rule now = observe(ctx).found();
    if (now != null) {
      ctx.placedRule(ns, chain, now.handle());
    }
    String message =
        !known
            ? null
            : plan.replace() != 0
                ? "drift repaired: the rule was changed, the playbook says " + rule().words()
                : plan.add() ? "drift repaired: the rule was missing" : null;
    return new Outcome(Outcome.Status.CHANGED, message, plan.changes(), Map.of());
  }

  @Override
  protected String describe(Seen s) {
    return "table ip "
        + s.tableName()
        + ": "
        + (s.table() ? "present" : "absent")
        + "\nrule \""
        + comment()
        + "\": "
        + (s.found() == null ? "absent" : s.same() ? rule().words() : "changed")
        + (s.forwarding() == null ? "" : "\n" + FORWARD + " = " + s.forwarding());
  }

  // Parameter checks shared by the rule task types; each returns the problem or null.

  /** A port number, when given. */
  static String port(String type, Args a, String key) {
    if (!a.has(key)) {
      return null;
    }
    int p = a.integer(key);
    return p < 1 || p > 65535 ? type + ": " + key + " must be between 1 and 65535, got " + p : null;
  }

  /** An IPv4 address, or an IPv4 prefix ({@code 10.0.0.0/24}), as text; null when fine. */
  static String ipv4OrPrefix(String type, Args a, String key) {
    if (!a.has(key)) {
      return null;
    }
    try {
      if (!prefix(a.string(key)).address().isV4()) {
        return type + ": " + key + " must be an IPv4 address or prefix (the lab's table is ip)";
      }
      return null;
    } catch (IllegalArgumentException e) {
      return type + ": " + key + ": " + e.getMessage();
    }
  }

  /** An address ({@code /32}) or prefix. */
  static nsplay.net.Cidr prefix(String text) {
    return text.contains("/")
        ? nsplay.net.Cidr.parse(text)
        : nsplay.net.Cidr.parse(text + (text.contains(":") ? "/128" : "/32"));
  }
}

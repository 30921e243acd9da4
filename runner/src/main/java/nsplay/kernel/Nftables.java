package nsplay.kernel;

import java.util.List;
import java.util.Optional;
import nsplay.net.Cidr;

/**
 * Typed nf_tables operations in one namespace, family {@code ip}. Only tables named by the caller
 * are read or changed: nsplay never touches another table.
 */
public interface Nftables {
  /** Equivalent to: {@code nft list tables ip}, filtered to {@code table}. */
  boolean hasTable(String table);

  /**
   * A table as nft shows it: its name and the comment in its user data ({@code comment "..."} in
   * {@code nft list table}).
   *
   * @param userdata whether the table has user data at all (a table made by nsplay before tables
   *     were marked, or by {@code nft add table}, has none)
   * @param comment the comment, or null
   */
  record Table(String name, boolean userdata, String comment) {}

  /** Equivalent to: {@code nft list table ip TABLE}, reduced to the table; empty when none. */
  Optional<Table> table(String table);

  /** Equivalent to: {@code nft list chains ip}, filtered to {@code table chain}. */
  boolean hasChain(String table, String chain);

  /** Equivalent to: {@code nft list chain ip TABLE CHAIN}, reduced to the rules' comments. */
  List<String> ruleComments(String table, String chain);

  /**
   * Equivalent to one {@code nft -f} transaction: {@code add table ip TABLE { comment TABLE_COMMENT
   * ; }; add chain ip TABLE CHAIN { type nat hook postrouting priority srcnat; }; add rule ip TABLE
   * CHAIN ip saddr SRC oifname OUT masquerade comment COMMENT}. Existing table and chain are kept
   * (no EXCL).
   */
  void addMasquerade(
      String table, String tableComment, String chain, Cidr source, String out, String comment);

  /**
   * A rule as the kernel has it: its chain, handle, comment and expressions ({@link
   * nsplay.netlink.nft.Expr#canonical()}).
   */
  record Rule(String chain, long handle, String comment, List<String> exprs) {}

  /** Equivalent to: {@code nft -a list table ip TABLE}, reduced to its rules, in chain order. */
  List<Rule> rules(String table);

  /**
   * The policy of base chain {@code chain} ({@code accept} or {@code drop}), empty when the table
   * or chain is not there.
   */
  Optional<String> chainPolicy(String table, NftRuleSpec.Chain chain);

  /**
   * Equivalent to one {@code nft -f} transaction: {@code add table ip TABLE { comment TABLE_COMMENT
   * ; }; add chain ip TABLE CHAIN { type ... hook ... priority ...; }}, then the rule with its
   * comment, after the rule with handle {@code after} ({@code add rule ... position AFTER}) or,
   * when {@code after} is 0, first in the chain ({@code insert rule}). Existing table and chain are
   * kept.
   */
  void addRule(String table, String tableComment, NftRuleSpec rule, String comment, long after);

  /** Equivalent to: {@code nft replace rule ip TABLE CHAIN handle HANDLE RULE comment COMMENT}. */
  void replaceRule(String table, long handle, NftRuleSpec rule, String comment);

  /**
   * Equivalent to: {@code nft add table ...; add chain ip TABLE CHAIN { type filter hook ...;
   * policy POLICY; }}: creates the chain when needed and sets its policy ({@code accept} or {@code
   * drop}).
   */
  void setChainPolicy(String table, String tableComment, NftRuleSpec.Chain chain, String policy);

  /** Equivalent to: {@code nft delete table ip TABLE}: its chains and rules go with it. */
  void deleteTable(String table);
}

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

  /** Equivalent to: {@code nft delete table ip TABLE}: its chains and rules go with it. */
  void deleteTable(String table);
}

package nsplay.netlink.nft;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import nsplay.netlink.Attrs;
import nsplay.netlink.Message;

/**
 * A rule from a GETRULE dump. {@code userdata} is copied in and out and compared by content.
 *
 * @param family nfgen_family
 * @param table NFTA_RULE_TABLE
 * @param chain NFTA_RULE_CHAIN
 * @param handle NFTA_RULE_HANDLE (what DELRULE needs)
 * @param userdata NFTA_RULE_USERDATA, or null
 * @param comment the comment decoded from {@code userdata}, or null
 * @param exprNames the expression names in order, e.g. [payload, bitwise, cmp, meta, cmp, masq]
 * @param exprs the expressions in order, each as {@link Expr#canonical()} writes it
 */
public record NftRule(
    int family,
    String table,
    String chain,
    long handle,
    byte[] userdata,
    String comment,
    List<String> exprNames,
    List<String> exprs) {

  public NftRule {
    userdata = userdata == null ? null : userdata.clone();
    exprNames = exprNames == null ? List.of() : List.copyOf(exprNames);
    exprs = exprs == null ? List.of() : List.copyOf(exprs);
  }

  /** A rule seen by its expression names only. */
  public NftRule(
      int family,
      String table,
      String chain,
      long handle,
      byte[] userdata,
      String comment,
      List<String> exprNames) {
    this(family, table, chain, handle, userdata, comment, exprNames, List.of());
  }

  @Override
  public byte[] userdata() {
    return userdata == null ? null : userdata.clone();
  }

  /**
   * @throws IllegalArgumentException if {@code m} is not an nf_tables NEWRULE message
   */
  public static NftRule decode(Message m) {
    Attrs a = attrs(m, Nft.NFT_MSG_NEWRULE);
    byte[] udata = a.bytes(Nft.NFTA_RULE_USERDATA);
    List<String> names = new ArrayList<>();
    List<String> exprs = new ArrayList<>();
    for (Attrs elem : a.nested(Nft.NFTA_RULE_EXPRESSIONS).nestedList(Nft.NFTA_LIST_ELEM)) {
      names.add(elem.string(Nft.NFTA_EXPR_NAME));
      exprs.add(Expr.canonical(elem));
    }
    return new NftRule(
        Nft.family(m),
        a.string(Nft.NFTA_RULE_TABLE),
        a.string(Nft.NFTA_RULE_CHAIN),
        a.u64Be(Nft.NFTA_RULE_HANDLE),
        udata,
        Nft.commentFromUserdata(udata),
        names,
        exprs);
  }

  /** Checks the message type and returns the attributes after nfgenmsg. */
  static Attrs attrs(Message m, int msg) {
    if (m == null) {
      throw new IllegalArgumentException("m must not be null");
    }
    if (m.type() != Nft.type(msg)) {
      throw new IllegalArgumentException(
          "m must be of type 0x"
              + Integer.toHexString(Nft.type(msg))
              + ", got 0x"
              + Integer.toHexString(m.type()));
    }
    return m.attrs(Nft.NFGENMSG_LEN);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NftRule r
        && family == r.family
        && handle == r.handle
        && Objects.equals(table, r.table)
        && Objects.equals(chain, r.chain)
        && Objects.equals(comment, r.comment)
        && exprNames.equals(r.exprNames)
        && exprs.equals(r.exprs)
        && Arrays.equals(userdata, r.userdata);
  }

  @Override
  public int hashCode() {
    return Objects.hash(family, table, chain, handle, comment, exprNames) * 31
        + Arrays.hashCode(userdata);
  }

  @Override
  public String toString() {
    return "NftRule[family="
        + family
        + ", table="
        + table
        + ", chain="
        + chain
        + ", handle="
        + handle
        + ", comment="
        + comment
        + ", exprNames="
        + exprNames
        + "]";
  }
}

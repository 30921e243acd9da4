package nsplay.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsplay.net.Cidr;
import nsplay.netlink.Message;
import nsplay.netlink.nft.Masquerade;
import nsplay.netlink.nft.Nft;
import nsplay.netlink.nft.NftBatch;
import nsplay.netlink.nft.NftChain;
import nsplay.netlink.nft.NftRule;
import nsplay.netlink.nft.NftTable;

/**
 * Typed nf_tables operations in one namespace, family {@code ip}. Only tables named by the caller
 * are read or changed: nsplay never touches another table.
 */
final class NetlinkNftables implements Nftables {
  private final NetlinkSocket socket;
  private final String netns;

  NetlinkNftables(NetlinkSocket socket, String netns) {
    this.socket = socket;
    this.netns = netns;
  }

  private String prefix() {
    return netns == null ? "nft " : "ip netns exec " + netns + " nft ";
  }

  /** Equivalent to: {@code nft list tables ip}, filtered to {@code table}. */
  @Override
  public boolean hasTable(String table) {
    for (Message m :
        socket.dump(prefix() + "list tables", s -> Nft.getTables(s, Nft.NFPROTO_IPV4))) {
      NftTable t = NftTable.decode(m);
      if (t != null && t.name().equals(table)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Optional<Table> table(String table) {
    for (Message m :
        socket.dump(prefix() + "list tables", s -> Nft.getTables(s, Nft.NFPROTO_IPV4))) {
      NftTable t = NftTable.decode(m);
      if (t != null && t.name().equals(table)) {
        return Optional.of(new Table(t.name(), t.userdata(), t.comment()));
      }
    }
    return Optional.empty();
  }

  /** Equivalent to: {@code nft list chains ip}, filtered to {@code table chain}. */
  @Override
  public boolean hasChain(String table, String chain) {
    for (Message m :
        socket.dump(prefix() + "list chains", s -> Nft.getChains(s, Nft.NFPROTO_IPV4))) {
      NftChain c = NftChain.decode(m);
      if (c != null && c.table().equals(table) && c.name().equals(chain)) {
        return true;
      }
    }
    return false;
  }

  /** Equivalent to: {@code nft list chain ip TABLE CHAIN}, reduced to the rules' comments. */
  @Override
  public List<String> ruleComments(String table, String chain) {
    List<String> out = new ArrayList<>();
    for (Message m :
        socket.dump(
            prefix() + "list table ip " + table, s -> Nft.getRules(s, Nft.NFPROTO_IPV4, table))) {
      NftRule r = NftRule.decode(m);
      if (r != null && r.chain().equals(chain) && r.comment() != null) {
        out.add(r.comment());
      }
    }
    return out;
  }

  /**
   * Equivalent to one {@code nft -f} transaction: {@code add table ip TABLE { comment TABLE_COMMENT
   * ; }; add chain ip TABLE CHAIN { type nat hook postrouting priority srcnat; }; add rule ip TABLE
   * CHAIN ip saddr SRC oifname OUT masquerade comment COMMENT}. Existing table and chain are kept
   * (no EXCL).
   */
  @Override
  public void addMasquerade(
      String table, String tableComment, String chain, Cidr source, String out, String comment) {
    NftBatch b = new NftBatch(socket.nextSeq());
    // The table's comment is set only when the batch creates it: an existing table keeps its user
    // data (the kernel changes only flags of an existing table).
    b.addTable(
        Nft.NFPROTO_IPV4, table, tableComment == null ? null : Nft.commentUserdata(tableComment));
    b.addChain(Nft.NFPROTO_IPV4, table, chain, "nat", Nft.NF_INET_POST_ROUTING, 100);
    b.addRule(
        Nft.NFPROTO_IPV4,
        table,
        chain,
        Masquerade.rule(source.network().address().bytes(), source.prefixLength(), out),
        Nft.commentUserdata(comment));
    byte[] bytes = b.build();
    socket.advanceSeq(b.lastSeq());
    // What the batch sends: table and chain are added (kept when present), then the rule.
    socket.sendBatch(
        List.of(
            new Op.NftAddTable(netns, table, tableComment),
            new Op.NftAddNatChain(netns, table, chain),
            new Op.NftMasquerade(netns, table, chain, source, out)),
        bytes,
        b.firstSeq() + 1,
        b.ackCount());
  }

  @Override
  public List<Rule> rules(String table) {
    List<Rule> out = new ArrayList<>();
    if (!hasTable(table)) {
      return out;
    }
    for (Message m :
        socket.dump(
            prefix() + "list table ip " + table, s -> Nft.getRules(s, Nft.NFPROTO_IPV4, table))) {
      NftRule r = NftRule.decode(m);
      if (r != null && table.equals(r.table())) {
        out.add(new Rule(r.chain(), r.handle(), r.comment(), r.exprs()));
      }
    }
    return out;
  }

  @Override
  public Optional<String> chainPolicy(String table, NftRuleSpec.Chain chain) {
    for (Message m :
        socket.dump(prefix() + "list chains", s -> Nft.getChains(s, Nft.NFPROTO_IPV4))) {
      NftChain c = NftChain.decode(m);
      if (c != null && c.table().equals(table) && c.name().equals(chain.name)) {
        return Optional.of(c.policy() == Nft.NF_DROP ? "drop" : "accept");
      }
    }
    return Optional.empty();
  }

  @Override
  public void addRule(
      String table, String tableComment, NftRuleSpec rule, String comment, long after) {
    NftBatch b = new NftBatch(socket.nextSeq());
    tableAndChain(b, table, tableComment, rule.chain(), -1);
    b.addRuleAt(
        Nft.NFPROTO_IPV4,
        table,
        rule.chain().name,
        after,
        rule.exprs(),
        Nft.commentUserdata(comment));
    send(
        b,
        List.of(
            new Op.NftAddTable(netns, table, tableComment),
            new Op.NftAddChain(netns, table, rule.chain(), null),
            new Op.NftAddRule(netns, table, rule, comment, after)));
  }

  @Override
  public void replaceRule(String table, long handle, NftRuleSpec rule, String comment) {
    NftBatch b = new NftBatch(socket.nextSeq());
    b.replaceRule(
        Nft.NFPROTO_IPV4,
        table,
        rule.chain().name,
        handle,
        rule.exprs(),
        Nft.commentUserdata(comment));
    send(b, List.of(new Op.NftReplaceRule(netns, table, rule, comment, handle)));
  }

  @Override
  public void setChainPolicy(
      String table, String tableComment, NftRuleSpec.Chain chain, String policy) {
    NftBatch b = new NftBatch(socket.nextSeq());
    tableAndChain(
        b, table, tableComment, chain, policy.equals("drop") ? Nft.NF_DROP : Nft.NF_ACCEPT);
    send(
        b,
        List.of(
            new Op.NftAddTable(netns, table, tableComment),
            new Op.NftAddChain(netns, table, chain, policy)));
  }

  /** Table and base chain, kept when present (a policy of -1 keeps the chain's). */
  private static void tableAndChain(
      NftBatch b, String table, String tableComment, NftRuleSpec.Chain chain, int policy) {
    b.addTable(
        Nft.NFPROTO_IPV4, table, tableComment == null ? null : Nft.commentUserdata(tableComment));
    b.addChain(Nft.NFPROTO_IPV4, table, chain.name, chain.type, chain.hook, chain.priority, policy);
  }

  private void send(NftBatch b, List<Op> ops) {
    byte[] bytes = b.build();
    socket.advanceSeq(b.lastSeq());
    socket.sendBatch(ops, bytes, b.firstSeq() + 1, b.ackCount());
  }

  /** Equivalent to: {@code nft delete table ip TABLE}: its chains and rules go with it. */
  @Override
  public void deleteTable(String table) {
    NftBatch b = new NftBatch(socket.nextSeq());
    b.deleteTable(Nft.NFPROTO_IPV4, table);
    byte[] bytes = b.build();
    socket.advanceSeq(b.lastSeq());
    socket.sendBatch(
        List.of(new Op.NftDeleteTable(netns, table)), bytes, b.firstSeq() + 1, b.ackCount());
  }
}

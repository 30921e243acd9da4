package nsplay.netlink.nft;

import java.io.ByteArrayOutputStream;
import java.util.List;
import nsplay.netlink.MessageBuilder;
import nsplay.netlink.Nl;

/**
 * One nf_tables transaction, serialised into a single buffer for one sendmsg:
 *
 * <pre>
 * BATCH_BEGIN (seq firstSeq)     nfgenmsg{AF_UNSPEC, 0, res_id htons(NFNL_SUBSYS_NFTABLES)}
 *   message 1 (seq firstSeq + 1) REQUEST|ACK|...
 *   ...
 *   message n (seq firstSeq + n)
 * BATCH_END   (seq firstSeq + n + 1 == lastSeq())
 * </pre>
 *
 * The kernel applies all messages or none. Every message carries NLM_F_ACK and the kernel answers
 * each one with an NLMSG_ERROR (errno 0 for success) even when the batch aborts, so the caller
 * reads exactly {@link #ackCount()} replies, with sequence numbers firstSeq + 1 .. firstSeq + n.
 * Not thread-safe.
 */
public final class NftBatch {
  private final int firstSeq;
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private int count;

  /**
   * @param firstSeq sequence number of BATCH_BEGIN; messages follow consecutively
   */
  public NftBatch(int firstSeq) {
    this.firstSeq = firstSeq;
  }

  public int firstSeq() {
    return firstSeq;
  }

  /** Sequence number of BATCH_END; the caller's next free sequence number is this plus one. */
  public int lastSeq() {
    return firstSeq + count + 1;
  }

  /** Messages inside the batch (begin/end excluded): the number of replies to read. */
  public int ackCount() {
    return count;
  }

  /** NEWTABLE (REQUEST|ACK|CREATE): like {@code nft add table}, no error if it exists. */
  public NftBatch addTable(int family, String name) {
    return addTable(family, name, null);
  }

  /** NEWTABLE with NFTA_TABLE_USERDATA (e.g. an owner marker), or none when null. */
  public NftBatch addTable(int family, String name, byte[] userdata) {
    MessageBuilder b =
        start(Nft.NFT_MSG_NEWTABLE, family, Nl.NLM_F_CREATE)
            .putString(Nft.NFTA_TABLE_NAME, Nft.checkName("name", name));
    if (userdata != null) {
      b.putBytes(Nft.NFTA_TABLE_USERDATA, checkUserdata(userdata));
    }
    return add(b);
  }

  /**
   * NEWCHAIN (REQUEST|ACK|CREATE) for a base chain:
   *
   * <pre>
   * NFTA_CHAIN_TABLE, NFTA_CHAIN_NAME, NFTA_CHAIN_HOOK{HOOKNUM be32, PRIORITY be32},
   * NFTA_CHAIN_TYPE
   * </pre>
   *
   * @param type "filter", "nat" or "route"
   * @param hooknum NF_INET_* (e.g. {@link Nft#NF_INET_POST_ROUTING})
   * @param priority signed (e.g. {@link Nft#NF_IP_PRI_NAT_SRC} = 100)
   */
  public NftBatch addChain(
      int family, String table, String chain, String type, int hooknum, int priority) {
    return addChain(family, table, chain, type, hooknum, priority, -1);
  }

  /**
   * NEWCHAIN for a base chain with NFTA_CHAIN_POLICY ({@link Nft#NF_ACCEPT} or {@link Nft#NF_DROP})
   * after its type; -1 sends none (a new chain then accepts, an existing one keeps its policy).
   */
  public NftBatch addChain(
      int family, String table, String chain, String type, int hooknum, int priority, int policy) {
    if (hooknum < 0) {
      throw new IllegalArgumentException("hooknum must be >= 0, got " + hooknum);
    }
    MessageBuilder b =
        start(Nft.NFT_MSG_NEWCHAIN, family, Nl.NLM_F_CREATE)
            .putString(Nft.NFTA_CHAIN_TABLE, Nft.checkName("table", table))
            .putString(Nft.NFTA_CHAIN_NAME, Nft.checkName("chain", chain));
    int hook = b.nestStartNested(Nft.NFTA_CHAIN_HOOK);
    b.putU32Be(Nft.NFTA_HOOK_HOOKNUM, hooknum).putU32Be(Nft.NFTA_HOOK_PRIORITY, priority);
    b.nestEnd(hook);
    b.putString(Nft.NFTA_CHAIN_TYPE, Nft.checkName("type", type));
    if (policy >= 0) {
      b.putU32Be(Nft.NFTA_CHAIN_POLICY, policy);
    }
    return add(b);
  }

  /**
   * NEWRULE (REQUEST|ACK|CREATE|APPEND): appended at the end of the chain.
   *
   * <pre>
   * NFTA_RULE_TABLE, NFTA_RULE_CHAIN, [NFTA_RULE_USERDATA], NFTA_RULE_EXPRESSIONS{LIST_ELEM...}
   * </pre>
   *
   * @param userdata e.g. {@link Nft#commentUserdata(String)}, or null
   */
  public NftBatch addRule(
      int family, String table, String chain, List<Expr> exprs, byte[] userdata) {
    return rule(family, table, chain, Nl.NLM_F_CREATE | Nl.NLM_F_APPEND, -1, -1, exprs, userdata);
  }

  /**
   * NEWRULE placed: after the rule with handle {@code after} (REQUEST|ACK|CREATE|APPEND and
   * NFTA_RULE_POSITION, as {@code nft add rule ... position N}), or, when {@code after} is 0, at
   * the head of the chain (REQUEST|ACK|CREATE, as {@code nft insert rule}).
   */
  public NftBatch addRuleAt(
      int family, String table, String chain, long after, List<Expr> exprs, byte[] userdata) {
    if (after < 0) {
      throw new IllegalArgumentException("after must be >= 0, got " + after);
    }
    return after == 0
        ? rule(family, table, chain, Nl.NLM_F_CREATE, -1, -1, exprs, userdata)
        : rule(family, table, chain, Nl.NLM_F_CREATE | Nl.NLM_F_APPEND, -1, after, exprs, userdata);
  }

  /**
   * NEWRULE (REQUEST|ACK|REPLACE) with NFTA_RULE_HANDLE: the rule with that handle becomes this
   * one, in its place ({@code nft replace rule ... handle N}).
   */
  public NftBatch replaceRule(
      int family, String table, String chain, long handle, List<Expr> exprs, byte[] userdata) {
    if (handle <= 0) {
      throw new IllegalArgumentException("handle must be > 0, got " + handle);
    }
    return rule(family, table, chain, Nl.NLM_F_REPLACE, handle, -1, exprs, userdata);
  }

  private NftBatch rule(
      int family,
      String table,
      String chain,
      int flags,
      long handle,
      long position,
      List<Expr> exprs,
      byte[] userdata) {
    if (exprs == null || exprs.isEmpty()) {
      throw new IllegalArgumentException("exprs must be non-empty, got " + exprs);
    }
    MessageBuilder b =
        start(Nft.NFT_MSG_NEWRULE, family, flags)
            .putString(Nft.NFTA_RULE_TABLE, Nft.checkName("table", table))
            .putString(Nft.NFTA_RULE_CHAIN, Nft.checkName("chain", chain));
    if (handle > 0) {
      b.putU64Be(Nft.NFTA_RULE_HANDLE, handle);
    }
    if (position > 0) {
      b.putU64Be(Nft.NFTA_RULE_POSITION, position);
    }
    if (userdata != null) {
      b.putBytes(Nft.NFTA_RULE_USERDATA, checkUserdata(userdata));
    }
    int list = b.nestStartNested(Nft.NFTA_RULE_EXPRESSIONS);
    for (Expr e : exprs) {
      if (e == null) {
        throw new IllegalArgumentException("exprs must not contain null: " + exprs);
      }
      e.encode(b);
    }
    b.nestEnd(list);
    return add(b);
  }

  /** DELTABLE (REQUEST|ACK): removes the table with all its chains and rules; ENOENT if none. */
  public NftBatch deleteTable(int family, String name) {
    return add(
        start(Nft.NFT_MSG_DELTABLE, family, 0)
            .putString(Nft.NFTA_TABLE_NAME, Nft.checkName("name", name)));
  }

  /** BATCH_BEGIN, the messages added so far, BATCH_END. Can be called repeatedly. */
  public byte[] build() {
    byte[] begin = delimiter(Nft.NFNL_MSG_BATCH_BEGIN, firstSeq);
    byte[] end = delimiter(Nft.NFNL_MSG_BATCH_END, lastSeq());
    ByteArrayOutputStream out = new ByteArrayOutputStream(begin.length + body.size() + 20);
    out.writeBytes(begin);
    out.writeBytes(body.toByteArray());
    out.writeBytes(end);
    return out.toByteArray();
  }

  private static byte[] delimiter(int type, int seq) {
    return new MessageBuilder(type, Nl.NLM_F_REQUEST)
        .putStruct(Nft.nfgenmsg(Nft.NFPROTO_UNSPEC, Nft.NFNL_SUBSYS_NFTABLES))
        .build(seq);
  }

  private MessageBuilder start(int msg, int family, int extraFlags) {
    return new MessageBuilder(Nft.type(msg), Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | extraFlags)
        .putStruct(Nft.nfgenmsg(Nft.checkFamily(family), 0));
  }

  private NftBatch add(MessageBuilder b) {
    count++;
    body.writeBytes(b.build(firstSeq + count));
    return this;
  }

  private static byte[] checkUserdata(byte[] userdata) {
    if (userdata.length > Nft.NFT_USERDATA_MAXLEN) {
      throw new IllegalArgumentException(
          "userdata must be at most " + Nft.NFT_USERDATA_MAXLEN + " bytes, got " + userdata.length);
    }
    return userdata;
  }
}

package nsplay.netlink.nft;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import nsplay.netlink.Message;
import nsplay.netlink.MessageBuilder;
import nsplay.netlink.Nl;

/**
 * nf_tables over nfnetlink: constants (linux/netfilter/nf_tables.h, nfnetlink.h), the nfgenmsg
 * header, read requests and rule-comment user data.
 *
 * <pre>
 * Every nfnetlink message:
 *   nlmsghdr (type = NFNL_SUBSYS_NFTABLES &lt;&lt; 8 | NFT_MSG_*) | nfgenmsg | attributes
 *
 * struct nfgenmsg (4 bytes)
 *   0         1         2              4
 *   +---------+---------+--------------+
 *   | family  | version | res_id (BE!) |
 *   +---------+---------+--------------+
 *    NFPROTO_*  0         0, or htons(NFNL_SUBSYS_NFTABLES) in BATCH_BEGIN/END
 * </pre>
 *
 * Unlike rtnetlink, integer attribute payloads are big-endian and nests must carry NLA_F_NESTED.
 */
public final class Nft {
  private Nft() {}

  public static final int NFGENMSG_LEN = 4;
  public static final int NFNETLINK_V0 = 0;
  public static final int NFNL_SUBSYS_NFTABLES = 10;

  // batch delimiters: plain nfnetlink types, not shifted by a subsystem
  public static final int NFNL_MSG_BATCH_BEGIN = 16;
  public static final int NFNL_MSG_BATCH_END = 17;

  // enum nf_tables_msg_types
  public static final int NFT_MSG_NEWTABLE = 0;
  public static final int NFT_MSG_GETTABLE = 1;
  public static final int NFT_MSG_DELTABLE = 2;
  public static final int NFT_MSG_NEWCHAIN = 3;
  public static final int NFT_MSG_GETCHAIN = 4;
  public static final int NFT_MSG_DELCHAIN = 5;
  public static final int NFT_MSG_NEWRULE = 6;
  public static final int NFT_MSG_GETRULE = 7;
  public static final int NFT_MSG_DELRULE = 8;

  // NFPROTO_* (nfgen_family)
  public static final int NFPROTO_UNSPEC = 0;
  public static final int NFPROTO_INET = 1;
  public static final int NFPROTO_IPV4 = 2;
  public static final int NFPROTO_IPV6 = 10;

  // enum nft_table_attributes
  public static final int NFTA_TABLE_NAME = 1;
  public static final int NFTA_TABLE_FLAGS = 2;
  public static final int NFTA_TABLE_USE = 3;
  public static final int NFTA_TABLE_HANDLE = 4;
  public static final int NFTA_TABLE_USERDATA = 6;

  // enum nft_chain_attributes
  public static final int NFTA_CHAIN_TABLE = 1;
  public static final int NFTA_CHAIN_HANDLE = 2;
  public static final int NFTA_CHAIN_NAME = 3;
  public static final int NFTA_CHAIN_HOOK = 4;
  public static final int NFTA_CHAIN_POLICY = 5;
  public static final int NFTA_CHAIN_USE = 6;
  public static final int NFTA_CHAIN_TYPE = 7;

  // enum nft_hook_attributes (inside NFTA_CHAIN_HOOK)
  public static final int NFTA_HOOK_HOOKNUM = 1;
  public static final int NFTA_HOOK_PRIORITY = 2;

  // enum nft_rule_attributes
  public static final int NFTA_RULE_TABLE = 1;
  public static final int NFTA_RULE_CHAIN = 2;
  public static final int NFTA_RULE_HANDLE = 3;
  public static final int NFTA_RULE_EXPRESSIONS = 4;
  public static final int NFTA_RULE_POSITION = 6;
  public static final int NFTA_RULE_USERDATA = 7;

  /** enum nft_list_attributes: every element of a list (expressions) has this type. */
  public static final int NFTA_LIST_ELEM = 1;

  // enum nft_expr_attributes
  public static final int NFTA_EXPR_NAME = 1;
  public static final int NFTA_EXPR_DATA = 2;

  /** enum nft_data_attributes: plain value inside NFTA_CMP_DATA, NFTA_BITWISE_MASK/XOR. */
  public static final int NFTA_DATA_VALUE = 1;

  // enum nft_payload_attributes
  public static final int NFTA_PAYLOAD_DREG = 1;
  public static final int NFTA_PAYLOAD_BASE = 2;
  public static final int NFTA_PAYLOAD_OFFSET = 3;
  public static final int NFTA_PAYLOAD_LEN = 4;

  // enum nft_bitwise_attributes
  public static final int NFTA_BITWISE_SREG = 1;
  public static final int NFTA_BITWISE_DREG = 2;
  public static final int NFTA_BITWISE_LEN = 3;
  public static final int NFTA_BITWISE_MASK = 4;
  public static final int NFTA_BITWISE_XOR = 5;

  // enum nft_cmp_attributes, nft_cmp_ops
  public static final int NFTA_CMP_SREG = 1;
  public static final int NFTA_CMP_OP = 2;
  public static final int NFTA_CMP_DATA = 3;
  public static final int NFT_CMP_EQ = 0;
  public static final int NFT_CMP_NEQ = 1;

  // enum nft_immediate_attributes; nft_data_attributes' verdict; nft_verdict_attributes
  public static final int NFTA_IMMEDIATE_DREG = 1;
  public static final int NFTA_IMMEDIATE_DATA = 2;
  public static final int NFTA_DATA_VERDICT = 2;
  public static final int NFTA_VERDICT_CODE = 1;

  /** The verdict register (NFT_REG_VERDICT). */
  public static final int NFT_REG_VERDICT = 0;

  // netfilter verdicts (NF_DROP, NF_ACCEPT), also a chain's policy
  public static final int NF_DROP = 0;
  public static final int NF_ACCEPT = 1;

  // enum nft_ct_attributes, nft_ct_keys
  public static final int NFTA_CT_DREG = 1;
  public static final int NFTA_CT_KEY = 2;
  public static final int NFT_CT_STATE = 0;

  // enum nft_nat_attributes, nft_nat_types; NF_NAT_RANGE_PROTO_SPECIFIED
  public static final int NFTA_NAT_TYPE = 1;
  public static final int NFTA_NAT_FAMILY = 2;
  public static final int NFTA_NAT_REG_ADDR_MIN = 3;
  public static final int NFTA_NAT_REG_PROTO_MIN = 5;
  public static final int NFTA_NAT_FLAGS = 7;
  public static final int NFT_NAT_SNAT = 0;
  public static final int NFT_NAT_DNAT = 1;
  public static final int NF_NAT_RANGE_MAP_IPS = 1;
  public static final int NF_NAT_RANGE_PROTO_SPECIFIED = 2;

  // enum nft_reject_attributes, nft_reject_types
  public static final int NFTA_REJECT_TYPE = 1;
  public static final int NFTA_REJECT_ICMP_CODE = 2;
  public static final int NFT_REJECT_ICMP_UNREACH = 0;

  // enum nft_meta_attributes, nft_meta_keys
  public static final int NFTA_META_DREG = 1;
  public static final int NFTA_META_KEY = 2;
  public static final int NFT_META_IIFNAME = 6;
  public static final int NFT_META_OIFNAME = 7;
  public static final int NFT_META_L4PROTO = 16;

  /**
   * First 16-byte data register, as nft itself numbers them (NFT_REG_1..4 are 16 bytes wide; the
   * 4-byte NFT_REG32_xx start at 8). This codec uses the 16-byte numbering throughout.
   */
  public static final int NFT_REG_1 = 1;

  /** The second 16-byte data register. */
  public static final int NFT_REG_2 = 2;

  // enum nft_payload_bases
  public static final int NFT_PAYLOAD_LL_HEADER = 0;
  public static final int NFT_PAYLOAD_NETWORK_HEADER = 1;
  public static final int NFT_PAYLOAD_TRANSPORT_HEADER = 2;

  // enum nf_inet_hooks
  public static final int NF_INET_PRE_ROUTING = 0;
  public static final int NF_INET_LOCAL_IN = 1;
  public static final int NF_INET_FORWARD = 2;
  public static final int NF_INET_LOCAL_OUT = 3;
  public static final int NF_INET_POST_ROUTING = 4;

  /** Priority of the standard "srcnat" chain (NF_IP_PRI_NAT_SRC). */
  public static final int NF_IP_PRI_NAT_SRC = 100;

  /** libnftnl's udata type for a rule comment (NFTNL_UDATA_RULE_COMMENT). */
  public static final int NFTNL_UDATA_RULE_COMMENT = 0;

  /**
   * libnftnl's udata type for a table comment (NFTNL_UDATA_TABLE_COMMENT), the same TLV as a rule's
   * ({@link #commentUserdata} writes both): {@code nft add table ip T { comment "x" ; }} sends
   * NFTA_TABLE_USERDATA {@code 00 02 78 00}, and {@code nft list table} prints {@code comment "x"}.
   */
  public static final int NFTNL_UDATA_TABLE_COMMENT = 0;

  /** Largest user data the kernel accepts (NFT_USERDATA_MAXLEN). */
  public static final int NFT_USERDATA_MAXLEN = 256;

  /** The nlmsg_type of nf_tables message {@code msg}: (NFNL_SUBSYS_NFTABLES << 8) | msg. */
  public static int type(int msg) {
    return (NFNL_SUBSYS_NFTABLES << 8) | msg;
  }

  /** struct nfgenmsg; res_id goes out big-endian. */
  public static byte[] nfgenmsg(int family, int resId) {
    return new byte[] {(byte) family, NFNETLINK_V0, (byte) (resId >>> 8), (byte) resId};
  }

  /** The nfgen_family of a received nf_tables message (0 if the payload is empty). */
  public static int family(Message m) {
    return m.payloadLength() < 1 ? 0 : m.buf()[m.payloadOffset()] & 0xff;
  }

  /** Dumps tables of {@code family} (NFPROTO_UNSPEC for all): GETTABLE, REQUEST|DUMP. */
  public static byte[] getTables(int seq, int family) {
    return dumpRequest(NFT_MSG_GETTABLE, family).build(seq);
  }

  /** Dumps chains of {@code family}: GETCHAIN, REQUEST|DUMP. */
  public static byte[] getChains(int seq, int family) {
    return dumpRequest(NFT_MSG_GETCHAIN, family).build(seq);
  }

  /** Dumps the rules of one table: GETRULE, REQUEST|DUMP, NFTA_RULE_TABLE. */
  public static byte[] getRules(int seq, int family, String table) {
    return dumpRequest(NFT_MSG_GETRULE, family)
        .putString(NFTA_RULE_TABLE, checkName("table", table))
        .build(seq);
  }

  private static MessageBuilder dumpRequest(int msg, int family) {
    return new MessageBuilder(type(msg), Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP)
        .putStruct(nfgenmsg(checkFamily(family), 0));
  }

  /**
   * Rule user data holding a comment, so {@code nft list ruleset} prints {@code comment "..."}.
   * libnftnl's udata format is TLV: type u8 (0 = comment), length u8, value — the string including
   * its trailing NUL.
   *
   * @throws IllegalArgumentException if the comment is null, contains NUL, or is longer than 254
   *     bytes in UTF-8
   */
  public static byte[] commentUserdata(String comment) {
    if (comment == null) {
      throw new IllegalArgumentException("comment must not be null");
    }
    byte[] utf8 = comment.getBytes(StandardCharsets.UTF_8);
    if (utf8.length + 1 > 0xff) {
      throw new IllegalArgumentException(
          "comment must be at most 254 bytes in UTF-8, got " + utf8.length);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(utf8.length + 3);
    out.write(NFTNL_UDATA_RULE_COMMENT);
    out.write(utf8.length + 1);
    for (byte b : utf8) {
      if (b == 0) {
        throw new IllegalArgumentException("comment contains a NUL character: \"" + comment + "\"");
      }
      out.write(b);
    }
    out.write(0);
    return out.toByteArray();
  }

  /**
   * The comment in rule user data written by nft or {@link #commentUserdata}, or null. Stops
   * quietly at a truncated TLV.
   */
  public static String commentFromUserdata(byte[] udata) {
    if (udata == null) {
      return null;
    }
    int pos = 0;
    while (pos + 2 <= udata.length) {
      int type = udata[pos] & 0xff;
      int len = udata[pos + 1] & 0xff;
      if (pos + 2 + len > udata.length) {
        return null;
      }
      if (type == NFTNL_UDATA_RULE_COMMENT) {
        int n = 0;
        while (n < len && udata[pos + 2 + n] != 0) {
          n++;
        }
        return new String(udata, pos + 2, n, StandardCharsets.UTF_8);
      }
      pos += 2 + len;
    }
    return null;
  }

  static int checkFamily(int family) {
    if (family < 0 || family > 0xff) {
      throw new IllegalArgumentException("family must be 0..255, got " + family);
    }
    return family;
  }

  static String checkName(String what, String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException(what + " must be non-empty, got " + name);
    }
    int n = name.getBytes(StandardCharsets.UTF_8).length;
    if (n >= 256) {
      throw new IllegalArgumentException(what + " must be at most 255 bytes, got " + n);
    }
    return name;
  }
}

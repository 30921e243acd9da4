package nsplay.netlink;

import java.nio.ByteOrder;

/**
 * Constants of the generic netlink layer (linux/netlink.h), shared by rtnetlink and nfnetlink.
 *
 * <pre>
 * struct nlmsghdr (16 bytes, host byte order):
 *   0      4      6      8        12      16
 *   +------+------+------+--------+--------+
 *   | len  | type |flags |  seq   |  pid   |  payload ...
 *   +------+------+------+--------+--------+
 *    u32    u16    u16    u32      u32
 *
 * struct nlattr (4 bytes + payload, padded to 4):
 *   0        2        4
 *   +--------+--------+---------------+-----+
 *   | nla_len|nla_type| payload       | pad |
 *   +--------+--------+---------------+-----+
 *   nla_len counts header + payload, never the padding.
 * </pre>
 */
public final class Nl {
  private Nl() {}

  /**
   * Byte order of netlink headers and of rtnetlink integers: the host's (little-endian on x86_64).
   * nf_tables payload integers are big-endian instead.
   */
  public static final ByteOrder ORDER = ByteOrder.nativeOrder();

  /** Everything in netlink is aligned to 4 bytes (NLMSG_ALIGNTO == NLA_ALIGNTO == 4). */
  public static final int ALIGNTO = 4;

  public static final int NLMSG_HDRLEN = 16;
  public static final int NLA_HDRLEN = 4;

  // nlmsg_flags, common
  public static final int NLM_F_REQUEST = 0x1;
  public static final int NLM_F_MULTI = 0x2;
  public static final int NLM_F_ACK = 0x4;
  public static final int NLM_F_ECHO = 0x8;
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_DUMP_FILTERED = 0x20;

  // nlmsg_flags for GET requests
  public static final int NLM_F_ROOT = 0x100;
  public static final int NLM_F_MATCH = 0x200;
  public static final int NLM_F_ATOMIC = 0x400;
  public static final int NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH;

  // nlmsg_flags for NEW requests (same bits as the GET ones: meaning depends on the type)
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  public static final int NLM_F_APPEND = 0x800;

  // nlmsg_flags of NLMSG_ERROR replies (same bits again)
  /** The error message echoes only the original header, not its payload. */
  public static final int NLM_F_CAPPED = 0x100;

  /** Extended-ack TLVs follow the echoed request. */
  public static final int NLM_F_ACK_TLVS = 0x200;

  // control message types
  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;

  /** Marks an attribute whose payload is itself attributes; nf_tables requires it. */
  public static final int NLA_F_NESTED = 0x8000;

  /** Marks an attribute whose integer payload is big-endian. */
  public static final int NLA_F_NET_BYTEORDER = 0x4000;

  /** Strips {@link #NLA_F_NESTED} and {@link #NLA_F_NET_BYTEORDER} from an attribute type. */
  public static final int NLA_TYPE_MASK = 0x3fff;

  // setsockopt(fd, SOL_NETLINK, ...)
  public static final int SOL_NETLINK = 270;
  public static final int NETLINK_EXT_ACK = 11;
  public static final int NETLINK_GET_STRICT_CHK = 12;

  // socket(AF_NETLINK, SOCK_RAW, protocol)
  public static final int NETLINK_ROUTE = 0;
  public static final int NETLINK_NETFILTER = 12;

  // enum nlmsgerr_attrs: extended-ack TLVs after the echoed request
  public static final int NLMSGERR_ATTR_MSG = 1;
  public static final int NLMSGERR_ATTR_OFFS = 2;
  public static final int NLMSGERR_ATTR_COOKIE = 3;

  /** Rounds {@code len} up to the netlink alignment (NLMSG_ALIGN / NLA_ALIGN). */
  public static int align(int len) {
    return (len + ALIGNTO - 1) & ~(ALIGNTO - 1);
  }
}

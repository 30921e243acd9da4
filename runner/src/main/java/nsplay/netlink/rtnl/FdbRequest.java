package nsplay.netlink.rtnl;

import java.nio.ByteBuffer;
import nsplay.netlink.MessageBuilder;
import nsplay.netlink.Nl;

/**
 * RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH requests of family AF_BRIDGE: a device's forwarding
 * database (FDB), as iproute2's {@code bridge/fdb.c} sends them. nsplay uses one kind of entry, a
 * VXLAN's all-zeros entry with a destination (head-end replication: every broadcast, unknown
 * unicast and multicast frame is sent to each such destination).
 *
 * <pre>
 * nlmsghdr | ndmsg{family AF_BRIDGE, pad, pad, ifindex, state NUD_NOARP|NUD_PERMANENT,
 *                  flags NTF_SELF, type 0}
 *          | NDA_LLADDR 00:00:00:00:00:00 | NDA_DST address
 * </pre>
 *
 * The same bytes as {@code bridge fdb append 00:00:00:00:00:00 dev DEV dst IP} (flags
 * REQUEST|ACK|CREATE|APPEND) and {@code bridge fdb del ...} (REQUEST|ACK); compared byte for byte
 * in FdbRequestTest against what bridge 6.1 sends.
 */
public final class FdbRequest {
  private FdbRequest() {}

  /** struct ndmsg: family u8, pad1 u8, pad2 u16, ifindex s32, state u16, flags u8, type u8. */
  public static final int NDMSG_LEN = 12;

  public static final int RTM_NEWNEIGH = 28;
  public static final int RTM_DELNEIGH = 29;
  public static final int RTM_GETNEIGH = 30;

  public static final int AF_BRIDGE = 7;

  // NDA_* (linux/neighbour.h)
  public static final int NDA_DST = 1;
  public static final int NDA_LLADDR = 2;

  /** NUD_NOARP | NUD_PERMANENT: a static entry, what {@code bridge fdb append} assumes. */
  public static final int STATE = 0x40 | 0x80;

  /** NTF_SELF: the entry is the device's own (the vxlan's), not its master bridge's. */
  public static final int NTF_SELF = 0x02;

  /** The all-zeros MAC: the default destination of a vxlan. */
  public static final byte[] ZERO_MAC = new byte[6];

  /** Appends a default (all-zeros) destination to vxlan {@code ifindex}'s FDB. */
  public static byte[] appendDefault(int seq, int ifindex, byte[] dst) {
    return request(
        RTM_NEWNEIGH,
        Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_APPEND,
        seq,
        ifindex,
        dst);
  }

  /** Deletes the default (all-zeros) entry with destination {@code dst}: ENOENT when none. */
  public static byte[] deleteDefault(int seq, int ifindex, byte[] dst) {
    return request(RTM_DELNEIGH, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, seq, ifindex, dst);
  }

  /** Dumps every AF_BRIDGE FDB entry of the namespace (RTM_GETNEIGH, REQUEST|DUMP). */
  public static byte[] dump(int seq) {
    return new MessageBuilder(RTM_GETNEIGH, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP)
        .putStruct(ndmsg(0, 0, 0))
        .build(seq);
  }

  static byte[] ndmsg(int ifindex, int state, int flags) {
    return ByteBuffer.allocate(NDMSG_LEN)
        .order(Nl.ORDER)
        .put((byte) AF_BRIDGE)
        .put((byte) 0)
        .putShort((short) 0)
        .putInt(ifindex)
        .putShort((short) state)
        .put((byte) flags)
        .put((byte) 0)
        .array();
  }

  private static byte[] request(int type, int flags, int seq, int ifindex, byte[] dst) {
    if (ifindex <= 0) {
      throw new IllegalArgumentException("ifindex must be > 0, got " + ifindex);
    }
    if (dst.length != 4 && dst.length != 16) {
      throw new IllegalArgumentException("dst must be 4 or 16 bytes, got " + dst.length);
    }
    return new MessageBuilder(type, flags)
        .putStruct(ndmsg(ifindex, STATE, NTF_SELF))
        .putBytes(NDA_LLADDR, ZERO_MAC)
        .putBytes(NDA_DST, dst)
        .build(seq);
  }
}

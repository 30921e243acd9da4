package nsplay.jni;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Just enough rtnetlink to test sockets: a link dump and "set lo up" (host byte order). */
final class Netlink {
  private Netlink() {}

  static final int NLMSG_ERROR = 2;
  static final int NLMSG_DONE = 3;
  static final int RTM_NEWLINK = 16;
  static final int RTM_GETLINK = 18;
  static final int NLM_F_REQUEST = 0x1;
  static final int NLM_F_ACK = 0x4;
  static final int NLM_F_DUMP = 0x300;
  static final int IFLA_IFNAME = 3;
  static final int IFF_UP = 0x1;

  /** nlmsghdr + ifinfomsg, no attributes. */
  static byte[] ifinfo(int type, int flags, int seq, int index, int ifFlags, int ifChange) {
    ByteBuffer b = ByteBuffer.allocate(32).order(ByteOrder.nativeOrder());
    b.putInt(32).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
    b.put((byte) 0)
        .put((byte) 0)
        .putShort((short) 0)
        .putInt(index)
        .putInt(ifFlags)
        .putInt(ifChange);
    return b.array();
  }

  static ByteBuffer wrap(byte[] buf, int len) {
    return ByteBuffer.wrap(buf, 0, len).order(ByteOrder.nativeOrder());
  }
}

package nsplay.netlink;

/**
 * The content of an NLMSG_ERROR message: an error, or an ACK when {@code errno == 0}.
 *
 * <pre>
 * struct nlmsgerr, after the 16-byte header of the NLMSG_ERROR message:
 *   0        4                     20
 *   +--------+---------------------+--------------------------+-------------------+
 *   | error  | original nlmsghdr   | original payload         | ext-ack TLVs      |
 *   +--------+---------------------+--------------------------+-------------------+
 *    s32 (-errno)  16 bytes          absent if NLM_F_CAPPED      only if NLM_F_ACK_TLVS
 * </pre>
 *
 * @param errno positive errno (the kernel sends it negated); 0 means ACK
 * @param message the NLMSGERR_ATTR_MSG extended-ack text (e.g. "ipv4: Address already assigned"),
 *     or null when the kernel sent none
 * @param offset NLMSGERR_ATTR_OFFS: byte offset in the original request of the attribute the kernel
 *     blames, or -1 when absent
 */
public record NetlinkError(int errno, String message, int offset) {

  /** errno of a malformed NLMSG_ERROR payload (EPROTO, "protocol error"). */
  public static final int EPROTO = 71;

  /** True when this is an ACK, not an error. */
  public boolean isAck() {
    return errno == 0;
  }

  /**
   * Decodes an NLMSG_ERROR message. A payload too short to hold the error code yields {@link
   * #EPROTO} rather than an exception: this parses what the kernel sent, not what we built.
   *
   * @throws IllegalArgumentException if {@code m} is not an NLMSG_ERROR message
   */
  public static NetlinkError parse(Message m) {
    if (m == null) {
      throw new IllegalArgumentException("m must not be null");
    }
    if (m.type() != Nl.NLMSG_ERROR) {
      throw new IllegalArgumentException(
          "m must be an NLMSG_ERROR (" + Nl.NLMSG_ERROR + ") message, got type " + m.type());
    }
    byte[] buf = m.buf();
    int p = m.payloadOffset();
    int n = m.payloadLength();
    if (n < 4) {
      return new NetlinkError(EPROTO, "truncated NLMSG_ERROR (" + n + " bytes)", -1);
    }
    int errno = -Bytes.u32(buf, p, Nl.ORDER);
    String message = null;
    int offset = -1;
    if ((m.flags() & Nl.NLM_F_ACK_TLVS) != 0 && n >= 4 + Nl.NLMSG_HDRLEN) {
      int echoed = Nl.NLMSG_HDRLEN;
      if ((m.flags() & Nl.NLM_F_CAPPED) == 0) {
        // The whole original request is echoed; its own nlmsg_len says how long it is.
        long origLen = Integer.toUnsignedLong(Bytes.u32(buf, p + 4, Nl.ORDER));
        echoed = (int) Math.min(Nl.align((int) Math.min(origLen, n)), n - 4L);
      }
      int tlvStart = 4 + echoed;
      if (tlvStart <= n) {
        Attrs tlvs = Attrs.parse(buf, p + tlvStart, n - tlvStart);
        message = tlvs.string(Nl.NLMSGERR_ATTR_MSG);
        offset = tlvs.u32(Nl.NLMSGERR_ATTR_OFFS, -1);
      }
    }
    return new NetlinkError(errno, message, offset);
  }

  @Override
  public String toString() {
    if (errno == 0) {
      return "ACK";
    }
    String name = Errno.name(errno);
    return (name == null ? "errno " + errno : name + " (" + errno + ")")
        + (message == null ? "" : ": " + message);
  }
}

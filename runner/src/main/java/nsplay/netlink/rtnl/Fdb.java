package nsplay.netlink.rtnl;

import java.util.Arrays;
import nsplay.netlink.Attrs;
import nsplay.netlink.Bytes;
import nsplay.netlink.Message;
import nsplay.netlink.Nl;

/**
 * One forwarding-database entry as an AF_BRIDGE RTM_NEWNEIGH reports it.
 *
 * @param index ndm_ifindex: the device the entry belongs to
 * @param mac NDA_LLADDR, or null
 * @param dst NDA_DST (a vxlan's remote), or null
 */
public record Fdb(int index, byte[] mac, byte[] dst) {
  public Fdb {
    mac = mac == null ? null : mac.clone();
    dst = dst == null ? null : dst.clone();
  }

  @Override
  public byte[] mac() {
    return mac == null ? null : mac.clone();
  }

  @Override
  public byte[] dst() {
    return dst == null ? null : dst.clone();
  }

  /** Whether this is a default (all-zeros MAC) entry. */
  public boolean isDefault() {
    return mac != null && Arrays.equals(mac, FdbRequest.ZERO_MAC);
  }

  /** Whether {@code m} is an AF_BRIDGE RTM_NEWNEIGH (a dump also holds other families' entries). */
  public static boolean isFdb(Message m) {
    return m.type() == FdbRequest.RTM_NEWNEIGH
        && m.payloadLength() >= FdbRequest.NDMSG_LEN
        && (m.buf()[m.payloadOffset()] & 0xff) == FdbRequest.AF_BRIDGE;
  }

  /** Decodes an AF_BRIDGE RTM_NEWNEIGH. */
  public static Fdb decode(Message m) {
    Link.check(m, FdbRequest.RTM_NEWNEIGH, FdbRequest.NDMSG_LEN);
    Attrs a = m.attrs(FdbRequest.NDMSG_LEN);
    return new Fdb(
        Bytes.u32(m.buf(), m.payloadOffset() + 4, Nl.ORDER),
        a.bytes(FdbRequest.NDA_LLADDR),
        a.bytes(FdbRequest.NDA_DST));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fdb f
        && f.index == index
        && Arrays.equals(f.mac, mac)
        && Arrays.equals(f.dst, dst);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * index + Arrays.hashCode(mac)) + Arrays.hashCode(dst);
  }

  @Override
  public String toString() {
    return "Fdb[index="
        + index
        + ", mac="
        + Arrays.toString(mac)
        + ", dst="
        + Arrays.toString(dst)
        + "]";
  }
}

package nsplay.netlink.rtnl;

import nsplay.netlink.Attrs;
import nsplay.netlink.Message;
import nsplay.netlink.Nl;

/**
 * A qdisc as reported by RTM_NEWQDISC (a dump of {@code tc qdisc show}).
 *
 * @param index tcm_ifindex
 * @param handle tcm_handle
 * @param parent tcm_parent ({@link Rtnl#TC_H_ROOT} for a root qdisc)
 * @param kind TCA_KIND
 * @param options TCA_OPTIONS' payload as the kernel sent it, or null (some kinds have no options;
 *     netem's starts with a struct, not with attributes)
 */
public record Qdisc(int index, int handle, int parent, String kind, byte[] options) {

  public Qdisc {
    options = options == null ? null : options.clone();
  }

  @Override
  public byte[] options() {
    return options == null ? null : options.clone();
  }

  /** Whether it is its link's root qdisc. */
  public boolean root() {
    return parent == Rtnl.TC_H_ROOT;
  }

  /**
   * Decodes an RTM_NEWQDISC message.
   *
   * @throws IllegalArgumentException if {@code m} is not RTM_NEWQDISC or shorter than tcmsg
   */
  public static Qdisc decode(Message m) {
    Link.check(m, Rtnl.RTM_NEWQDISC, Rtnl.TCMSG_LEN);
    java.nio.ByteBuffer p = m.payload().order(Nl.ORDER);
    int index = p.getInt(4);
    int handle = p.getInt(8);
    int parent = p.getInt(12);
    Attrs a = m.attrs(Rtnl.TCMSG_LEN);
    return new Qdisc(index, handle, parent, a.string(Rtnl.TCA_KIND), a.bytes(Rtnl.TCA_OPTIONS));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Qdisc q
        && index == q.index
        && handle == q.handle
        && parent == q.parent
        && java.util.Objects.equals(kind, q.kind)
        && java.util.Arrays.equals(options, q.options);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(index, handle, parent, kind) * 31
        + java.util.Arrays.hashCode(options);
  }

  @Override
  public String toString() {
    return "Qdisc[" + index + " " + Integer.toHexString(handle) + " " + kind + "]";
  }
}

package nsplay.netlink.rtnl;

import java.util.function.Consumer;
import nsplay.netlink.MessageBuilder;
import nsplay.netlink.Nl;

/**
 * RTM_NEWQDISC / RTM_DELQDISC / RTM_GETQDISC requests for a link's root qdisc, as {@code tc qdisc
 * replace|del dev LINK root ...} sends them (iproute2 tc/tc_qdisc.c).
 *
 * <pre>
 * nlmsghdr | tcmsg{AF_UNSPEC, ifindex, handle 0, parent TC_H_ROOT, info 0}
 *          | TCA_KIND "netem\0" | TCA_OPTIONS{ kind-specific: written by the caller }
 * </pre>
 */
public final class QdiscRequest {
  private QdiscRequest() {}

  /**
   * {@code tc qdisc replace dev LINK root KIND ...} (REQUEST|ACK|CREATE|REPLACE).
   *
   * @param options writes TCA_OPTIONS' payload (the builder is inside the open TCA_OPTIONS); null
   *     for none
   */
  public static byte[] replaceRoot(
      int seq, int ifindex, String kind, Consumer<MessageBuilder> options) {
    MessageBuilder b =
        new MessageBuilder(
                Rtnl.RTM_NEWQDISC,
                Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_REPLACE)
            .putStruct(Rtnl.tcmsg(ifindex, 0, Rtnl.TC_H_ROOT))
            .putString(Rtnl.TCA_KIND, kind);
    if (options != null) {
      int nest = b.nestStart(Rtnl.TCA_OPTIONS);
      options.accept(b);
      b.nestEnd(nest);
    }
    return b.build(seq);
  }

  /**
   * A create request for a root qdisc of {@code kind} without options (REQUEST|ACK|CREATE): every
   * kind nsplay uses refuses it in its init (EINVAL) and nothing changes, while a kernel without
   * the kind answers ENOENT ("Specified qdisc kind is unknown"). What asks the kernel whether it
   * has a qdisc kind without changing anything.
   */
  public static byte[] probe(int seq, int ifindex, String kind) {
    return new MessageBuilder(Rtnl.RTM_NEWQDISC, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE)
        .putStruct(Rtnl.tcmsg(ifindex, 0, Rtnl.TC_H_ROOT))
        .putString(Rtnl.TCA_KIND, kind)
        .build(seq);
  }

  /** {@code tc qdisc del dev LINK root}: the link's root qdisc goes back to the default. */
  public static byte[] deleteRoot(int seq, int ifindex) {
    return new MessageBuilder(Rtnl.RTM_DELQDISC, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK)
        .putStruct(Rtnl.tcmsg(ifindex, 0, Rtnl.TC_H_ROOT))
        .build(seq);
  }

  /** {@code tc qdisc show}: every qdisc of the namespace (the kernel does not filter by link). */
  public static byte[] dump(int seq) {
    return new MessageBuilder(Rtnl.RTM_GETQDISC, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP)
        .putStruct(Rtnl.tcmsg(0, 0, 0))
        .build(seq);
  }
}

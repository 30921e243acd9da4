package nsplay.netlink.rtnl;

import java.util.function.Consumer;
import nsplay.netlink.MessageBuilder;
import nsplay.netlink.Nl;

/**
 * Fluent builder of one RTM_NEWLINK / RTM_DELLINK request.
 *
 * <pre>
 * nlmsghdr | ifinfomsg{family 0, index, flags, change}
 *          | [IFLA_LINK] [IFLA_IFNAME] [IFLA_GROUP] [IFLA_MASTER] [IFLA_NET_NS_FD] [IFLA_IFALIAS]
 *          | [IFLA_LINKINFO{IFLA_INFO_KIND, [IFLA_INFO_DATA{VETH_INFO_PEER{
 *                ifinfomsg, IFLA_IFNAME, [IFLA_NET_NS_FD], [IFLA_GROUP]}}]}]
 * </pre>
 *
 * <p>About flags: the kernel applies {@code ifi_flags} under the mask {@code ifi_change}, and
 * {@code ifi_change == 0} with non-zero flags means "all flags". Unless {@link #up(boolean)} is
 * called both stay 0, and the kernel then skips flag handling entirely (rtnetlink only changes
 * flags when either is non-zero): harmless for create, change and delete alike, but it means "leave
 * the state alone", so call {@code up(...)} whenever the state matters. {@code up(b)} always sets
 * {@code ifi_change = IFF_UP}, so no other flag is ever touched.
 */
public final class LinkRequest {
  private final int type;
  private final int nlFlags;
  private final int index;
  private String name;
  private int link;
  private boolean upSet;
  private boolean up;
  private Integer master;
  private int netnsFd = -1;
  private String alias;
  private Integer group;
  private Integer addrGenMode;
  private String kind;
  private PeerSpec peer;
  private Consumer<MessageBuilder> data;

  private LinkRequest(int type, int nlFlags, int index) {
    this.type = type;
    this.nlFlags = nlFlags;
    this.index = index;
  }

  /** Creates a new link (RTM_NEWLINK, REQUEST|ACK|CREATE|EXCL): EEXIST if the name is taken. */
  public static LinkRequest create() {
    return new LinkRequest(
        Rtnl.RTM_NEWLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK | Nl.NLM_F_CREATE | Nl.NLM_F_EXCL, 0);
  }

  /** Changes an existing link (RTM_NEWLINK, REQUEST|ACK): name, state, master, netns, alias. */
  public static LinkRequest change(int ifindex) {
    return new LinkRequest(Rtnl.RTM_NEWLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, checkIndex(ifindex));
  }

  /** Deletes one link (RTM_DELLINK); a veth takes its peer with it. */
  public static LinkRequest delete(int ifindex) {
    return new LinkRequest(Rtnl.RTM_DELLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, checkIndex(ifindex));
  }

  /**
   * Deletes every link of a group in one request (RTM_DELLINK, ifindex 0, IFLA_GROUP): one RCU
   * grace period for all of them instead of one each. Group 0 (the default group, which holds every
   * ordinary link, lo included) is refused.
   */
  public static LinkRequest deleteGroup(int group) {
    if (group == 0) {
      throw new IllegalArgumentException("group must not be 0 (the default group of every link)");
    }
    LinkRequest r = new LinkRequest(Rtnl.RTM_DELLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_ACK, 0);
    r.group = group;
    return r;
  }

  /** Dumps every link (RTM_GETLINK, REQUEST|DUMP, ifinfomsg family AF_UNSPEC). */
  public static byte[] dump(int seq) {
    return new MessageBuilder(Rtnl.RTM_GETLINK, Nl.NLM_F_REQUEST | Nl.NLM_F_DUMP)
        .putStruct(Rtnl.ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0))
        .build(seq);
  }

  /** Gets one link by name (RTM_GETLINK, REQUEST, IFLA_IFNAME); the kernel answers ENODEV. */
  public static byte[] getByName(int seq, String name) {
    return new MessageBuilder(Rtnl.RTM_GETLINK, Nl.NLM_F_REQUEST)
        .putStruct(Rtnl.ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0))
        .putString(Rtnl.IFLA_IFNAME, Rtnl.checkIfName("name", name))
        .build(seq);
  }

  /** IFLA_IFNAME: the new link's name, a rename on change, or delete-by-name with index 0. */
  public LinkRequest name(String name) {
    this.name = Rtnl.checkIfName("name", name);
    return this;
  }

  /**
   * IFLA_LINK: the link a new one is stacked on (a macvlan's or vlan's parent), by its ifindex in
   * the namespace the new link is created in. Written first, where iproute2 writes it.
   */
  public LinkRequest link(int ifindex) {
    this.link = checkIndex(ifindex);
    return this;
  }

  /** Sets (true) or clears (false) IFF_UP; ifi_change becomes IFF_UP either way. */
  public LinkRequest up(boolean up) {
    this.upSet = true;
    this.up = up;
    return this;
  }

  /** IFLA_MASTER: enslave to the bridge with this ifindex; 0 releases ("nomaster"). */
  public LinkRequest master(int ifindex) {
    if (ifindex < 0) {
      throw new IllegalArgumentException("master ifindex must be >= 0, got " + ifindex);
    }
    this.master = ifindex;
    return this;
  }

  /** IFLA_NET_NS_FD: create the link in (or move it to) the namespace open on {@code fd}. */
  public LinkRequest netnsFd(int fd) {
    if (fd < 0) {
      throw new IllegalArgumentException("netns fd must be >= 0, got " + fd);
    }
    this.netnsFd = fd;
    return this;
  }

  /**
   * IFLA_IFALIAS. The kernel ignores it inside a create request, so {@link #build} refuses that
   * combination: set it with {@link #change(int)} on the new ifindex.
   */
  public LinkRequest alias(String alias) {
    if (alias == null) {
      throw new IllegalArgumentException("alias must not be null");
    }
    if (alias.length() > 255) {
      throw new IllegalArgumentException("alias must be at most 255 chars, got " + alias.length());
    }
    this.alias = alias;
    return this;
  }

  /**
   * IFLA_AF_SPEC{AF_INET6{IFLA_INET6_ADDR_GEN_MODE mode}}: how the link makes its IPv6 link-local
   * address ({@code ip link set DEV addrgenmode none}). The kernel reads it in a change request
   * only, after IFF_UP: set it before the link goes up.
   */
  public LinkRequest addrGenMode(int mode) {
    if (mode < 0 || mode > 0xff) {
      throw new IllegalArgumentException("addrgenmode must be 0-255, got " + mode);
    }
    this.addrGenMode = mode;
    return this;
  }

  /** IFLA_GROUP: link group, for {@link #deleteGroup(int)}. */
  public LinkRequest group(int group) {
    this.group = group;
    return this;
  }

  /** IFLA_LINKINFO{IFLA_INFO_KIND kind}, for kinds without data ("bridge", "ifb"). */
  public LinkRequest kind(String kind) {
    if (kind == null || kind.isEmpty()) {
      throw new IllegalArgumentException("kind must be non-empty, got " + kind);
    }
    if (kind.equals("veth")) {
      throw new IllegalArgumentException("kind \"veth\" needs a peer: use veth(PeerSpec)");
    }
    this.kind = kind;
    this.peer = null;
    this.data = null;
    return this;
  }

  /**
   * IFLA_LINKINFO{IFLA_INFO_KIND kind, IFLA_INFO_DATA{what {@code data} writes}}: any link kind
   * with its kind-specific attributes, so that a new kind needs no new method here. {@code data}
   * writes the attributes inside IFLA_INFO_DATA (not the nest itself); null means no IFLA_INFO_DATA
   * at all, which is what the kernel expects of kinds without data.
   */
  public LinkRequest linkInfo(String kind, Consumer<MessageBuilder> data) {
    if (kind == null || kind.isEmpty()) {
      throw new IllegalArgumentException("kind must be non-empty, got " + kind);
    }
    this.kind = kind;
    this.peer = null;
    this.data = data;
    return this;
  }

  /**
   * Writes VETH_INFO_PEER{ifinfomsg, IFLA_IFNAME, [IFLA_NET_NS_FD], [IFLA_GROUP]}: the contents of
   * a veth's IFLA_INFO_DATA. The peer's ifinfomsg stays all-zero: IFF_UP there fails with ENOTCONN.
   */
  public static void vethPeer(MessageBuilder b, PeerSpec peer) {
    int p = b.nestStart(Rtnl.VETH_INFO_PEER);
    b.putStruct(Rtnl.ifinfomsg(Rtnl.AF_UNSPEC, 0, 0, 0));
    b.putString(Rtnl.IFLA_IFNAME, peer.name());
    if (peer.netnsFd() >= 0) {
      b.putU32(Rtnl.IFLA_NET_NS_FD, peer.netnsFd());
    }
    if (peer.group() != 0) {
      b.putU32(Rtnl.IFLA_GROUP, peer.group());
    }
    b.nestEnd(p);
  }

  /** A veth pair whose other end is described by {@code peer}. */
  public LinkRequest veth(PeerSpec peer) {
    if (peer == null) {
      throw new IllegalArgumentException("peer must not be null");
    }
    this.kind = "veth";
    this.peer = peer;
    this.data = null;
    return this;
  }

  /** The request bytes with sequence number {@code seq}. */
  public byte[] build(int seq) {
    if (alias != null && type == Rtnl.RTM_NEWLINK && (nlFlags & Nl.NLM_F_CREATE) != 0) {
      throw new IllegalStateException(
          "alias \"" + alias + "\" would be ignored in a create request; set it with change()");
    }
    int flags = upSet && up ? Rtnl.IFF_UP : 0;
    int change = upSet ? Rtnl.IFF_UP : 0;
    MessageBuilder b =
        new MessageBuilder(type, nlFlags)
            .putStruct(Rtnl.ifinfomsg(Rtnl.AF_UNSPEC, index, flags, change));
    if (link != 0) {
      b.putU32(Rtnl.IFLA_LINK, link);
    }
    if (name != null) {
      b.putString(Rtnl.IFLA_IFNAME, name);
    }
    if (group != null) {
      b.putU32(Rtnl.IFLA_GROUP, group);
    }
    if (master != null) {
      b.putU32(Rtnl.IFLA_MASTER, master);
    }
    if (netnsFd >= 0) {
      b.putU32(Rtnl.IFLA_NET_NS_FD, netnsFd);
    }
    if (alias != null) {
      b.putString(Rtnl.IFLA_IFALIAS, alias);
    }
    if (addrGenMode != null) {
      int af = b.nestStart(Rtnl.IFLA_AF_SPEC);
      int six = b.nestStart(Rtnl.AF_INET6);
      b.putU8(Rtnl.IFLA_INET6_ADDR_GEN_MODE, addrGenMode);
      b.nestEnd(six);
      b.nestEnd(af);
    }
    if (kind != null) {
      int linkinfo = b.nestStart(Rtnl.IFLA_LINKINFO);
      b.putString(Rtnl.IFLA_INFO_KIND, kind);
      if (peer != null) {
        int d = b.nestStart(Rtnl.IFLA_INFO_DATA);
        vethPeer(b, peer);
        b.nestEnd(d);
      } else if (data != null) {
        int d = b.nestStart(Rtnl.IFLA_INFO_DATA);
        data.accept(b);
        b.nestEnd(d);
      }
      b.nestEnd(linkinfo);
    }
    return b.build(seq);
  }

  private static int checkIndex(int ifindex) {
    if (ifindex <= 0) {
      throw new IllegalArgumentException("ifindex must be > 0, got " + ifindex);
    }
    return ifindex;
  }
}

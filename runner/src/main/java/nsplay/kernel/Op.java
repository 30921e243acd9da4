package nsplay.kernel;

import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * One kernel change as data, one record per verb, and its words as iproute2, nft and sysctl spell
 * it: the only place those words are written. Both kernels record the Ops they carry out (for -v
 * and --json, see {@link Kernel#takeOperations}); task plans list the same records (--check,
 * --diff), so every view of a run says the same thing.
 *
 * <p>A namespace of null is the lab's host: no {@code -n} prefix. Links are named, not numbered:
 * what a reader of -v can type again.
 */
public sealed interface Op {

  /** The change in ip's (or nft's, or sysctl's) words. */
  String words();

  /** iproute2's prefix for a command in {@code netns}: {@code -n NS }, nothing for the host. */
  static String ipIn(String netns) {
    return netns == null ? "" : "-n " + netns + " ";
  }

  /** The prefix of a non-ip command run in {@code netns}: {@code ip netns exec NS }. */
  static String exec(String netns) {
    return netns == null ? "" : "ip netns exec " + netns + " ";
  }

  record NetnsAdd(String name) implements Op {
    @Override
    public String words() {
      return "netns add " + name;
    }
  }

  record NetnsDel(String name) implements Op {
    @Override
    public String words() {
      return "netns del " + name;
    }
  }

  /** {@code ip link add NAME type ...}: the group and up of the request are not shown. */
  record LinkAdd(String netns, String name, LinkSpec spec) implements Op {
    @Override
    public String words() {
      return ipIn(netns) + "link add " + name + " " + spec.words(netns);
    }
  }

  record LinkSetUp(String netns, String name, boolean up) implements Op {
    @Override
    public String words() {
      return ipIn(netns) + "link set " + name + (up ? " up" : " down");
    }
  }

  /**
   * @param master the bridge's name, or null for {@code nomaster}
   */
  record LinkSetMaster(String netns, String name, String master) implements Op {
    @Override
    public String words() {
      return ipIn(netns)
          + "link set "
          + name
          + (master == null ? " nomaster" : " master " + master);
    }
  }

  /** {@code ip link set NAME alias TEXT [up]}: one request, a new link's mark and state. */
  record LinkSetAlias(String netns, String name, String alias, boolean up) implements Op {
    @Override
    public String words() {
      return ipIn(netns) + "link set " + name + " alias " + alias + (up ? " up" : "");
    }
  }

  /** {@code ip link set NAME addrgenmode none}: no IPv6 link-local address when it goes up. */
  record LinkSetNoIpv6LinkLocal(String netns, String name) implements Op {
    @Override
    public String words() {
      return ipIn(netns) + "link set " + name + " addrgenmode none";
    }
  }

  /**
   * @param target the namespace moved to; null for the lab's host, which iproute2 cannot name by a
   *     namespace name, so it reads {@code (host)}
   */
  record LinkSetNetns(String netns, String name, String target) implements Op {
    @Override
    public String words() {
      return ipIn(netns) + "link set " + name + " netns " + (target == null ? "(host)" : target);
    }
  }

  record LinkDel(String netns, String name) implements Op {
    @Override
    public String words() {
      return ipIn(netns) + "link del " + name;
    }
  }

  record LinkDelGroup(String netns, int group) implements Op {
    @Override
    public String words() {
      return ipIn(netns) + "link del group " + group;
    }
  }

  /**
   * @param nodad IPv6 only: the address is usable at once, without duplicate address detection
   *     (IFA_F_NODAD)
   */
  record AddrAdd(String netns, Cidr cidr, String dev, boolean nodad) implements Op {
    public AddrAdd(String netns, Cidr cidr, String dev) {
      this(netns, cidr, dev, false);
    }

    @Override
    public String words() {
      return ipIn(netns) + "addr add " + cidr + " dev " + dev + (nodad ? " nodad" : "");
    }
  }

  record AddrDel(String netns, Cidr cidr, String dev) implements Op {
    @Override
    public String words() {
      return ipIn(netns) + "addr del " + cidr + " dev " + dev;
    }
  }

  /** The verbs of {@code ip route}. */
  enum RouteVerb {
    ADD,
    REPLACE,
    DEL;

    String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * {@code ip [-6] route add|replace|del TO [via GW] [dev DEV]}.
   *
   * @param v4 the route's IP version: {@code -6} is written for IPv6, which alone tells the version
   *     of a default route without a gateway
   * @param dst null for {@code default}
   * @param via the gateway, or null
   * @param dev the output link's name, or null
   */
  record Route(String netns, boolean v4, RouteVerb verb, Cidr dst, Ip via, String dev)
      implements Op {
    @Override
    public String words() {
      return ipIn(netns)
          + (v4 ? "" : "-6 ")
          + "route "
          + verb.word()
          + " "
          + (dst == null ? "default" : dst.toString())
          + (via == null ? "" : " via " + via)
          + (dev == null ? "" : " dev " + dev);
    }
  }

  record Sysctl(String netns, String key, String value) implements Op {
    @Override
    public String words() {
      return exec(netns) + "sysctl -w " + key + "=" + value;
    }
  }

  /** A table, with the comment that marks it as a lab's (null: none). */
  record NftAddTable(String netns, String table, String comment) implements Op {
    @Override
    public String words() {
      return exec(netns)
          + "nft add table ip "
          + table
          + (comment == null ? "" : " { comment \"" + comment + "\" ; }");
    }
  }

  /** The lab's NAT chain: type nat, hook postrouting, priority srcnat (100). */
  record NftAddNatChain(String netns, String table, String chain) implements Op {
    @Override
    public String words() {
      return exec(netns)
          + "nft add chain ip "
          + table
          + " "
          + chain
          + " { type nat hook postrouting priority srcnat; }";
    }
  }

  record NftMasquerade(String netns, String table, String chain, Cidr source, String out)
      implements Op {
    @Override
    public String words() {
      return exec(netns)
          + "nft add rule ip "
          + table
          + " "
          + chain
          + " ip saddr "
          + source
          + " oifname \""
          + out
          + "\" masquerade";
    }
  }

  /** A base chain of the lab's table, with a policy when not null. */
  record NftAddChain(String netns, String table, NftRuleSpec.Chain chain, String policy)
      implements Op {
    @Override
    public String words() {
      return exec(netns)
          + "nft add chain ip "
          + table
          + " "
          + chain.name
          + " "
          + chain.words(policy);
    }
  }

  /**
   * A rule of the lab's table with its comment: {@code insert rule} (first in the chain) when
   * {@code after} is 0, else {@code add rule ... position AFTER}.
   */
  record NftAddRule(String netns, String table, NftRuleSpec rule, String comment, long after)
      implements Op {
    @Override
    public String words() {
      return exec(netns)
          + (after == 0 ? "nft insert rule ip " : "nft add rule ip ")
          + table
          + " "
          + rule.chain().name
          + (after == 0 ? " " : " position " + after + " ")
          + rule.words()
          + " comment \""
          + comment.replace("\"", "\\\"")
          + "\"";
    }
  }

  /** A rule of the lab's table put back in its place, by its handle. */
  record NftReplaceRule(String netns, String table, NftRuleSpec rule, String comment, long handle)
      implements Op {
    @Override
    public String words() {
      return exec(netns)
          + "nft replace rule ip "
          + table
          + " "
          + rule.chain().name
          + " handle "
          + handle
          + " "
          + rule.words()
          + " comment \""
          + comment.replace("\"", "\\\"")
          + "\"";
    }
  }

  record NftDeleteTable(String netns, String table) implements Op {
    @Override
    public String words() {
      return exec(netns) + "nft delete table ip " + table;
    }
  }

  /** tc's prefix for a command in {@code netns}: {@code -n NS }, nothing for the host. */
  static String tcIn(String netns) {
    return "tc " + ipIn(netns);
  }

  /** {@code tc qdisc replace dev DEV root KIND ...}. */
  record QdiscReplace(String netns, String dev, QdiscSpec spec) implements Op {
    @Override
    public String words() {
      return tcIn(netns) + "qdisc replace dev " + dev + " root " + spec.words();
    }
  }

  /** {@code tc qdisc del dev DEV root}. */
  record QdiscDel(String netns, String dev) implements Op {
    @Override
    public String words() {
      return tcIn(netns) + "qdisc del dev " + dev + " root";
    }
  }

  /** bridge's prefix for a command in {@code netns}: {@code -n NS }, nothing for the host. */
  static String bridgeIn(String netns) {
    return "bridge " + ipIn(netns);
  }

  /** {@code bridge fdb append 00:00:00:00:00:00 dev DEV dst DST}: a vxlan's flood remote. */
  record FdbAppend(String netns, String dev, Ip dst) implements Op {
    @Override
    public String words() {
      return bridgeIn(netns) + "fdb append 00:00:00:00:00:00 dev " + dev + " dst " + dst;
    }
  }

  /** {@code bridge fdb del 00:00:00:00:00:00 dev DEV dst DST}. */
  record FdbDel(String netns, String dev, Ip dst) implements Op {
    @Override
    public String words() {
      return bridgeIn(netns) + "fdb del 00:00:00:00:00:00 dev " + dev + " dst " + dst;
    }
  }

  /** A namespace's /etc file written whole ({@link Kernel#etcWrite}). */
  record EtcWrite(EtcFile file, String content) implements Op {
    @Override
    public String words() {
      long lines = content.isEmpty() ? 0 : content.split("\n", -1).length - 1;
      return "write " + file + " (" + lines + (lines == 1 ? " line)" : " lines)");
    }
  }

  /** {@code rm /etc/netns/NETNS/NAME}. */
  record EtcRemove(EtcFile file) implements Op {
    @Override
    public String words() {
      return "rm " + file;
    }
  }

  /** {@code rmdir /etc/netns/NETNS} (null: {@code /etc/netns}). */
  record EtcRemoveFolder(String netns) implements Op {
    @Override
    public String words() {
      return "rmdir " + (netns == null ? EtcFile.ROOT : EtcFile.ROOT.resolve(netns));
    }
  }
}

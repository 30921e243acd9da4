package nsplay.kernel;

import nsplay.net.Cidr;

/**
 * An address on an interface ({@code ip addr}): the interface's index and address/prefix, and who
 * added it (IFA_PROTO: {@link #NSPLAY} for nsplay's; 0 when unset, or on Linux before 5.18).
 */
public record AddrInfo(int index, Cidr cidr, int proto) {
  /** nsplay's IFA_PROTO ({@code proto 217}); why this number: Rtnl.RTPROT_NSPLAY. */
  public static final int NSPLAY = nsplay.netlink.rtnl.Rtnl.IFAPROT_NSPLAY;

  /** An address of no particular origin. */
  public AddrInfo(int index, Cidr cidr) {
    this(index, cidr, 0);
  }

  /** Whether this is {@code cidr} on link {@code index}, whoever added it. */
  public boolean is(int index, Cidr cidr) {
    return this.index == index && this.cidr.equals(cidr);
  }
}

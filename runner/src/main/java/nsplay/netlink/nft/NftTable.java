package nsplay.netlink.nft;

import nsplay.netlink.Attrs;
import nsplay.netlink.Message;

/**
 * A table from a GETTABLE dump (or a NEWTABLE notification).
 *
 * @param family nfgen_family (NFPROTO_*)
 * @param name NFTA_TABLE_NAME
 * @param flags NFTA_TABLE_FLAGS (NFT_TABLE_F_*)
 * @param handle NFTA_TABLE_HANDLE
 * @param use NFTA_TABLE_USE: number of chains
 * @param userdata whether the table has NFTA_TABLE_USERDATA at all
 * @param comment the comment in it (nft's {@code comment "..."}, {@link Nft#commentFromUserdata}),
 *     or null
 */
public record NftTable(
    int family, String name, int flags, long handle, int use, boolean userdata, String comment) {

  /** A table without user data. */
  public NftTable(int family, String name, int flags, long handle, int use) {
    this(family, name, flags, handle, use, false, null);
  }

  /**
   * @throws IllegalArgumentException if {@code m} is not an nf_tables NEWTABLE message
   */
  public static NftTable decode(Message m) {
    Attrs a = NftRule.attrs(m, Nft.NFT_MSG_NEWTABLE);
    byte[] udata = a.bytes(Nft.NFTA_TABLE_USERDATA);
    return new NftTable(
        Nft.family(m),
        a.string(Nft.NFTA_TABLE_NAME),
        a.u32Be(Nft.NFTA_TABLE_FLAGS),
        a.u64Be(Nft.NFTA_TABLE_HANDLE),
        a.u32Be(Nft.NFTA_TABLE_USE),
        udata != null,
        Nft.commentFromUserdata(udata));
  }
}

package nsplay.netlink.nft;

import nsplay.netlink.Attrs;
import nsplay.netlink.Message;

/**
 * A chain from a GETCHAIN dump. Its family is the message's, see {@link Nft#family(Message)}.
 *
 * @param table NFTA_CHAIN_TABLE
 * @param name NFTA_CHAIN_NAME
 * @param handle NFTA_CHAIN_HANDLE
 * @param hooknum NFTA_HOOK_HOOKNUM, or -1 for a regular (non-base) chain
 * @param priority NFTA_HOOK_PRIORITY (signed), 0 for a regular chain
 * @param type NFTA_CHAIN_TYPE ("nat"...), or null for a regular chain
 * @param policy NFTA_CHAIN_POLICY ({@link Nft#NF_ACCEPT}, {@link Nft#NF_DROP}), -1 for none
 */
public record NftChain(
    String table, String name, long handle, int hooknum, int priority, String type, int policy) {

  /** A chain without a policy. */
  public NftChain(String table, String name, long handle, int hooknum, int priority, String type) {
    this(table, name, handle, hooknum, priority, type, -1);
  }

  /** True for a base chain (attached to a netfilter hook). */
  public boolean isBase() {
    return hooknum >= 0;
  }

  /**
   * @throws IllegalArgumentException if {@code m} is not an nf_tables NEWCHAIN message
   */
  public static NftChain decode(Message m) {
    Attrs a = NftRule.attrs(m, Nft.NFT_MSG_NEWCHAIN);
    Attrs hook = a.nested(Nft.NFTA_CHAIN_HOOK);
    return new NftChain(
        a.string(Nft.NFTA_CHAIN_TABLE),
        a.string(Nft.NFTA_CHAIN_NAME),
        a.u64Be(Nft.NFTA_CHAIN_HANDLE),
        hook.u32Be(Nft.NFTA_HOOK_HOOKNUM, -1),
        hook.u32Be(Nft.NFTA_HOOK_PRIORITY),
        a.string(Nft.NFTA_CHAIN_TYPE),
        a.u32Be(Nft.NFTA_CHAIN_POLICY, -1));
  }
}

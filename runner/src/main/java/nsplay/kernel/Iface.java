package nsplay.kernel;

/**
 * A network interface as the kernel reports it (one RTM_NEWLINK of a dump), reduced to what tasks
 * decide on.
 *
 * @param peerIndex for a veth, the peer's ifindex in the peer's namespace (IFLA_LINK); 0 if none
 * @param master ifindex of the bridge it is enslaved to; 0 if none
 */
public record Iface(
    int index,
    String name,
    String kind,
    boolean up,
    int master,
    int peerIndex,
    String alias,
    int group) {}

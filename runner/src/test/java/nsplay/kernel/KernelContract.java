package nsplay.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nsplay.jni.Errno;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every kernel implementation does alike: the same writes give the same reads and the same
 * operation words. Run against the in-memory kernel (DryRunKernelContractTest, no root) and the
 * live one inside a throwaway namespace playing the host (LiveKernelContractIT, root). Each test
 * starts on a host as the subclass provides it and creates its namespaces through the kernel.
 */
public abstract class KernelContract {
  static final int GROUP = 4242;
  static final String KEY = "net.ipv4.ip_forward";

  protected Kernel k;
  private final List<String> made = new ArrayList<>();

  /** The kernel under test, on a host of its own. */
  protected abstract Kernel open();

  /** A namespace name unique to this run (the live kernel's are real /run/netns names). */
  protected abstract String uniqueNetns(String tag);

  /** Needs the kernel to have {@code feature}: skipped without it unless the subclass says more. */
  protected void assumeFeature(boolean present, String feature) {
    org.junit.jupiter.api.Assumptions.assumeTrue(present, () -> "this kernel lacks " + feature);
  }

  /** Removes what {@link #open} made outside the kernel (the live host namespace). */
  protected void release() {}

  @BeforeEach
  public void openKernel() {
    k = open();
  }

  @AfterEach
  public void removeAll() {
    try {
      for (String ns : made) {
        if (k.netnsExists(ns)) {
          k.netnsDelete(ns);
        }
      }
      k.close();
    } finally {
      release();
    }
  }

  /** A new namespace through the kernel, its operation taken. */
  String netns(String tag) {
    String ns = uniqueNetns(tag);
    made.add(ns);
    k.netnsAdd(ns, null, inode -> {});
    k.takeOperations();
    return ns;
  }

  Iface link(String netns, String name) {
    return k.links(netns).get(name).orElseThrow(() -> new AssertionError("no link " + name));
  }

  void ops(String... words) {
    assertEquals(List.of(words), k.takeOperations());
  }

  @Test
  public void netnsAddAndDelete() {
    String ns = uniqueNetns("a");
    made.add(ns);
    long[] told = {-1};
    assertFalse(k.netnsExists(ns));
    k.netnsAdd(ns, "nsplay:contract netns 0", inode -> told[0] = inode);
    assertTrue(k.netnsExists(ns));
    assertTrue(k.netnsList().contains(ns));
    assertTrue(told[0] > 0);
    assertEquals(told[0], k.netnsInode(ns), "identity told before naming is the one it has");
    NetnsFile file = k.netnsFile(ns);
    assertEquals(told[0], file.inode(), "one stat tells the same identity");
    assertFalse(file.leftover());
    assertEquals(List.of("lo"), k.links(ns).all().stream().map(Iface::name).toList());
    assertEquals("nsplay:contract netns 0", k.loAlias(ns), "lo carries its mark from the start");
    ops("netns add " + ns);
    k.netnsDelete(ns);
    assertFalse(k.netnsExists(ns));
    assertEquals(-1, k.netnsInode(ns));
    assertNull(k.netnsFile(ns));
    ops("netns del " + ns);
  }

  @Test
  public void linkKindsAreAskedForWithoutAChange() {
    List<String> before = k.links(null).all().stream().map(Iface::name).toList();
    List<String> namespaces = k.netnsList();
    assertTrue(k.hasLinkKind("veth"));
    assertTrue(k.hasLinkKind("bridge"));
    assertTrue(k.hasLinkKind("macvlan"));
    assertFalse(k.hasLinkKind("nsplaynokind"));
    assertEquals(before, k.links(null).all().stream().map(Iface::name).toList());
    assertEquals(namespaces, k.netnsList());
    ops();
  }

  @Test
  public void macvlanOnAParentOfItsNamespace() {
    String a = netns("a");
    k.links(a).add("kp0", new LinkSpec.Veth("kp1", a), true, GROUP);
    k.takeOperations();
    int mv = k.links(a).add("km0", new LinkSpec.Macvlan("kp0", "bridge"), false, GROUP);
    ops("-n " + a + " link add km0 link kp0 type macvlan mode bridge");
    Iface m = link(a, "km0");
    assertEquals(mv, m.index());
    assertEquals("macvlan", m.kind());
    assertEquals(new LinkSpec.Macvlan(null, "bridge"), m.spec());
    assertEquals(link(a, "kp0").index(), m.peerIndex(), "IFLA_LINK: the parent");
    nsplay.jni.NativeException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            nsplay.jni.NativeException.class,
            () -> k.links(a).add("km1", new LinkSpec.Macvlan("nosuch", "bridge"), false, GROUP));
    assertEquals(nsplay.jni.Errno.ENODEV, e.errno());
    assertFalse(k.links(a).get("km1").isPresent());
  }

  @Test
  public void vethWithThePeerInAnotherNamespaceAndOnTheHost() {
    String a = netns("a");
    int end = k.links(null).add("ka0", new LinkSpec.Veth("ka1", a), true, GROUP);
    ops("link add ka0 type veth peer ka1 netns " + a);
    Iface e = link(null, "ka0");
    Iface p = link(a, "ka1");
    assertEquals(end, e.index());
    assertEquals("veth", e.kind());
    assertInstanceOf(LinkSpec.Veth.class, e.spec());
    assertTrue(e.up());
    assertFalse(p.up(), "the peer comes up on its own request");
    assertEquals(GROUP, e.group());
    assertEquals(GROUP, p.group(), "the peer is in the group too");
    assertEquals(p.index(), e.peerIndex());
    assertEquals(e.index(), p.peerIndex());

    k.links(a).add("kb0", new LinkSpec.Veth("kb1", null), false, GROUP);
    ops("-n " + a + " link add kb0 type veth peer kb1 (on the host)");
    assertEquals(link(null, "kb1").index(), link(a, "kb0").peerIndex());

    k.links(null).add("kc0", new LinkSpec.Veth("kc1", null), false, 0);
    ops("link add kc0 type veth peer kc1");
    assertEquals(link(null, "kc1").index(), link(null, "kc0").peerIndex());
  }

  @Test
  public void aLinkToldBeforeUpMakesNoIpv6LinkLocal() {
    int a = k.links(null).add("kn0", new LinkSpec.Veth("kn1", null), false, GROUP);
    int b = link(null, "kn1").index();
    k.links(null).noIpv6LinkLocal(a);
    k.links(null).mark(a, "nsplay:x", true);
    k.links(null).setUp(b, true);
    ops(
        "link add kn0 type veth peer kn1",
        "link set kn0 addrgenmode none",
        "link set kn0 alias nsplay:x up",
        "link set kn1 up");
    assertTrue(
        k.links(null).addrs().stream().noneMatch(x -> x.index() == a),
        () -> "kn0 has addresses: " + k.links(null).addrs());
  }

  @Test
  public void bridgeUpMasterAliasAndMark() {
    int br = k.links(null).add("kbr", new LinkSpec.Bridge(), false, GROUP);
    int v = k.links(null).add("kv0", new LinkSpec.Veth("kv1", null), false, GROUP);
    ops("link add kbr type bridge", "link add kv0 type veth peer kv1");
    assertEquals(new LinkSpec.Bridge(), link(null, "kbr").spec());
    assertFalse(link(null, "kbr").up());
    k.links(null).setUp(br, true);
    assertTrue(link(null, "kbr").up());
    k.links(null).setMaster(v, br);
    assertEquals(br, link(null, "kv0").master());
    k.links(null).setMaster(v, 0);
    assertEquals(0, link(null, "kv0").master());
    k.links(null).setAlias(br, "nsplay:x");
    assertEquals("nsplay:x", link(null, "kbr").alias());
    int peer = link(null, "kv1").index();
    k.links(null).mark(peer, "nsplay:y", true);
    assertEquals("nsplay:y", link(null, "kv1").alias());
    assertTrue(link(null, "kv1").up());
    k.links(null).setUp(br, false);
    assertFalse(link(null, "kbr").up());
    ops(
        "link set kbr up",
        "link set kv0 master kbr",
        "link set kv0 nomaster",
        "link set kbr alias nsplay:x",
        "link set kv1 alias nsplay:y up",
        "link set kbr down");
  }

  @Test
  public void moveThereAndBack() {
    String a = netns("a");
    int v = k.links(null).add("km0", new LinkSpec.Veth("km1", null), false, GROUP);
    k.takeOperations();
    k.links(null).moveTo(v, a);
    assertTrue(k.links(null).get("km0").isEmpty());
    Iface moved = link(a, "km0");
    assertEquals(link(null, "km1").index(), moved.peerIndex());
    ops("link set km0 netns " + a);
    k.links(a).moveTo(moved.index(), null);
    assertTrue(k.links(a).get("km0").isEmpty());
    link(null, "km0");
    ops("-n " + a + " link set km0 netns (host)");
  }

  @Test
  public void deleteTakesTheVethPeerWhereverItIs() {
    String a = netns("a");
    int v = k.links(null).add("kd0", new LinkSpec.Veth("kd1", a), false, GROUP);
    k.takeOperations();
    k.links(null).delete(v);
    assertTrue(k.links(null).get("kd0").isEmpty());
    assertTrue(k.links(a).get("kd1").isEmpty());
    ops("link del kd0");
  }

  @Test
  public void deleteGroupTakesTheGroupAndNothingElse() {
    String a = netns("a");
    k.links(null).add("kg0", new LinkSpec.Veth("kg1", a), false, GROUP);
    k.links(null).add("kgb", new LinkSpec.Bridge(), false, GROUP);
    k.links(null).add("kgo", new LinkSpec.Bridge(), false, GROUP + 1);
    k.takeOperations();
    k.links(null).deleteGroup(GROUP);
    assertTrue(k.links(null).get("kg0").isEmpty());
    assertTrue(k.links(null).get("kgb").isEmpty());
    assertTrue(k.links(a).get("kg1").isEmpty(), "the veth peer in the other namespace goes too");
    link(null, "kgo");
    ops("link del group " + GROUP);
  }

  /** What a route nsplay added looks like: with its mark, nsplay's protocol number. */
  private static RouteInfo ours(RouteInfo r) {
    return new RouteInfo(r.dst(), r.gateway(), r.oif(), RouteInfo.NSPLAY);
  }

  @Test
  public void addresses() {
    int br = k.links(null).add("kad", new LinkSpec.Bridge(), true, GROUP);
    k.takeOperations();
    Cidr v4 = Cidr.parse("10.77.0.1/24");
    Cidr v6 = Cidr.parse("fd77::1/64");
    k.links(null).addAddr(br, v4, true);
    k.links(null).addAddr(br, v6, true);
    assertTrue(k.links(null).addrs().contains(new AddrInfo(br, v4, AddrInfo.NSPLAY)));
    assertTrue(k.links(null).addrs().contains(new AddrInfo(br, v6, AddrInfo.NSPLAY)));
    k.links(null).delAddr(br, v4);
    assertFalse(k.links(null).addrs().contains(new AddrInfo(br, v4, AddrInfo.NSPLAY)));
    ops(
        "addr add 10.77.0.1/24 dev kad",
        "addr add fd77::1/64 dev kad nodad",
        "addr del 10.77.0.1/24 dev kad");
  }

  @Test
  public void routesV4AndV6() {
    String a = netns("a");
    int r0 = k.links(null).add("kr0", new LinkSpec.Veth("kr1", a), true, GROUP);
    int r2 = k.links(null).add("kr2", new LinkSpec.Veth("kr3", a), true, GROUP);
    k.links(a).setUp(link(a, "kr1").index(), true);
    k.links(a).setUp(link(a, "kr3").index(), true);
    k.links(null).addAddr(r0, Cidr.parse("10.78.0.1/24"), false);
    k.takeOperations();

    RouteInfo via = new RouteInfo(Cidr.parse("10.79.0.0/16"), Ip.parse("10.78.0.2"), r0);
    k.links(null).addRoute(via, true, false);
    assertTrue(k.links(null).routes(true).contains(ours(via)));
    RouteInfo dev = new RouteInfo(Cidr.parse("10.79.0.0/16"), null, r2);
    k.links(null).addRoute(dev, true, true);
    assertTrue(k.links(null).routes(true).contains(ours(dev)));
    assertFalse(k.links(null).routes(true).contains(ours(via)), "replaced");
    k.links(null).delRoute(dev, true);
    assertFalse(k.links(null).routes(true).contains(ours(dev)));

    RouteInfo six = new RouteInfo(Cidr.parse("fd79::/64"), null, r0);
    k.links(null).addRoute(six, false, false);
    assertTrue(k.links(null).routes(false).contains(ours(six)));
    RouteInfo six2 = new RouteInfo(Cidr.parse("fd79::/64"), null, r2);
    k.links(null).addRoute(six2, false, true);
    assertTrue(k.links(null).routes(false).contains(ours(six2)));
    assertFalse(k.links(null).routes(false).contains(ours(six)));
    k.links(null).delRoute(six2, false);
    assertFalse(k.links(null).routes(false).contains(ours(six2)));
    ops(
        "route add 10.79.0.0/16 via 10.78.0.2 dev kr0",
        "route replace 10.79.0.0/16 dev kr2",
        "route del 10.79.0.0/16 dev kr2",
        "-6 route add fd79::/64 dev kr0",
        "-6 route replace fd79::/64 dev kr2",
        "-6 route del fd79::/64 dev kr2");
  }

  @Test
  public void routeLookupAsTheKernelChooses() {
    String a = netns("a");
    int v0 = k.links(a).add("kl0", new LinkSpec.Veth("kl1", a), true, GROUP);
    k.links(a).setUp(link(a, "kl1").index(), true);
    k.links(a).addAddr(v0, Cidr.parse("10.81.0.1/24"), false);
    Links l = k.links(a);
    assertEquals(
        new RouteLookup(Errno.ENETUNREACH, null, 0, false), l.lookup(Ip.parse("10.82.0.1")));
    RouteInfo via = new RouteInfo(Cidr.parse("10.82.0.0/16"), Ip.parse("10.81.0.2"), v0);
    l.addRoute(via, true, false);
    k.takeOperations();
    assertEquals(
        new RouteLookup(0, Ip.parse("10.81.0.2"), v0, false), l.lookup(Ip.parse("10.82.3.4")));
    assertEquals(new RouteLookup(0, null, v0, false), l.lookup(Ip.parse("10.81.0.9")));
    assertTrue(l.lookup(Ip.parse("10.81.0.1")).local(), "the namespace's own address");
    assertEquals(1500, l.mtus().get(v0));
    ops(); // a lookup changes nothing
  }

  @Test
  public void etcFilesWrittenWholeAndRemovedWithTheFolder() {
    // Files of /etc/netns/NS are named by namespace, which need not exist.
    EtcFile f = new EtcFile(uniqueNetns("etc"), "hosts");
    boolean root = k.etcRead(f).root();
    assertEquals(new EtcFile.Seen(root, false, null), k.etcRead(f));
    k.etcWrite(f, "10.0.0.1\tred\n");
    assertEquals(new EtcFile.Seen(true, true, "10.0.0.1\tred\n"), k.etcRead(f));
    k.etcWrite(f, "a\nb\n");
    assertEquals("a\nb\n", k.etcRead(f).content());
    assertFalse(k.etcRemoveFolder(f.netns()), "not empty");
    assertTrue(k.etcRemove(f));
    assertFalse(k.etcRemove(f), "gone already");
    assertEquals(new EtcFile.Seen(true, true, null), k.etcRead(f));
    assertTrue(k.etcRemoveFolder(f.netns()));
    assertFalse(k.etcRemoveFolder(f.netns()), "gone already");
    assertEquals(new EtcFile.Seen(true, false, null), k.etcRead(f));
    ops("write " + f + " (1 line)", "write " + f + " (2 lines)", "rm " + f, "rmdir " + f.folder());
    if (!root) {
      k.etcRemoveFolder(null); // made here: gone again, unless another test uses it meanwhile
      k.takeOperations();
    }
  }

  @Test
  public void sysctlInANamespace() {
    String a = netns("a");
    k.setSysctl(a, KEY, "1");
    assertEquals("1", k.sysctl(a, KEY));
    k.setSysctl(a, KEY, "0");
    assertEquals("0", k.sysctl(a, KEY));
    ops(
        "ip netns exec " + a + " sysctl -w " + KEY + "=1",
        "ip netns exec " + a + " sysctl -w " + KEY + "=0");
  }

  @Test
  public void nftMasqueradeThenDeleteTheTable() {
    String a = netns("a");
    Nftables nft = k.nft(a);
    assertFalse(nft.hasTable("kt"));
    nft.addMasquerade("kt", "nsplay:kt", "postrouting", Cidr.parse("10.80.0.0/24"), "eth0", "c1");
    assertTrue(nft.hasTable("kt"));
    // The table carries its mark, as nft's comment.
    assertEquals(Optional.of(new Nftables.Table("kt", true, "nsplay:kt")), nft.table("kt"));
    assertTrue(nft.hasChain("kt", "postrouting"));
    assertEquals(List.of("c1"), nft.ruleComments("kt", "postrouting"));
    String in = "ip netns exec " + a + " ";
    ops(
        in + "nft add table ip kt { comment \"nsplay:kt\" ; }",
        in + "nft add chain ip kt postrouting { type nat hook postrouting priority srcnat; }",
        in + "nft add rule ip kt postrouting ip saddr 10.80.0.0/24 oifname \"eth0\" masquerade");
    nft.deleteTable("kt");
    assertFalse(nft.hasTable("kt"));
    ops(in + "nft delete table ip kt");
  }

  /**
   * A rule placed first, then after it, read back by comment with the expressions sent; replaced in
   * its place; a chain's policy set and read back; all gone with the table.
   */
  @Test
  public void nftRulesInOrderReplacedAndPolicy() {
    String a = netns("f");
    String in = "ip netns exec " + a + " ";
    Nftables nft = k.nft(a);
    var drop =
        new NftRuleSpec.Filter(
            NftRuleSpec.Chain.FORWARD,
            "drop",
            NftRuleSpec.Proto.TCP,
            null,
            null,
            0,
            22,
            null,
            null,
            java.util.Set.of());
    var accept =
        new NftRuleSpec.Filter(
            NftRuleSpec.Chain.FORWARD,
            "accept",
            null,
            null,
            null,
            0,
            0,
            null,
            null,
            java.util.Set.of(NftRuleSpec.CtState.ESTABLISHED));
    nft.addRule("kt", "nsplay:kt", drop, "d", 0);
    long d = nft.rules("kt").get(0).handle();
    nft.addRule("kt", "nsplay:kt", accept, "a", 0); // first: before d
    List<Nftables.Rule> rules = nft.rules("kt");
    assertEquals(List.of("a", "d"), rules.stream().map(Nftables.Rule::comment).toList());
    assertTrue(nsplay.netlink.nft.Expr.same(accept.canonical(), rules.get(0).exprs()));
    assertTrue(nsplay.netlink.nft.Expr.same(drop.canonical(), rules.get(1).exprs()));
    var pf =
        new NftRuleSpec.PortForward(
            "r-out", NftRuleSpec.Proto.TCP, 8080, nsplay.net.Ip.parse("10.9.0.2"), 80);
    nft.addRule("kt", "nsplay:kt", pf, "p", 0);
    nft.replaceRule("kt", d, accept, "d");
    rules = nft.rules("kt");
    assertEquals(List.of("a", "d", "p"), rules.stream().map(Nftables.Rule::comment).toList());
    assertEquals(d, rules.get(1).handle());
    assertTrue(nsplay.netlink.nft.Expr.same(accept.canonical(), rules.get(1).exprs()));
    assertTrue(nsplay.netlink.nft.Expr.same(pf.canonical(), rules.get(2).exprs()));
    assertEquals(Optional.of("accept"), nft.chainPolicy("kt", NftRuleSpec.Chain.FORWARD));
    assertEquals(Optional.empty(), nft.chainPolicy("kt", NftRuleSpec.Chain.INPUT));
    nft.setChainPolicy("kt", "nsplay:kt", NftRuleSpec.Chain.FORWARD, "drop");
    assertEquals(Optional.of("drop"), nft.chainPolicy("kt", NftRuleSpec.Chain.FORWARD));
    String forward =
        in + "nft add chain ip kt forward { type filter hook forward priority filter; }";
    String table = in + "nft add table ip kt { comment \"nsplay:kt\" ; }";
    ops(
        table,
        forward,
        in + "nft insert rule ip kt forward tcp dport 22 drop comment \"d\"",
        table,
        forward,
        in + "nft insert rule ip kt forward ct state established accept comment \"a\"",
        table,
        in + "nft add chain ip kt prerouting { type nat hook prerouting priority dstnat; }",
        in
            + "nft insert rule ip kt prerouting iifname \"r-out\" tcp dport 8080 dnat to"
            + " 10.9.0.2:80 comment \"p\"",
        in
            + "nft replace rule ip kt forward handle "
            + d
            + " ct state established accept comment"
            + " \"d\"",
        table,
        in
            + "nft add chain ip kt forward { type filter hook forward priority filter; policy drop; }");
    nft.deleteTable("kt");
    assertEquals(List.of(), nft.rules("kt"));
    assertEquals(Optional.empty(), nft.chainPolicy("kt", NftRuleSpec.Chain.FORWARD));
  }

  /**
   * Asking whether the kernel has a qdisc kind changes nothing (tbf: every kernel nsplay tests on
   * has it); a root netem set, read back equal, and deleted back to the default, which a dump does
   * not list.
   */
  @Test
  public void qdiscReplaceReadDelete() {
    String ns = netns("q");
    Links l = k.links(ns);
    l.add("q0", new LinkSpec.Veth("q1", ns), true, GROUP);
    k.takeOperations();
    int index = link(ns, "q0").index();
    assertEquals(Optional.of(true), k.hasQdiscKind("tbf"));
    assertEquals(java.util.Map.of(), l.rootQdiscs());
    ops();
    assumeFeature(k.hasQdiscKind("netem").orElse(false), "netem (CONFIG_NET_SCH_NETEM)");
    QdiscSpec.Netem n =
        new QdiscSpec.Netem(
            TcUnits.ticks("20ms"),
            TcUnits.ticks("5ms"),
            500,
            TcUnits.percent("1%"),
            0,
            0,
            0,
            0,
            TcUnits.rate("10mbit"));
    l.qdiscReplace(index, n);
    ops(
        "tc -n "
            + ns
            + " qdisc replace dev q0 root netem delay 20ms 5ms loss 1% rate 10mbit limit 500");
    assertEquals(n, l.rootQdiscs().get(index));
    QdiscSpec.Netem m = new QdiscSpec.Netem(0, 0, 1000, 0xffffffffL, 0, 0, 0, 0, 0);
    l.qdiscReplace(index, m);
    k.takeOperations();
    assertEquals(m, l.rootQdiscs().get(index));
    l.qdiscDelete(index);
    ops("tc -n " + ns + " qdisc del dev q0 root");
    assertEquals(null, l.rootQdiscs().get(index));
  }

  /** A vxlan's default FDB entries: appended, read back in order, deleted, gone with the link. */
  @Test
  public void fdbDefaultsAppendReadDelete() {
    String ns = netns("f");
    Links l = k.links(ns);
    l.add("vxf", new LinkSpec.Vxlan(42, null, null, null, 4789, true), false, GROUP);
    k.takeOperations();
    int index = link(ns, "vxf").index();
    assertEquals(null, l.fdbDefaults().get(index));
    Ip a = Ip.parse("10.99.0.2");
    Ip b = Ip.parse("10.99.0.3");
    l.fdbAppendDefault(index, a);
    l.fdbAppendDefault(index, b);
    ops(
        "bridge -n " + ns + " fdb append 00:00:00:00:00:00 dev vxf dst 10.99.0.2",
        "bridge -n " + ns + " fdb append 00:00:00:00:00:00 dev vxf dst 10.99.0.3");
    assertEquals(List.of(a, b), l.fdbDefaults().get(index));
    l.fdbDelDefault(index, a);
    ops("bridge -n " + ns + " fdb del 00:00:00:00:00:00 dev vxf dst 10.99.0.2");
    assertEquals(List.of(b), l.fdbDefaults().get(index));
    // The kernel takes the delete of a destination it lacks while the entry has another one.
    l.fdbDelDefault(index, a);
    k.takeOperations();
    assertEquals(List.of(b), l.fdbDefaults().get(index));
    l.delete(index);
    k.takeOperations();
    assertEquals(null, l.fdbDefaults().get(index));
  }
}

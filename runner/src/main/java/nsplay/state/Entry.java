package nsplay.state;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nsplay.kernel.AddrInfo;
import nsplay.kernel.Iface;
import nsplay.kernel.LiveKernel;
import nsplay.kernel.RouteInfo;
import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * One journal record: something the lab is about to create or change, written to disk before the
 * kernel is asked. {@code netns} null means the lab's host namespace.
 *
 * <p>Records are intents: after a crash the object may or may not exist, so teardown checks the
 * kernel for each one and removes only what is there and carries the lab's marks.
 *
 * <p>A kind is one record here and carries its whole lifecycle: its journal keyword and fields
 * ({@link #keyword}, {@link #fields}, a decoder registered in {@link JournalCodec}), what it tells
 * the {@link Ledger}, its words on teardown lines ({@link #describe}), how {@code status} judges it
 * ({@link #judge}) and how {@code down} undoes it ({@link #undo}). A new kind is a new record and
 * one line in the codec's registry.
 */
public sealed interface Entry {
  /** The first word of its journal line. */
  String keyword();

  /** Its fields on the journal line, in order; null fields are written as {@code -}. */
  List<String> fields();

  /** Files what it says in the ledger (what the lab made, moved, set), if anything. */
  default void learn(Ledger l) {}

  /** The object, in ip's words, as teardown lines show it: {@code link veth-red in red}. */
  String describe();

  /**
   * Whether undoing it acts on the lab's host namespace: without the lab record, which namespace
   * that was is unknown, and such records are left.
   */
  default boolean touchesHost() {
    return false;
  }

  /** Which of teardown's passes undoes it (see {@code nsplay.engine.Teardown}). */
  default Pass pass() {
    return Pass.FIRST;
  }

  /**
   * The object it is about, as the kernel has it now; null when it names no object of its own (the
   * lab record, a namespace's identity, a move, which its link's records judge).
   */
  default Sight.Seen judge(Sight s) {
    return null;
  }

  /** Undoes it, when it is still the lab's business; reports to {@code r} what it did. */
  default void undo(Removal r) {}

  /**
   * Teardown's three passes: what lives on links and tables; then links outside the lab's
   * namespaces; then the namespaces, which take everything inside them along.
   */
  enum Pass {
    FIRST,
    LINKS,
    NAMESPACES
  }

  private static String at(String netns) {
    return netns == null ? "" : " in " + netns;
  }

  /** First record of a journal: who the lab is and how its links are marked. */
  record Lab(String lab, String hostNetns, int group) implements Entry {
    static final String KEYWORD = "lab";

    static Lab decode(String[] v) {
      return new Lab(v[0], v[1], Integer.parseInt(v[2]));
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(lab, hostNetns, Integer.toString(group));
    }

    @Override
    public void learn(Ledger l) {
      l.lab(this);
    }

    @Override
    public String describe() {
      return "lab " + lab;
    }
  }

  /** A namespace the lab creates. Removed by teardown's last pass, by its identity. */
  record Netns(String name) implements Entry {
    static final String KEYWORD = "netns";

    static Netns decode(String[] v) {
      return new Netns(v[0]);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(name);
    }

    @Override
    public void learn(Ledger l) {
      l.netns(this);
    }

    @Override
    public String describe() {
      return "netns " + name;
    }

    @Override
    public Pass pass() {
      return Pass.NAMESPACES;
    }

    @Override
    public Sight.Seen judge(Sight s) {
      long inode = s.kernel().netnsInode(name);
      // Replaced: another inode, or the same one (the kernel reuses them) without the token.
      String state =
          inode == -1
              ? "missing"
              : s.ownership().isLabsLeftover(name)
                  ? "changed: " + LEFTOVER
                  : !s.ownership().showsAsLabsNetns(name)
                      ? "changed: replaced by another namespace"
                      : "present";
      return new Sight.Seen("netns", name, null, state);
    }

    /** What a name is that a killed run left half made or half removed. */
    public static final String LEFTOVER = "an unfinished leftover: not a mounted namespace";

    /**
     * What became of it: {@link Removed#GONE} (already gone, nothing to say), {@link
     * Removed#REMOVED}, {@link Removed#LEFTOVER_REMOVED}, {@link Removed#NOT_OURS}. Reports nothing
     * itself, so that it can run on teardown's second thread; {@code seen}: the names handled
     * before, when the journal names one twice.
     */
    public Removed remove(Removal r, java.util.Set<String> seen) {
      if (!seen.add(name)) {
        return Removed.GONE;
      }
      // One stat, right before the removal, answers all three questions below.
      nsplay.kernel.NetnsFile file = r.kernel().netnsFile(name);
      if (file == null) {
        return Removed.GONE;
      }
      if (r.ownership().isLabsLeftover(name, file)) {
        // Not a namespace, so no identity to check: the file the lab was making or removing
        // when it was killed. Only unlinked, which fails if anything is mounted on it.
        r.kernel().netnsRemoveLeftover(name);
        return Removed.LEFTOVER_REMOVED;
      }
      if (!r.inLabNetns(name) || !r.ownership().isLabsNetns(name, file)) {
        return Removed.NOT_OURS;
      }
      r.kernel().netnsDelete(name);
      return Removed.REMOVED;
    }

    /** Reports what {@link #remove} found. */
    public void report(Removal r, Removed outcome) {
      if (outcome == Removed.REMOVED) {
        r.done(this);
      } else if (outcome == Removed.LEFTOVER_REMOVED) {
        r.did(this, "removed (" + LEFTOVER + ")");
      } else if (outcome == Removed.NOT_OURS) {
        r.keep(
            this,
            "it is not the namespace this lab created (another with that name, or not empty)");
      }
    }

    /** See {@link #remove}. */
    public enum Removed {
      GONE,
      REMOVED,
      LEFTOVER_REMOVED,
      NOT_OURS
    }
  }

  /**
   * The identity of a namespace the lab created, recorded right after creation and before it gets
   * its name: its nsfs inode, and the token its lo carries as alias ({@link Marks#netnsAlias}). The
   * kernel reuses inode numbers, so a namespace deleted and made again by hand can have the old
   * one; it cannot have the token, which is set before the name exists.
   *
   * <p>Journal line: {@code netns-inode NAME INODE [TOKEN]}. Journals from before tokens have no
   * third field ({@code token} null: identity by inode alone, as then), and code from before them
   * reads a line with one and ignores it.
   */
  record NetnsIdentity(String name, long inode, String token, long born) implements Entry {
    static final String KEYWORD = "netns-inode";

    /** An identity without a token: what journals from before tokens hold. */
    public NetnsIdentity(String name, long inode) {
      this(name, inode, null);
    }

    /**
     * An identity without its birth: what up records before the namespace has its name (the birth,
     * {@link nsplay.kernel.Kernel#netnsBorn}, is recorded again with it once it has).
     */
    public NetnsIdentity(String name, long inode, String token) {
      this(name, inode, token, 0);
    }

    static NetnsIdentity decode(String[] v) {
      return new NetnsIdentity(
          v[0],
          Long.parseLong(v[1]),
          v.length > 2 ? v[2] : null,
          v.length > 3 ? Long.parseLong(v[3]) : 0);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return token == null
          ? java.util.Arrays.asList(name, Long.toString(inode))
          : born == 0
              ? java.util.Arrays.asList(name, Long.toString(inode), token)
              : java.util.Arrays.asList(name, Long.toString(inode), token, Long.toString(born));
    }

    @Override
    public void learn(Ledger l) {
      l.identity(this);
    }

    @Override
    public String describe() {
      return "netns " + name + " identity " + inode;
    }
  }

  /**
   * A link the lab creates. Removed by teardown's second pass: with one delete of the lab's link
   * group where that is safe, else by {@link #undo}.
   */
  record Link(String netns, String name) implements Entry {
    static final String KEYWORD = "link";

    static Link decode(String[] v) {
      return new Link(v[0], v[1]);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(netns, name);
    }

    @Override
    public void learn(Ledger l) {
      l.link(this);
    }

    @Override
    public String describe() {
      return "link " + name + at(netns);
    }

    @Override
    public boolean touchesHost() {
      return netns == null;
    }

    @Override
    public Pass pass() {
      return Pass.LINKS;
    }

    @Override
    public Sight.Seen judge(Sight s) {
      String where = s.ownership().whereIs(netns, name);
      Optional<Iface> link = s.link(where, name);
      String alias = s.ownership().alias();
      String state =
          link.isEmpty()
              ? "missing"
              : !alias.equals(link.get().alias())
                  ? "changed: no longer marked " + alias
                  : "present";
      return new Sight.Seen("link", name, where, state);
    }

    @Override
    public void undo(Removal r) {
      if (!r.needed(netns)) {
        return;
      }
      Optional<Iface> link = r.kernel().links(netns).get(name);
      if (link.isEmpty()) {
        return;
      }
      if (!r.ownership().isLabsLink(netns, link.get())) {
        r.keep(this, "it does not carry this lab's mark (alias " + r.ownership().alias() + ")");
        return;
      }
      r.kernel().links(netns).delete(link.get().index());
      r.done(this);
    }
  }

  /**
   * A link brought up by the lab. For a link of the lab: the lab wants it up, and {@code status}
   * says when it is down. For a link that is not the lab's: teardown sets it down again.
   */
  record LinkUp(String netns, String name) implements Entry {
    static final String KEYWORD = "link-up";

    static LinkUp decode(String[] v) {
      return new LinkUp(v[0], v[1]);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(netns, name);
    }

    @Override
    public void learn(Ledger l) {
      l.concern(netns, name);
    }

    @Override
    public String describe() {
      return "link " + name + " up" + at(netns);
    }

    @Override
    public boolean touchesHost() {
      return netns == null;
    }

    @Override
    public Sight.Seen judge(Sight s) {
      Ownership own = s.ownership();
      String where = own.whereIs(netns, name);
      Optional<Iface> link = s.link(where, name);
      // Only the lab's links are the lab's objects; a foreign link it brought up is the host's,
      // and status does not list the host's links.
      boolean labs =
          (where != null && own.journalsNetns(where))
              || own.journalsLink(netns, name)
              || link.map(l -> own.isLabsLink(where, l)).orElse(false);
      if (!labs) {
        return null;
      }
      String state = link.isEmpty() ? "missing" : link.get().up() ? "present" : "changed: down";
      return new Sight.Seen("link", name, where, state);
    }

    @Override
    public void undo(Removal r) {
      if (!r.needed(netns)) {
        return;
      }
      Optional<Iface> link = r.kernel().links(netns).get(name);
      if (link.isPresent() && link.get().up() && !r.ownership().isLabsLink(netns, link.get())) {
        r.kernel().links(netns).setUp(link.get().index(), false);
        r.did(this, "set down");
      }
    }
  }

  /**
   * A link the lab attaches to a bridge ({@code ip link set LINK master BRIDGE}), both in {@code
   * netns}: {@code status} says when it is no longer a port of it.
   */
  record Master(String netns, String link, String bridge) implements Entry {
    static final String KEYWORD = "master";

    static Master decode(String[] v) {
      return new Master(v[0], v[1], v[2]);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(netns, link, bridge);
    }

    @Override
    public void learn(Ledger l) {
      l.concern(netns, link);
      l.concern(netns, bridge);
    }

    @Override
    public String describe() {
      return "link " + link + " master " + bridge + at(netns);
    }

    @Override
    public boolean touchesHost() {
      return netns == null;
    }

    @Override
    public Sight.Seen judge(Sight s) {
      Optional<Iface> l = s.link(netns, link);
      Optional<Iface> b = s.link(netns, bridge);
      String state =
          l.isEmpty()
              ? "missing"
              : b.isPresent() && l.get().master() == b.get().index()
                  ? "present"
                  : "changed: not a port of " + bridge;
      return new Sight.Seen("link", link, netns, state);
    }

    /**
     * Releases the link from the bridge when the link is not the lab's and is still a port of that
     * bridge. A link of the lab goes with the lab, and a bridge of the lab releases its ports when
     * it goes, but the bridge may be kept (not the lab's: a host bridge the lab was allowed to
     * use), and then a foreign link must not stay attached to it because of the lab. A link
     * attached to something else since is someone else's doing, and left.
     */
    @Override
    public void undo(Removal r) {
      if (!r.needed(netns)) {
        return;
      }
      var links = r.kernel().links(netns);
      Optional<Iface> l = links.get(link);
      Optional<Iface> b = links.get(bridge);
      if (l.isEmpty()
          || b.isEmpty()
          || l.get().master() != b.get().index()
          || r.ownership().isLabsLink(netns, l.get())) {
        return;
      }
      links.setMaster(l.get().index(), 0);
      r.did(this, "released");
    }
  }

  /** A link moved from one namespace to another; teardown moves a foreign one back. */
  record LinkMove(String name, String from, String to) implements Entry {
    static final String KEYWORD = "link-move";

    static LinkMove decode(String[] v) {
      return new LinkMove(v[0], v[1], v[2]);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(name, from, to);
    }

    @Override
    public void learn(Ledger l) {
      l.move(this);
    }

    @Override
    public String describe() {
      return "link " + name + at(to);
    }

    @Override
    public boolean touchesHost() {
      return from == null || to == null;
    }

    @Override
    public void undo(Removal r) {
      if (to == null || !r.kernel().netnsExists(to)) {
        return;
      }
      Optional<Iface> link = r.kernel().links(to).get(name);
      if (link.isEmpty() || r.ownership().isLabsLink(to, link.get())) {
        return; // the lab's own link goes away with the lab
      }
      r.kernel().links(to).moveTo(link.get().index(), from);
      r.did(this, "moved back");
    }
  }

  /**
   * An address the lab adds; {@code proto} is the IFA_PROTO it carries ({@link Marks#addrProto}),
   * null in journals from before addresses were marked, or where the kernel cannot mark them.
   */
  record Addr(String netns, String link, String cidr, String proto) implements Entry {
    static final String KEYWORD = "addr";

    public Addr(String netns, String link, String cidr) {
      this(netns, link, cidr, null);
    }

    static Addr decode(String[] v) {
      return new Addr(v[0], v[1], v[2], v.length > 3 ? Marks.checkProto(v[3]) : null);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return proto == null
          ? java.util.Arrays.asList(netns, link, cidr)
          : java.util.Arrays.asList(netns, link, cidr, proto);
    }

    @Override
    public void learn(Ledger l) {
      l.concern(netns, link);
    }

    @Override
    public String describe() {
      return "addr " + cidr + " dev " + link + at(netns);
    }

    @Override
    public boolean touchesHost() {
      return netns == null;
    }

    @Override
    public Sight.Seen judge(Sight s) {
      String where = s.ownership().whereIs(netns, link);
      Optional<Iface> l = s.link(where, link);
      Cidr c = Cidr.parse(cidr);
      boolean present =
          l.isPresent()
              && s.kernel().links(where).addrs().stream()
                  .anyMatch(x -> x.index() == l.get().index() && x.cidr().equals(c));
      return new Sight.Seen("addr", cidr + " dev " + link, where, present ? "present" : "missing");
    }

    @Override
    public void undo(Removal r) {
      if (!r.needed(netns)) {
        return;
      }
      var links = r.kernel().links(netns);
      Optional<Iface> l = links.get(link);
      Cidr c = Cidr.parse(cidr);
      if (l.isEmpty() || r.ownership().isLabsLink(netns, l.get())) {
        return; // gone, or goes with its link
      }
      int index = l.get().index();
      Optional<AddrInfo> found = links.addrs().stream().filter(x -> x.is(index, c)).findFirst();
      if (found.isEmpty()) {
        return;
      }
      // On a link that is not the lab's, the address's own mark decides: one the lab added carries
      // nsplay's IFA_PROTO; the same address added by hand or by another program does not.
      if (proto != null && found.get().proto() != Integer.parseInt(proto)) {
        r.keep(this, "it does not carry nsplay's mark (proto " + found.get().proto() + ")");
        return;
      }
      links.delAddr(index, c);
      r.done(this);
    }
  }

  /**
   * A route the lab adds; {@code via} and {@code dev} may be null. {@code proto} is the protocol
   * number it carries ({@link Marks#routeProto}); null in journals from before routes were marked,
   * which keep the journal's word.
   */
  record Route(String netns, String to, String via, String dev, String proto) implements Entry {
    static final String KEYWORD = "route";

    public Route(String netns, String to, String via, String dev) {
      this(netns, to, via, dev, null);
    }

    static Route decode(String[] v) {
      return new Route(v[0], v[1], v[2], v[3], v.length > 4 ? Marks.checkProto(v[4]) : null);
    }

    /** The destination prefix; null for a default route ({@code default}, {@code default6}). */
    private Cidr dst() {
      return to.equals("default") || to.equals("default6") ? null : Cidr.parse(to);
    }

    /**
     * The route's IP version: its destination's; for {@code default6} IPv6; for {@code default} its
     * gateway's, IPv4 without one (journals before default6 wrote an IPv6 default with a gateway as
     * {@code default}).
     */
    private boolean v4() {
      Cidr dst = dst();
      return dst != null
          ? dst.address().isV4()
          : !to.equals("default6") && (via == null || !via.contains(":"));
    }

    /** Whether {@code x} carries this record's mark (always, for a record without one). */
    private boolean marked(RouteInfo x) {
      return proto == null || x.protocol() == Integer.parseInt(proto);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return proto == null
          ? java.util.Arrays.asList(netns, to, via, dev)
          : java.util.Arrays.asList(netns, to, via, dev, proto);
    }

    @Override
    public void learn(Ledger l) {
      l.concern(netns, dev);
    }

    @Override
    public String describe() {
      return "route "
          + to
          + (via == null ? "" : " via " + via)
          + (dev == null ? "" : " dev " + dev)
          + at(netns);
    }

    @Override
    public boolean touchesHost() {
      return netns == null;
    }

    @Override
    public Sight.Seen judge(Sight s) {
      String state = "missing";
      if (!s.gone(netns)) {
        Cidr dst = dst();
        for (RouteInfo x : s.kernel().links(netns).routes(v4())) {
          if (Objects.equals(x.dst(), dst)) {
            state =
                !(via == null || (x.gateway() != null && x.gateway().toString().equals(via)))
                    ? "changed: via " + x.gateway()
                    : marked(x)
                        ? "present"
                        : "changed: made by another (proto " + x.protocol() + ")";
          }
        }
      }
      return new Sight.Seen("route", to + (via == null ? "" : " via " + via), netns, state);
    }

    @Override
    public void undo(Removal r) {
      if (!r.needed(netns)) {
        return;
      }
      var links = r.kernel().links(netns);
      int oif = 0;
      if (dev != null) {
        Optional<Iface> d = links.get(dev);
        if (d.isEmpty() || r.ownership().isLabsLink(netns, d.get())) {
          return; // the route went, or goes, with its link
        }
        oif = d.get().index();
      }
      Cidr dst = dst();
      Ip gw = via == null ? null : Ip.parse(via);
      boolean v4 = v4();
      int wantOif = oif;
      Optional<RouteInfo> found =
          links.routes(v4).stream()
              .filter(
                  x ->
                      Objects.equals(x.dst(), dst)
                          && Objects.equals(x.gateway(), gw)
                          && (wantOif == 0 || x.oif() == wantOif))
              .findFirst();
      if (found.isEmpty()) {
        return;
      }
      // The route's own mark decides: one the lab added carries nsplay's protocol number; a route
      // to the same place made by hand or by a routing daemon carries another.
      if (!marked(found.get())) {
        r.keep(this, "made by another (proto " + found.get().protocol() + ")");
        return;
      }
      links.delRoute(found.get(), v4);
      r.done(this);
    }
  }

  /**
   * The lab's nf_tables table; {@code mark} is the comment its user data carries ({@link
   * Marks#nftTableComment}), null in journals from before tables were marked.
   */
  record NftTable(String netns, String family, String table, String mark) implements Entry {
    static final String KEYWORD = "nft-table";

    public NftTable(String netns, String family, String table) {
      this(netns, family, table, null);
    }

    static NftTable decode(String[] v) {
      return new NftTable(v[0], v[1], v[2], v.length > 3 ? v[3] : null);
    }

    /**
     * Why {@code t} is not this lab's table, or null when it is. A record with a mark wants that
     * mark. A record without one (an older nsplay, which set no user data) takes a table without
     * user data, and never one whose comment names anything else.
     */
    String foreign(nsplay.kernel.Nftables.Table t, String lab) {
      String want = mark != null ? mark : Marks.nftTableComment(lab);
      if (t.comment() != null ? t.comment().equals(want) : mark == null && !t.userdata()) {
        return null;
      }
      return "it does not carry this lab's mark"
          + (t.comment() == null ? "" : " (comment \"" + t.comment() + "\")");
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return mark == null
          ? java.util.Arrays.asList(netns, family, table)
          : java.util.Arrays.asList(netns, family, table, mark);
    }

    @Override
    public void learn(Ledger l) {
      l.table(this);
    }

    @Override
    public String describe() {
      return "nft table " + family + " " + table + at(netns);
    }

    @Override
    public boolean touchesHost() {
      return netns == null;
    }

    @Override
    public Sight.Seen judge(Sight s) {
      var t =
          s.gone(netns)
              ? Optional.<nsplay.kernel.Nftables.Table>empty()
              : s.kernel().nft(netns).table(table);
      String why = t.isEmpty() ? null : foreign(t.get(), s.ownership().lab());
      return new Sight.Seen(
          "nft table",
          family + " " + table,
          netns,
          t.isEmpty() ? "missing" : why == null ? "present" : "changed: " + why);
    }

    @Override
    public void undo(Removal r) {
      if (!r.needed(netns)) {
        return;
      }
      // The only table this lab may remove, whatever its journal says.
      String ours = r.ownership().table();
      if (!table.equals(ours) || !family.equals("ip")) {
        r.keep(this, "this lab's table is ip " + ours);
        return;
      }
      var t = r.kernel().nft(netns).table(table);
      if (t.isEmpty()) {
        return;
      }
      String why = foreign(t.get(), r.ownership().lab());
      if (why != null) {
        r.keep(this, why);
        return;
      }
      r.kernel().nft(netns).deleteTable(table);
      r.done(this);
    }
  }

  /**
   * A rule of the lab's nf_tables table ({@code port_forward}, {@code snat}, {@code filter}), known
   * by its comment in its chain; {@code words} is the rule as nft prints it, {@code exprs} its
   * expressions as sent ({@link nsplay.netlink.nft.Expr#canonical()}, joined by {@code ;}), what
   * {@code status} compares the kernel's with. It goes with the table: {@code down} removes the
   * table, so the rule has nothing of its own to undo.
   */
  record NftRule(
      String netns, String table, String chain, String comment, String words, String exprs)
      implements Entry {
    static final String KEYWORD = "nft-rule";

    static NftRule decode(String[] v) {
      return new NftRule(v[0], v[1], v[2], v[3], v[4], v[5]);
    }

    /** What identifies it in the ledger: one rule per namespace, chain and comment. */
    public static String key(String netns, String chain, String comment) {
      return "rule\0" + netns + "\0" + chain + "\0" + comment;
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(netns, table, chain, comment, words, exprs);
    }

    @Override
    public void learn(Ledger l) {
      l.nft(key(netns, chain, comment), this);
    }

    @Override
    public String describe() {
      return "nft rule " + table + " " + chain + " \"" + comment + "\"" + at(netns);
    }

    @Override
    public Sight.Seen judge(Sight s) {
      if (s.ownership().ledger().nft(key(netns, chain, comment)) != this) {
        return null; // an older record of the same rule: the newest says how it should be
      }
      var found =
          s.gone(netns)
              ? Optional.<nsplay.kernel.Nftables.Rule>empty()
              : s.kernel().nft(netns).rules(table).stream()
                  .filter(r -> r.chain().equals(chain) && comment.equals(r.comment()))
                  .findFirst();
      String state =
          found.isEmpty()
              ? "missing"
              : nsplay.netlink.nft.Expr.same(List.of(exprs.split(";")), found.get().exprs())
                  ? "present"
                  : "changed: it is not " + words + " (handle " + found.get().handle() + ")";
      return new Sight.Seen("nft rule", chain + " \"" + comment + "\"", netns, state);
    }
  }

  /**
   * The policy the lab sets on a base filter chain of its table ({@code filter_policy}). It goes
   * with the table, like the lab's rules.
   */
  record NftPolicy(String netns, String table, String chain, String policy) implements Entry {
    static final String KEYWORD = "nft-policy";

    static NftPolicy decode(String[] v) {
      return new NftPolicy(v[0], v[1], v[2], v[3]);
    }

    public static String key(String netns, String chain) {
      return "policy\0" + netns + "\0" + chain;
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(netns, table, chain, policy);
    }

    @Override
    public void learn(Ledger l) {
      l.nft(key(netns, chain), this);
    }

    @Override
    public String describe() {
      return "nft chain " + table + " " + chain + " policy" + at(netns);
    }

    @Override
    public Sight.Seen judge(Sight s) {
      if (s.ownership().ledger().nft(key(netns, chain)) != this) {
        return null;
      }
      nsplay.kernel.NftRuleSpec.Chain c = nsplay.kernel.NftRuleSpec.Chain.filter(chain);
      Optional<String> now =
          s.gone(netns) || c == null
              ? Optional.empty()
              : s.kernel().nft(netns).chainPolicy(table, c);
      String state =
          now.isEmpty()
              ? "missing"
              : now.get().equals(policy)
                  ? "present"
                  : "changed: policy " + now.get() + ", set " + policy;
      return new Sight.Seen("nft chain", chain + " policy " + policy, netns, state);
    }
  }

  /** A sysctl the lab changes, with the value to restore. */
  record Sysctl(String netns, String key, String oldValue, String newValue) implements Entry {
    static final String KEYWORD = "sysctl";

    static Sysctl decode(String[] v) {
      return new Sysctl(v[0], v[1], v[2], v[3]);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(netns, key, oldValue, newValue);
    }

    @Override
    public void learn(Ledger l) {
      l.sysctl(this);
    }

    @Override
    public String describe() {
      return "sysctl " + key + at(netns);
    }

    @Override
    public boolean touchesHost() {
      return netns == null;
    }

    @Override
    public Sight.Seen judge(Sight s) {
      String state = "missing";
      if (!s.gone(netns)) {
        String now = s.kernel().sysctl(netns, key);
        state = now.equals(newValue) ? "present" : "changed: " + now + ", was set to " + newValue;
      }
      return new Sight.Seen("sysctl", key, netns, state);
    }

    @Override
    public void undo(Removal r) {
      if (!r.needed(netns)) {
        return;
      }
      if (!LiveKernel.isNetworkSysctl(key)) {
        r.keep(this, "not a network sysctl");
        return;
      }
      if (!r.firstOf(netns, key)) {
        return; // an older record of the same key: the newest one restored it, or kept it
      }
      // Back to the value from before the lab, the oldest record's, if the value is still the
      // one the lab set last: otherwise someone changed it since, and it is theirs now.
      String original = r.ownership().ledger().original(netns, key);
      String now = r.kernel().sysctl(netns, key);
      if (now.equals(newValue) && !Objects.equals(now, original)) {
        // Another lab up in the same namespace may need the value too (NAT needs forwarding):
        // then it stays, and that lab is handed the original to restore when it goes down.
        String where = netns == null ? r.kernel().hostNetns() : netns;
        List<String> relying = r.neighbours().handOn(where, key, newValue, original);
        if (!relying.isEmpty()) {
          r.keep(
              this,
              (relying.size() == 1
                      ? "lab " + relying.get(0) + " still relies on it"
                      : "labs " + String.join(", ", relying) + " still rely on it")
                  + " (it will restore "
                  + original
                  + ")");
          return;
        }
        r.kernel().setSysctl(netns, key, original);
        r.did(this, "restored to " + original);
      }
    }
  }

  /**
   * A root qdisc the lab sets on a link ({@code tc qdisc replace dev LINK root SPEC}); {@code spec}
   * is its words ({@code netem delay 20ms loss 1%}: canonical, from the kernel's units), what
   * {@code status} compares the live one with. A qdisc has no mark of its own: on a link of the lab
   * it goes with the link; on any other link the journal is trusted, and {@code down} deletes the
   * root qdisc when it is still of the kind the lab set.
   */
  record Qdisc(String netns, String link, String spec) implements Entry {
    static final String KEYWORD = "qdisc";

    static Qdisc decode(String[] v) {
      return new Qdisc(v[0], v[1], v[2]);
    }

    /** The kind the lab set: the spec's first word. */
    public String kind() {
      int sp = spec.indexOf(' ');
      return sp < 0 ? spec : spec.substring(0, sp);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(netns, link, spec);
    }

    @Override
    public void learn(Ledger l) {
      l.qdisc(this);
    }

    @Override
    public String describe() {
      return "qdisc root dev " + link + " " + kind() + at(netns);
    }

    @Override
    public boolean touchesHost() {
      return netns == null;
    }

    @Override
    public Sight.Seen judge(Sight s) {
      String where = s.ownership().whereIs(netns, link);
      Optional<Iface> l = s.link(where, link);
      nsplay.kernel.QdiscSpec now =
          l.isEmpty() ? null : s.kernel().links(where).rootQdiscs().get(l.get().index());
      // Judged against the newest record of the link (a re-run or `nsplay netem` changed it):
      // every record of one link is one object.
      String want = s.ownership().ledger().qdisc(netns, link);
      want = want == null ? spec : want;
      String state =
          now == null
              ? "missing"
              : now.words().equals(want) ? "present" : "changed: " + now.words() + ", set " + want;
      return new Sight.Seen("qdisc", "root dev " + link, where, state);
    }

    @Override
    public void undo(Removal r) {
      if (!r.needed(netns)) {
        return;
      }
      var links = r.kernel().links(netns);
      Optional<Iface> l = links.get(link);
      if (l.isEmpty() || r.ownership().isLabsLink(netns, l.get())) {
        return; // gone, or goes with its link
      }
      nsplay.kernel.QdiscSpec now = links.rootQdiscs().get(l.get().index());
      if (now == null) {
        return; // the kernel's default already (an older record of the same link, or by hand)
      }
      if (!now.kind().equals(kind())) {
        r.keep(
            this, "its root qdisc is " + now.kind() + " now, not the " + kind() + " the lab set");
        return;
      }
      links.qdiscDelete(l.get().index());
      r.done(this);
    }
  }

  /**
   * A service the lab started ({@code service} task): a program in {@code netns}, known by its pid
   * and start time ({@link nsplay.kernel.Processes}), journalled right after it was forked, before
   * it is ready, so that a run killed while waiting for it still leaves it to {@code down}. A
   * restarted service has a newer record; {@code status} judges the newest, {@code down} stops
   * every one still running, before the namespaces go (first pass).
   */
  /**
   * A process a {@code service} task started. {@code definition} is a digest of what it was started
   * as (namespace, argv, env, cwd, user), so that a playbook that changes it restarts it; "" in
   * journals written before it was recorded (such a service is not restarted for a change).
   */
  record Service(String name, String netns, long pid, long start, String definition)
      implements Entry {
    static final String KEYWORD = "service";

    static Service decode(String[] v) {
      return new Service(
          v[0], v[1], Long.parseLong(v[2]), Long.parseLong(v[3]), v.length > 4 ? v[4] : "");
    }

    /** Whether its process still runs (the same pid with the same start time). */
    public boolean running() {
      return nsplay.kernel.Processes.alive(pid, start);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(
          name, netns, Long.toString(pid), Long.toString(start), definition);
    }

    @Override
    public void learn(Ledger l) {
      l.service(this);
    }

    @Override
    public String describe() {
      return "service " + name + " (pid " + pid + ")" + at(netns);
    }

    @Override
    public Sight.Seen judge(Sight s) {
      if (s.ownership().ledger().service(name) != this) {
        return null; // an older run of it: the newest record says how it is
      }
      return new Sight.Seen("service", name, netns, running() ? "running" : "dead");
    }

    @Override
    public void undo(Removal r) {
      String became =
          nsplay.kernel.Processes.stop(List.of(new nsplay.kernel.Processes.Started(pid, start)))
              .get(0);
      if (became == null) {
        return; // not running: ended, or never started
      }
      if (became.startsWith("failed: ")) {
        r.failed(this, new IllegalStateException(became.substring("failed: ".length())));
      } else {
        r.did(this, became);
      }
    }
  }

  /**
   * A default (all-zeros MAC) FDB entry the lab appends to a vxlan ({@code bridge fdb append
   * 00:00:00:00:00:00 dev LINK dst DST}): one remote of its head-end replication. It goes with its
   * link; {@code status} says when it is missing (deleted by hand), and {@code up} appends it
   * again.
   */
  record Fdb(String netns, String link, String dst) implements Entry {
    static final String KEYWORD = "fdb";

    static Fdb decode(String[] v) {
      Ip.parse(v[2]); // a damaged field is a damaged line
      return new Fdb(v[0], v[1], v[2]);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(netns, link, dst);
    }

    @Override
    public void learn(Ledger l) {
      l.concern(netns, link);
    }

    @Override
    public String describe() {
      return "fdb 00:00:00:00:00:00 dev " + link + " dst " + dst + at(netns);
    }

    @Override
    public boolean touchesHost() {
      return netns == null;
    }

    private boolean present(nsplay.kernel.Links links, Iface l) {
      return links.fdbDefaults().getOrDefault(l.index(), List.of()).contains(Ip.parse(dst));
    }

    @Override
    public Sight.Seen judge(Sight s) {
      Optional<Iface> l = s.link(netns, link);
      String state =
          l.isEmpty()
              ? "missing"
              : present(s.kernel().links(netns), l.get()) ? "present" : "missing";
      return new Sight.Seen("fdb", "00:00:00:00:00:00 dev " + link + " dst " + dst, netns, state);
    }

    /** Deletes the entry from a link that is not the lab's (one of the lab's takes it along). */
    @Override
    public void undo(Removal r) {
      if (!r.needed(netns)) {
        return;
      }
      var links = r.kernel().links(netns);
      Optional<Iface> l = links.get(link);
      if (l.isEmpty() || r.ownership().isLabsLink(netns, l.get()) || !present(links, l.get())) {
        return; // gone, or goes with its link
      }
      links.fdbDelDefault(l.get().index(), Ip.parse(dst));
      r.done(this);
    }
  }

  /**
   * A file of a namespace's own /etc the lab writes ({@code /etc/netns/NETNS/NAME}, see {@link
   * nsplay.kernel.EtcFile}: {@code hosts_file}, {@code resolv_conf}), journalled before it is
   * written with the SHA-256 of the content about to be written, and {@code made}: the folder the
   * write is about to create, {@code /etc/netns} (and the namespace's folder in it) or {@code
   * /etc/netns/NETNS}, or null when both are there. A file written again has a newer record.
   *
   * <p>{@code status} judges the newest record: the content it wrote (present), another (changed),
   * none (missing). {@code down} removes the file only when its content is one the lab wrote (any
   * of its records: a run killed between a record and its write left the older content), and keeps
   * it otherwise, saying so: someone changed it since, and it is theirs now. Then it removes the
   * folders the lab made, if they are empty; a folder that was there before is left.
   */
  record File(String netns, String name, String sha256, String made) implements Entry {
    static final String KEYWORD = "file";

    public File {
      file(netns, name); // a plain namespace and file name, whatever the journal says
      if (made != null
          && !made.equals(nsplay.kernel.EtcFile.ROOT.toString())
          && !made.equals(file(netns, name).folder().toString())) {
        throw new IllegalArgumentException("not a folder of " + netns + ": " + made);
      }
    }

    static File decode(String[] v) {
      return new File(v[0], v[1], v[2], v[3]);
    }

    private static nsplay.kernel.EtcFile file(String netns, String name) {
      return new nsplay.kernel.EtcFile(netns, name);
    }

    /** The file it is about. */
    public nsplay.kernel.EtcFile file() {
      return file(netns, name);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(netns, name, sha256, made);
    }

    @Override
    public void learn(Ledger l) {
      l.file(this);
    }

    @Override
    public String describe() {
      return "file " + file();
    }

    @Override
    public Sight.Seen judge(Sight s) {
      if (s.ownership().ledger().file(netns, name) != this) {
        return null; // an older write of it: the newest record says how it is
      }
      String content = s.kernel().etcRead(file()).content();
      String state =
          content == null
              ? "missing"
              : nsplay.kernel.EtcFile.sha256(content).equals(sha256)
                  ? "present"
                  : "changed: not the content nsplay wrote (edited since?)";
      return new Sight.Seen("file", file().toString(), null, state);
    }

    @Override
    public void undo(Removal r) {
      if (!r.firstOf(netns, "file " + name)) {
        return; // an older write of it: the newest record handled the file
      }
      Ledger l = r.ownership().ledger();
      nsplay.kernel.EtcFile f = file();
      String content = r.kernel().etcRead(f).content();
      if (content != null && !l.wroteFile(netns, name, nsplay.kernel.EtcFile.sha256(content))) {
        r.keep(
            this,
            "its content is not what nsplay wrote (changed since); it is left, with its folder,"
                + " for you to remove");
        return;
      }
      // Removed even when the content is gone: a temporary file of a cut-short write goes too.
      boolean removed = r.kernel().etcRemove(f);
      List<String> folders = new java.util.ArrayList<>();
      if (l.madeFolder(f.folder().toString()) && r.kernel().etcRemoveFolder(netns)) {
        folders.add(f.folder().toString());
        if (l.madeFolder(nsplay.kernel.EtcFile.ROOT.toString())
            && r.kernel().etcRemoveFolder(null)) {
          folders.add(nsplay.kernel.EtcFile.ROOT.toString());
        }
      }
      String also =
          folders.isEmpty()
              ? ""
              : (folders.size() == 1 ? " (and the folder " : " (and the folders ")
                  + String.join(" and ", folders)
                  + ", which nsplay made)";
      if (removed) {
        r.did(this, "removed" + also);
      } else if (!folders.isEmpty()) {
        r.did(this, "already gone" + also);
      }
    }
  }

  /**
   * A capture the lab started ({@code capture} task): nsplay's own {@code nsplay capture NETNS LINK
   * -w FILE} as a process, known by pid and start time like a {@link Service}, journalled right
   * after it was forked. One that is not {@code kept} records only during its {@code up}, which
   * stops it at its end; a kept one runs until {@code down}. The newest record of a file is the
   * capture {@code status} judges; {@code down} stops every one still running, before the
   * namespaces go (first pass). {@code count} 0: no limit (a kept capture with a count that has it
   * is done, not dead).
   */
  record Capture(
      String netns, String link, String file, long count, boolean kept, long pid, long start)
      implements Entry {
    static final String KEYWORD = "capture";

    static Capture decode(String[] v) {
      if (!v[4].equals("keep") && !v[4].equals("run")) {
        throw new IllegalArgumentException("neither keep nor run: " + v[4]);
      }
      return new Capture(
          v[0],
          v[1],
          v[2],
          Long.parseLong(v[3]),
          v[4].equals("keep"),
          Long.parseLong(v[5]),
          Long.parseLong(v[6]));
    }

    /** Whether its process still runs (the same pid with the same start time). */
    public boolean running() {
      return nsplay.kernel.Processes.alive(pid, start);
    }

    @Override
    public String keyword() {
      return KEYWORD;
    }

    @Override
    public List<String> fields() {
      return java.util.Arrays.asList(
          netns,
          link,
          file,
          Long.toString(count),
          kept ? "keep" : "run",
          Long.toString(pid),
          Long.toString(start));
    }

    @Override
    public void learn(Ledger l) {
      l.capture(this);
    }

    @Override
    public String describe() {
      return "capture of " + link + at(netns) + " to " + file + " (pid " + pid + ")";
    }

    @Override
    public Sight.Seen judge(Sight s) {
      if (s.ownership().ledger().capture(file) != this) {
        return null; // an older capture to the same file: the newest record says how it is
      }
      String state;
      if (running()) {
        state = kept ? "running" : "running after the up that started it ended";
      } else if (kept && count == 0) {
        state = "dead";
      } else {
        return null; // it did its work: the run it recorded is over, or it has its count
      }
      return new Sight.Seen("capture", link + " to " + file, netns, state);
    }

    @Override
    public void undo(Removal r) {
      String became =
          nsplay.kernel.Processes.stop(List.of(new nsplay.kernel.Processes.Started(pid, start)))
              .get(0);
      if (became == null) {
        return; // not running: ended, stopped by its up, or never started
      }
      if (became.startsWith("failed: ")) {
        r.failed(this, new IllegalStateException(became.substring("failed: ".length())));
      } else {
        r.did(this, became);
      }
    }
  }
}

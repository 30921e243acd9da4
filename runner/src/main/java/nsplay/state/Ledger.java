package nsplay.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a journal says, indexed as its records are read or written: each kind files itself here
 * ({@link Entry#learn}), so that nobody asks a record what kind it is. Tasks ask "did this lab make
 * X?" for every loop item, and teardown and status ask it for every record: a scan per question
 * would make a 500-namespace lab quadratic.
 */
public final class Ledger {
  private Entry.Lab head;
  private final List<Entry.Netns> namespaces = new ArrayList<>();
  private final List<Entry.Service> services = new ArrayList<>();
  private final Map<String, Entry.Service> newestService = new HashMap<>();
  private final Map<String, Entry.Capture> newestCapture = new HashMap<>();
  private final Set<String> netnsNames = new java.util.LinkedHashSet<>();
  private final Map<String, Entry.NetnsIdentity> identity = new HashMap<>();
  private final List<Entry.Link> links = new ArrayList<>();
  private final Set<String> linkKeys = new HashSet<>();
  private final List<Entry.LinkMove> moves = new ArrayList<>();
  private final List<Entry.NftTable> tables = new ArrayList<>();
  private final Map<String, String> originals = new HashMap<>();
  private final Set<String> changedFrom = new HashSet<>();
  private final Map<String, String> newest = new HashMap<>();
  private final Set<String> tableNetns = new HashSet<>();
  private final Set<String> concerned = new HashSet<>();
  private final Map<String, String> qdiscs = new HashMap<>();
  private final List<Entry.Link[]> adjacent = new ArrayList<>();
  private final Map<String, Entry> nft = new HashMap<>();
  private Entry last;
  private Entry.Link lastLink;

  /** The ledger of {@code entries}, oldest first. */
  public static Ledger of(List<Entry> entries) {
    Ledger l = new Ledger();
    entries.forEach(l::add);
    return l;
  }

  /** Files one record (the journal's next, in order). */
  public void add(Entry e) {
    e.learn(this);
    last = e;
  }

  // Filing, one method per kind that has something to say (called from Entry#learn).

  void lab(Entry.Lab l) {
    if (head == null) {
      head = l;
    }
  }

  void service(Entry.Service s) {
    services.add(s);
    newestService.put(s.name(), s);
  }

  /** The newest record of service {@code name}, or null. */
  public Entry.Service service(String name) {
    return newestService.get(name);
  }

  /** Whether process {@code pid} is one of the lab's services, still running. */
  public boolean isService(long pid) {
    return services.stream().anyMatch(s -> s.pid() == pid && s.running());
  }

  void capture(Entry.Capture c) {
    newestCapture.put(c.file(), c);
  }

  /** The newest record of a capture to {@code file}, or null. */
  public Entry.Capture capture(String file) {
    return newestCapture.get(file);
  }

  void netns(Entry.Netns n) {
    namespaces.add(n);
    netnsNames.add(n.name());
  }

  void identity(Entry.NetnsIdentity id) {
    identity.put(id.name(), id);
  }

  void link(Entry.Link l) {
    if (lastLink != null && lastLink == last) {
      // veth_create journals its two ends as two records in a row: a hint for pairing.
      adjacent.add(new Entry.Link[] {lastLink, l});
    }
    lastLink = l;
    links.add(l);
    linkKeys.add(key(l.netns(), l.name()));
    concern(l.netns(), l.name());
  }

  void move(Entry.LinkMove m) {
    moves.add(m);
    concern(m.to(), m.name());
  }

  void table(Entry.NftTable t) {
    tables.add(t);
    tableNetns.add(key(t.netns(), ""));
  }

  void sysctl(Entry.Sysctl s) {
    String k = key(s.netns(), s.key());
    // The value from before the lab: the oldest record that changed it. A record that changed
    // nothing (old = new) is one another lab handed on when it went down while this lab relied
    // on its value; it stands only until a record of a real change says more.
    if (!changedFrom.contains(k)) {
      if (!Objects.equals(s.oldValue(), s.newValue())) {
        originals.put(k, s.oldValue());
        changedFrom.add(k);
      } else {
        originals.putIfAbsent(k, s.oldValue());
      }
    }
    newest.put(k, s.newValue());
  }

  /** Notes that the lab's records name link {@code name} in {@code netns} (null: the host). */
  void concern(String netns, String name) {
    if (name != null) {
      concerned.add(key(netns, name));
    }
  }

  void qdisc(Entry.Qdisc q) {
    concern(q.netns(), q.link());
    qdiscs.put(key(q.netns(), q.link()), q.spec()); // the newest record's is what the lab wants
  }

  private final Map<String, Entry.File> newestFile = new HashMap<>();
  private final Set<String> fileHashes = new HashSet<>();
  private final Set<String> madeFolders = new HashSet<>();

  void file(Entry.File f) {
    newestFile.put(key(f.netns(), f.name()), f);
    fileHashes.add(key(f.netns(), f.name()) + "\0" + f.sha256());
    if (f.made() != null) {
      // /etc/netns made means the namespace's folder in it was made too.
      madeFolders.add(f.made());
      madeFolders.add(f.file().folder().toString());
    }
  }

  /** The newest record of /etc file {@code name} of namespace {@code netns}, or null. */
  public Entry.File file(String netns, String name) {
    return newestFile.get(key(netns, name));
  }

  /** Whether a record says the lab wrote content with this SHA-256 to that file. */
  public boolean wroteFile(String netns, String name, String sha256) {
    return fileHashes.contains(key(netns, name) + "\0" + sha256);
  }

  /** Whether a record says the lab made folder {@code path} ({@code /etc/netns[/NETNS]}). */
  public boolean madeFolder(String path) {
    return madeFolders.contains(path);
  }

  // Questions.

  /** The root qdisc the lab's newest record sets on {@code link} (its words), or null. */
  public String qdisc(String netns, String link) {
    return qdiscs.get(key(netns, link));
  }

  /** The journal's first lab record, or null when it is lost. */
  public Entry.Lab head() {
    return head;
  }

  /** The namespace records, oldest first (a name may come twice, after a repair). */
  public List<Entry.Netns> namespaces() {
    return Collections.unmodifiableList(namespaces);
  }

  /** The names of the namespaces the journal says the lab made, in the order it made them. */
  public Set<String> namespaceNames() {
    return Collections.unmodifiableSet(netnsNames);
  }

  /** Whether the journal records creating namespace {@code name}. */
  public boolean hasNetns(String name) {
    return netnsNames.contains(name);
  }

  /** The identity (nsfs inode) last recorded for namespace {@code name}, or null when none. */
  public Long identity(String name) {
    Entry.NetnsIdentity id = identity.get(name);
    return id == null ? null : id.inode();
  }

  /**
   * The token recorded with namespace {@code name}'s last identity, or null when none (no identity,
   * or one from before tokens).
   */
  public String token(String name) {
    Entry.NetnsIdentity id = identity.get(name);
    return id == null ? null : id.token();
  }

  /** The birth recorded with namespace {@code name}'s last identity; 0 when none. */
  public long born(String name) {
    Entry.NetnsIdentity id = identity.get(name);
    return id == null ? 0 : id.born();
  }

  /** The link records, oldest first. */
  public List<Entry.Link> links() {
    return Collections.unmodifiableList(links);
  }

  /** Whether the journal records creating link {@code name} in {@code netns}. */
  public boolean hasLink(String netns, String name) {
    return linkKeys.contains(key(netns, name));
  }

  /** Link records that follow a link record: the two ends of a veth pair, most likely. */
  public List<Entry.Link[]> adjacentLinks() {
    return Collections.unmodifiableList(adjacent);
  }

  /** The link moves recorded, oldest first. */
  public List<Entry.LinkMove> moves() {
    return Collections.unmodifiableList(moves);
  }

  /**
   * Where a link is now that was in {@code netns}, following the lab's own link_move records: lets
   * the task that created a link converge after a later task moved it.
   */
  public String whereIs(String netns, String link) {
    String at = netns;
    for (Entry.LinkMove m : moves) {
      if (m.name().equals(link) && Objects.equals(m.from(), at)) {
        at = m.to();
      }
    }
    return at;
  }

  void nft(String key, Entry e) {
    nft.put(key, e);
  }

  /**
   * The newest record of one rule or chain policy of the lab's table, by its key ({@link
   * Entry.NftRule#key}, {@link Entry.NftPolicy#key}), or null.
   */
  public Entry nft(String key) {
    return nft.get(key);
  }

  /** The nft table records, oldest first. */
  public List<Entry.NftTable> tables() {
    return Collections.unmodifiableList(tables);
  }

  /**
   * A sysctl's value from before the lab: the oldest record's that changed it (see {@link
   * #sysctl}).
   */
  public String original(String netns, String key) {
    return originals.get(key(netns, key));
  }

  /** What forwarding NAT needs: nat_masquerade turns it on where its table is. */
  private static final String FORWARD = "net.ipv4.ip_forward";

  /**
   * Whether the lab relies on sysctl {@code key} in {@code netns} (null: its host) being {@code
   * value}: its newest record of that sysctl set it to that value, or, with none, it is forwarding
   * on ("1") where the lab has its NAT table. A lab that came up where forwarding was already on
   * journalled no change of it, yet its NAT needs it.
   */
  public boolean reliesOn(String netns, String key, String value) {
    String k = key(netns, key);
    String set = newest.get(k);
    if (set != null) {
      return set.equals(value);
    }
    return key.equals(FORWARD) && value.equals("1") && tableNetns.contains(key(netns, ""));
  }

  /**
   * Whether any record names link {@code name} in {@code netns}: made, brought up, addressed,
   * routed through, attached, moved there.
   */
  public boolean concerns(String netns, String name) {
    return concerned.contains(key(netns, name));
  }

  static String key(String netns, String name) {
    return (netns == null ? "" : netns) + "\0" + name;
  }
}

package nsplay.state;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** How a lab marks what it creates, so teardown can tell its objects from anyone else's. */
public final class Marks {
  private Marks() {}

  /** What every lab's alias starts with: a link carrying it is some lab's. */
  public static final String ALIAS_PREFIX = "nsplay:";

  /** Link alias (IFLA_IFALIAS), shown by {@code ip link} as "alias nsplay:LAB". */
  public static String alias(String lab) {
    return ALIAS_PREFIX + lab;
  }

  /** Tokens of namespaces; not for secrets: tokens only tell the lab's from hand-made ones. */
  private static final java.util.SplittableRandom TOKENS = new java.util.SplittableRandom();

  /**
   * A new namespace's token: 64 random bits in hex. Recorded in the journal with the namespace's
   * identity and set as its lo's alias before it gets its name, so that a namespace under that name
   * with that inode but without it (re-made by hand: the kernel reuses inode numbers) is not the
   * lab's. Not a cryptographic secret (anyone root reads the journal); SplittableRandom, as a
   * SecureRandom costs a start-up ~10 ms to set up.
   */
  public static synchronized String netnsToken() {
    String hex = Long.toHexString(TOKENS.nextLong());
    return "0".repeat(16 - hex.length()) + hex;
  }

  /**
   * The alias (IFLA_IFALIAS) of lo in a namespace the lab made, shown by {@code ip -n NS link show
   * lo} as "alias nsplay:LAB netns TOKEN". It names the lab, so that `down --scan` (MarkScan) finds
   * the lab's namespaces without a journal; it is never equal to the lab's link alias ({@link
   * #alias}), so lo is not taken for a link of the lab's; and the space after the lab's name, which
   * no lab name contains, keeps lab {@code a} from taking lab {@code a2}'s namespaces.
   */
  public static String netnsAlias(String lab, String token) {
    return alias(lab) + " netns " + token;
  }

  /** nf_tables table that holds all of a lab's rules; one DELTABLE removes them all. */
  public static String nftTable(String lab) {
    return "nsplay-" + lab;
  }

  /** The lab whose table {@link #nftTable} named {@code table}. */
  public static String labOfNftTable(String table) {
    return table.substring(nftTable("").length());
  }

  /**
   * The comment in the lab's nf_tables table's user data, shown by {@code nft list table} as {@code
   * comment "nsplay:LAB"}: the table's mark. Set in the request that creates the table, so a table
   * of the lab never exists without it; a table of that name made by hand has none.
   */
  public static String nftTableComment(String lab) {
    return alias(lab);
  }

  /**
   * The protocol number of the lab's routes (rtm_protocol), as recorded in its journal: {@code ip
   * route} shows {@code proto 217}. Why 217: Rtnl.RTPROT_NSPLAY.
   */
  public static String routeProto() {
    return Integer.toString(nsplay.kernel.RouteInfo.NSPLAY);
  }

  /**
   * The IFA_PROTO of the lab's addresses, as recorded in its journal, or null where the kernel
   * cannot mark an address (before Linux 5.18, which ignores the attribute): then the journal's
   * word stands, as before addresses were marked.
   */
  public static String addrProto() {
    return IFA_PROTO_KERNEL ? Integer.toString(nsplay.kernel.AddrInfo.NSPLAY) : null;
  }

  private static final boolean IFA_PROTO_KERNEL = atLeast(System.getProperty("os.version"), 5, 18);

  /** Whether a kernel release such as "6.18.44-fc" is at least major.minor. */
  static boolean atLeast(String release, int major, int minor) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)").matcher(release == null ? "" : release);
    if (!m.find()) {
      return false;
    }
    int a = Integer.parseInt(m.group(1));
    int b = Integer.parseInt(m.group(2));
    return a > major || (a == major && b >= minor);
  }

  /** A protocol number from a journal: 1-255 (a bad one makes the line damaged). */
  static String checkProto(String v) {
    int n = Integer.parseInt(v);
    if (n < 1 || n > 255) {
      throw new IllegalArgumentException("protocol " + v);
    }
    return v;
  }

  /**
   * A link group (IFLA_GROUP) for the lab's links. Unlike the alias, the group is taken at create
   * time in the same message, so a link is marked even if the process dies right after creating it.
   * Derived from the name (0 is the kernel's default group, so never 0).
   */
  public static int group(String lab) {
    CRC32 c = new CRC32();
    c.update(alias(lab).getBytes(StandardCharsets.UTF_8));
    return (int) ((c.getValue() & 0x3fffffffL) | 0x40000000L);
  }
}

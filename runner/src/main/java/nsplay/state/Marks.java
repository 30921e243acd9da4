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

  /** nf_tables table that holds all of a lab's rules; one DELTABLE removes them all. */
  public static String nftTable(String lab) {
    return "nsplay-" + lab;
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

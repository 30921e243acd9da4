package nsplay.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;

/**
 * A lab's objects found by their marks alone, for {@code down --scan}: the recovery when the
 * journal is lost or cannot be read. Without a journal there is no identity to check, so the rule
 * is narrower than {@link Ownership}'s, and anything in doubt is left and named.
 *
 * <ul>
 *   <li>A link is the lab's when it carries both of the lab's marks: its alias {@code nsplay:LAB}
 *       and its link group. Either alone is not enough (anyone can set an alias or a group; a crash
 *       between creating a link and naming it leaves only the group).
 *   <li>A namespace is the lab's when its {@code lo} carries the lab's mark ({@code nsplay:LAB},
 *       alone or followed by a character no lab name has), or, for namespaces made before lo was
 *       marked, when it holds at least one link besides lo and every one of them is the lab's. In
 *       both cases never when it holds a link that is not the lab's, when lo carries another mark,
 *       when it is the namespace playing the host, or when another lab's journal names it. An empty
 *       namespace with an unmarked lo is anyone's, and is left.
 *   <li>The nft table is the lab's by its name, {@code ip nsplay-LAB}, in the host namespace.
 * </ul>
 *
 * What the rule cannot tell: a namespace that existed before the lab (adopt) and that holds only
 * the lab's links looks like the lab's own, and is taken; the list of what was found is shown
 * before anything is removed.
 */
public final class MarkScan {
  private MarkScan() {}

  /**
   * What was found: the lab's namespaces; the lab's links elsewhere, by namespace (null: the host);
   * whether its table is in the host; and what was left, with why.
   */
  public record Found(
      List<String> namespaces, Map<String, List<Iface>> links, boolean table, List<String> left) {
    public boolean isEmpty() {
      return namespaces.isEmpty() && links.isEmpty() && !table;
    }
  }

  /**
   * Looks at every named namespace and at the host (the kernel's host namespace); {@code others}:
   * the other labs' journals, whose namespaces are never taken.
   */
  public static Found find(String lab, Kernel kernel, Map<String, Ledger> others) {
    return find(lab, kernel, others, new Ledger());
  }

  /**
   * The same, with what the lab's own journal could still say ({@code own}, empty when it is lost):
   * a namespace it names with the identity the kernel has is the lab's, as for a plain down (see
   * {@link Ownership#isLabsNetns}); one it names that nothing else shows to be the lab's is left,
   * and said so.
   */
  public static Found find(String lab, Kernel kernel, Map<String, Ledger> others, Ledger own) {
    String alias = Marks.alias(lab);
    int group = Marks.group(lab);
    String host = kernel.hostNetns();
    List<String> namespaces = new ArrayList<>();
    Map<String, List<Iface>> links = new LinkedHashMap<>();
    List<String> left = new ArrayList<>();
    for (String ns : kernel.netnsList()) {
      if (ns.equals(host)) {
        continue;
      }
      List<Iface> all;
      try {
        all = kernel.links(ns).all();
      } catch (RuntimeException e) {
        left.add("netns " + ns + ": cannot be read (" + e.getMessage() + ")");
        continue;
      }
      Iface lo = null;
      List<Iface> ours = new ArrayList<>();
      List<Iface> foreign = new ArrayList<>();
      for (Iface i : all) {
        if (i.name().equals("lo")) {
          lo = i;
        } else if (marked(i, alias, group)) {
          ours.add(i);
        } else {
          foreign.add(i);
          partly(i, alias, group, ns, left);
        }
      }
      String loAlias = lo == null ? null : lo.alias();
      boolean loOurs = loAlias != null && loMark(loAlias, alias);
      boolean loOther = loAlias != null && !loAlias.isEmpty() && !loOurs;
      String owner = otherOwner(ns, others);
      Long identity = own.hasNetns(ns) ? own.identity(ns) : null;
      if (identity != null && identity == kernel.netnsInode(ns)) {
        namespaces.add(ns); // what the journal still says, as a plain down trusts it
        continue;
      }
      if ((loOurs || !ours.isEmpty()) && foreign.isEmpty() && !loOther && owner == null) {
        namespaces.add(ns);
        continue;
      }
      if (own.hasNetns(ns) && !loOurs && ours.isEmpty()) {
        left.add(
            "netns "
                + ns
                + ": the journal names it, but without the identity it had and with nothing in it"
                + " that carries the lab's marks; remove it by hand if it is the lab's");
      }
      if (loOurs || !ours.isEmpty()) {
        String why =
            owner != null
                ? "lab " + owner + "'s journal names it"
                : !foreign.isEmpty()
                    ? "it holds " + foreign.get(0).name() + ", which does not carry the lab's marks"
                    : "its lo carries another mark (" + loAlias + ")";
        left.add("netns " + ns + ": " + why);
      }
      if (!ours.isEmpty()) {
        links.put(ns, ours);
      }
    }
    List<Iface> hostLinks = new ArrayList<>();
    for (Iface i : kernel.links(null).all()) {
      if (marked(i, alias, group)) {
        hostLinks.add(i);
      } else {
        partly(i, alias, group, null, left);
      }
    }
    if (!hostLinks.isEmpty()) {
      links.put(null, hostLinks);
    }
    // Without a journal only the mark speaks: a table of that name without the lab's comment (made
    // by hand, or by an nsplay from before tables were marked) is not taken.
    boolean table =
        kernel
            .nft(null)
            .table(Marks.nftTable(lab))
            .map(t -> Marks.nftTableComment(lab).equals(t.comment()))
            .orElse(false);
    return new Found(namespaces, links, table, left);
  }

  private static boolean marked(Iface i, String alias, int group) {
    return alias.equals(i.alias()) && i.group() == group;
  }

  /** Notes a link that carries one of the lab's marks but not both: left, and said so. */
  private static void partly(Iface i, String alias, int group, String ns, List<String> left) {
    if (alias.equals(i.alias()) || i.group() == group) {
      left.add(
          "link "
              + i.name()
              + (ns == null ? "" : " in " + ns)
              + ": carries "
              + (i.group() == group
                  ? "the lab's link group but not its alias"
                  : "its alias but not its link group"));
    }
  }

  /** Whether lo's alias is the lab's mark: {@code nsplay:LAB}, or that and a token after it. */
  static boolean loMark(String loAlias, String alias) {
    if (!loAlias.startsWith(alias)) {
      return false;
    }
    if (loAlias.length() == alias.length()) {
      return true;
    }
    char next = loAlias.charAt(alias.length());
    // nsplay:lab must not take nsplay:lab2's namespaces: lab names are letters, digits, - and _.
    return !(Character.isLetterOrDigit(next) || next == '-' || next == '_');
  }

  private static String otherOwner(String ns, Map<String, Ledger> others) {
    for (Map.Entry<String, Ledger> e : others.entrySet()) {
      if (e.getValue().hasNetns(ns)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** The namespace key of {@link Found#links} in words. */
  public static String where(String ns) {
    return ns == null ? "" : " in " + ns;
  }
}

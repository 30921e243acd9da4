package nsplay.app;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nsplay.jni.Errno;
import nsplay.jni.NativeException;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.state.Entry;
import nsplay.state.Journal;
import nsplay.state.LabLock;
import nsplay.state.Ledger;
import nsplay.state.MarkScan;
import nsplay.state.Marks;

/**
 * `nsplay down --lab NAME --scan`: removing a lab whose journal is lost or cannot be read, by the
 * marks its objects carry (see {@link MarkScan} for which count), then its state.
 */
public final class Scan {
  private Scan() {}

  private static final java.util.regex.Pattern LAB_NAME =
      java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,40}");

  /**
   * Finds, shows, removes; {@code hostNetns}: the namespace that played the host, or null for the
   * one the journal names if it can still say (else the real host).
   */
  public static int remove(
      String name, String hostNetns, Duration lockWait, PrintWriter out, PrintWriter err) {
    if (!LAB_NAME.matcher(name).matches()) {
      // It names a folder that is removed at the end: no path may hide in it.
      err.println("nsplay: --lab " + name + ": not a lab name (1-40 letters, digits, - or _)");
      return Exit.INVALID;
    }
    LabSession lab;
    try {
      String host = hostNetns != null ? hostNetns : journalsHost(name);
      lab = LabSession.forRun(name, host, lockWait, msg -> err.println("nsplay: " + msg));
    } catch (LabLock.BusyException e) {
      err.println("nsplay: " + e.getMessage());
      return Exit.FAILED;
    }
    try (lab) {
      Kernel k = lab.kernel();
      if (lab.hostNetns() != null && !k.netnsExists(lab.hostNetns())) {
        err.println("nsplay: --host-netns " + lab.hostNetns() + ": no such namespace");
        return Exit.INVALID;
      }
      Map<String, Ledger> others = new TreeMap<>();
      Labs.journalsExcept(name).forEach((n, entries) -> others.put(n, Ledger.of(entries)));
      MarkScan.Found found = MarkScan.find(name, k, others, Ledger.of(readable(name)));
      show(name, found, lab.hostNetns(), out);
      int[] tally = new int[2]; // removed, failed
      if (found.table()) {
        act(
            out,
            tally,
            "nft table ip " + Marks.nftTable(name),
            () -> k.nft(null).deleteTable(Marks.nftTable(name)));
      }
      for (String ns : found.namespaces()) {
        act(out, tally, "netns " + ns, () -> k.netnsDelete(ns));
      }
      found.links().forEach((ns, links) -> removeLinks(k, ns, links, out, tally));
      for (String l : found.left()) {
        out.println("KEEP [" + l + "]");
      }
      out.println(
          "RECAP "
              + name
              + ": removed="
              + tally[0]
              + " kept="
              + found.left().size()
              + " failed="
              + tally[1]);
      if (tally[1] > 0) {
        return Exit.FAILED;
      }
      // Without the journal, sysctls cannot be put back: their values from before are unknown.
      out.println(
          "note: sysctls the lab changed (such as net.ipv4.ip_forward) are left as they are: their"
              + " values from before the lab were in its journal");
      lab.removeState();
      return Exit.OK;
    }
  }

  private static String journalsHost(String name) {
    Entry.Lab head = Journal.labOf(readable(name));
    return head == null ? null : head.hostNetns();
  }

  /** What the lab's journal can still say; nothing when it is lost or not safe to read. */
  private static List<Entry> readable(String name) {
    try {
      return Journal.readIfExists(Journal.ROOT, name);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private static void show(String name, MarkScan.Found f, String host, PrintWriter out) {
    String h = host == null ? "" : " in " + host;
    if (f.isEmpty()) {
      out.println("lab " + name + ": nothing carries its marks" + h);
    }
    if (f.table()) {
      out.println("FOUND [nft table ip " + Marks.nftTable(name) + h + "]");
    }
    for (String ns : f.namespaces()) {
      out.println("FOUND [netns " + ns + "]");
    }
    f.links()
        .forEach(
            (ns, links) -> {
              for (Iface i : links) {
                out.println("FOUND [link " + i.name() + (ns == null ? h : " in " + ns) + "]");
              }
            });
    out.flush();
  }

  /**
   * A namespace's links, one by one (a recovery, not the fast path). A link already gone went with
   * its veth peer's namespace, removed just before.
   */
  private static void removeLinks(
      Kernel k, String ns, List<Iface> links, PrintWriter out, int[] tally) {
    String where = MarkScan.where(ns);
    for (Iface i : links) {
      act(
          out,
          tally,
          "link " + i.name() + where,
          () -> {
            try {
              k.links(ns).delete(i.index());
            } catch (NativeException e) {
              if (e.errno() != Errno.ENODEV) {
                throw e;
              }
            }
          });
    }
  }

  private static void act(PrintWriter out, int[] tally, String what, Runnable r) {
    try {
      r.run();
      out.println("REMOVE [" + what + "] ... removed");
      tally[0]++;
    } catch (RuntimeException e) {
      out.println("REMOVE [" + what + "] ... failed: " + e.getMessage());
      tally[1]++;
    }
  }
}

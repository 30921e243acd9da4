package nsplay.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nsplay.kernel.Kernel;
import nsplay.kernel.Processes;
import nsplay.state.Entry;
import nsplay.state.Ledger;
import nsplay.state.Ownership;

/**
 * The processes still running in a lab's namespaces, which `down` stops before it removes them: a
 * namespace whose name is gone but that a process still holds lives on, with its veth pairs and
 * addresses, out of anyone's sight. Found by the namespace's identity (the inode that {@code
 * /proc/PID/ns/net} links to), and ended by pid, never by name.
 */
final class NetnsProcesses {
  /** How long processes have after SIGTERM before SIGKILL. */
  static final long GRACE_MS = Processes.GRACE_MS;

  private NetnsProcesses() {}

  /** A process, by pid, with its command name (/proc/PID/comm) and the lab namespace it is in. */
  record Proc(long pid, String comm, String netns, long inode) implements Processes.Target {
    @Override
    public boolean alive() {
      return stillIn(this);
    }

    String describe() {
      return "process " + pid + " (" + comm + ") in " + netns;
    }
  }

  /** The processes in the namespaces the lab made and that are still the lab's. */
  static List<Proc> of(String lab, List<Entry> journal, Kernel kernel) {
    Ledger ledger = Ledger.of(journal);
    // By inode first, for every namespace the journal names (a stat each); whose a namespace is
    // is asked only of those that hold a process, as it costs a netlink request in each (the
    // token on its lo), which a down of 500 namespaces should not pay for nothing.
    Map<Long, String> byInode = new HashMap<>();
    for (String name : ledger.namespaceNames()) {
      try {
        long inode = kernel.netnsInode(name);
        if (inode != -1) {
          byInode.put(inode, name);
        }
      } catch (RuntimeException e) {
        // a name the file system cannot hold, or cannot be read: no process can be in it
      }
    }
    List<Proc> out = new ArrayList<>();
    if (byInode.isEmpty()) {
      return out;
    }
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : procs) {
        long inode = netInode(p);
        String netns = byInode.get(inode);
        if (netns != null && !ledger.isService(Long.parseLong(p.getFileName().toString()))) {
          out.add(new Proc(Long.parseLong(p.getFileName().toString()), comm(p), netns, inode));
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list /proc", e);
    }
    if (out.isEmpty()) {
      return out;
    }
    Ownership owner = Ownership.of(lab, ledger, kernel);
    Map<String, Boolean> ours = new HashMap<>();
    out.removeIf(p -> !ours.computeIfAbsent(p.netns(), owner::isLabsNetns));
    return out;
  }

  /**
   * Stops each process ({@link Processes#stop}: SIGTERM, then SIGKILL after a grace period); one
   * REMOVE line each, in down's words. Returns how many could not be stopped.
   */
  static int stop(List<Proc> procs, PrintWriter out) {
    List<String> became = Processes.stop(procs);
    int failed = 0;
    for (int i = 0; i < procs.size(); i++) {
      String what = became.get(i) == null ? "stopped" : became.get(i);
      if (what.startsWith("failed")) {
        failed++;
      }
      out.println("REMOVE [" + procs.get(i).describe() + "] ... " + what);
    }
    out.flush();
    return failed;
  }

  /** Whether pid is still a live process in the namespace (a zombie has no ns link). */
  private static boolean stillIn(Proc p) {
    return netInode(Path.of("/proc", Long.toString(p.pid()))) == p.inode();
  }

  /** The inode of a process's network namespace, or -1 (gone, a zombie, or a kernel thread). */
  private static long netInode(Path proc) {
    try {
      String link = Files.readSymbolicLink(proc.resolve("ns/net")).toString(); // net:[4026531840]
      return Long.parseLong(link.substring(link.indexOf('[') + 1, link.length() - 1));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static String comm(Path proc) {
    try {
      return Files.readString(proc.resolve("comm")).strip();
    } catch (IOException e) {
      return "?";
    }
  }
}

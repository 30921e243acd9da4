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

  /**
   * The processes in the namespaces the lab made and that are still the lab's; {@code ledger}: the
   * lab's journal's.
   */
  static List<Proc> of(String lab, Ledger ledger, Kernel kernel) {
    // By the inodes the journal recorded, which a process's /proc/PID/ns/net names: no stat of
    // the namespaces, nor a netlink request in each (the token on its lo), for a down of 500
    // namespaces in which, most often, nothing runs. Whose a namespace is (its file has the
    // inode recorded, and its lo the token) is asked only of those that hold a process: the
    // same answer as reading each name's inode first, since a namespace that is the lab's has
    // the recorded inode.
    Map<Long, List<String>> byInode = new HashMap<>();
    for (String name : ledger.namespaceNames()) {
      Long inode = ledger.identity(name);
      if (inode != null) {
        byInode.computeIfAbsent(inode, i -> new ArrayList<>(1)).add(name);
      }
    }
    List<Proc> out = new ArrayList<>();
    if (byInode.isEmpty()) {
      return out;
    }
    Ownership owner = Ownership.of(lab, ledger, kernel);
    Map<String, Boolean> ours = new HashMap<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(PROC)) {
      for (Path p : procs) {
        String pid = p.getFileName().toString();
        if (pid.isEmpty() || pid.charAt(0) < '0' || pid.charAt(0) > '9') {
          continue; // not a process: /proc/self, /proc/net, ...
        }
        long inode = netInode(p);
        List<String> names = byInode.get(inode);
        if (names == null || ledger.isService(Long.parseLong(pid))) {
          continue; // none of the lab's namespaces; or one of its services, which down stops itself
        }
        for (String netns : names) {
          // Still named so, with that inode and the token: the lab's namespace, not one made
          // again under the name (another inode) or under a reused inode (another token).
          if (ours.computeIfAbsent(netns, owner::isLabsNetns)) {
            out.add(new Proc(Long.parseLong(pid), comm(p), netns, inode));
            break;
          }
        }
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot list /proc", e);
    }
    return out;
  }

  private static final Path PROC = Path.of("/proc");

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

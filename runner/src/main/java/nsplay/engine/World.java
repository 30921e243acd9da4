package nsplay.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import nsplay.jni.NativeException;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.state.Entry;
import nsplay.state.Marks;

/**
 * What exists before the run, as far as the checks before it may know: a namespace or link that no
 * task creates must be here, and one that a task creates must not be someone else's. "Unknown"
 * answers let a check pass; they are what `validate` (no root, no kernel) gives.
 */
public interface World {
  /** The owner of what exists but was not made by nsplay: the host's, or another tool's. */
  String NOT_NSPLAY = "-";

  boolean netnsExists(String name);

  /** Whether {@code netns} (null: the host) has link {@code name}; empty when it cannot tell. */
  Optional<Boolean> hasLink(String netns, String name);

  /**
   * Who owns an existing namespace: null when there is none (or it cannot tell), "" when it is this
   * lab's, else who ("lab X", "nobody: it was not made by nsplay").
   */
  default String netnsOwner(String name) {
    return null;
  }

  /** Like {@link #netnsOwner}, for the lab's nft table in {@code netns} (null: the host). */
  default String nftTableOwner(String netns) {
    return null;
  }

  /** Like {@link #netnsOwner}, for a link in {@code netns} (null: the host). */
  default String linkOwner(String netns, String name) {
    return null;
  }

  /** Knows the namespaces (from /run/netns) and nothing about links or owners. */
  static World namespacesOnly() {
    return new World() {
      @Override
      public boolean netnsExists(String name) {
        return java.nio.file.Files.exists(Kernel.NETNS_DIR.resolve(name));
      }

      @Override
      public Optional<Boolean> hasLink(String netns, String name) {
        return Optional.empty();
      }
    };
  }

  /**
   * Asks the kernel (read only), and the journals for owners: this lab's ({@code mine}) and the
   * other labs' on this machine ({@code others}, by lab name).
   */
  static World of(Kernel kernel, String lab, List<Entry> mine, Map<String, List<Entry>> others) {
    // The checks, then the run, read every namespace this lab made: in the order it made them,
    // which is the order a re-run asks for them.
    List<String> order = new java.util.ArrayList<>();
    for (Entry e : mine) {
      if (e instanceof Entry.Netns n) {
        order.add(n.name());
      }
    }
    kernel.readAhead(order);
    // Indexed once: the checks ask about every name a playbook creates.
    Map<String, Long> myNetns = made(mine);
    Map<String, Map<String, Long>> theirNetns = new java.util.TreeMap<>();
    others.forEach((name, entries) -> theirNetns.put(name, made(entries)));
    java.util.Set<String> myTables = new java.util.HashSet<>();
    for (Entry e : mine) {
      if (e instanceof Entry.NftTable t) {
        myTables.add(Objects.requireNonNullElse(t.netns(), ""));
      }
    }
    java.util.Set<String> myLinks = new java.util.HashSet<>();
    for (Entry e : mine) {
      if (e instanceof Entry.Link l) {
        myLinks.add(Objects.requireNonNullElse(l.netns(), "") + "\0" + l.name());
      }
    }
    return new World() {
      @Override
      public boolean netnsExists(String name) {
        return kernel.netnsExists(name);
      }

      @Override
      public Optional<Boolean> hasLink(String netns, String name) {
        if (netns != null && !kernel.netnsExists(netns)) {
          return Optional.of(false);
        }
        try {
          return Optional.of(kernel.links(netns).get(name).isPresent());
        } catch (NativeException e) {
          return Optional.empty();
        }
      }

      @Override
      public String netnsOwner(String name) {
        if (!kernel.netnsExists(name)) {
          return null;
        }
        long inode = kernel.netnsInode(name);
        if (isMade(myNetns, name, inode)) {
          return "";
        }
        for (Map.Entry<String, Map<String, Long>> e : theirNetns.entrySet()) {
          if (isMade(e.getValue(), name, inode)) {
            return "lab " + e.getKey();
          }
        }
        return NOT_NSPLAY;
      }

      @Override
      public String nftTableOwner(String netns) {
        try {
          if ((netns != null && !kernel.netnsExists(netns))
              || !kernel.nft(netns).hasTable(Marks.nftTable(lab))) {
            return null;
          }
        } catch (NativeException e) {
          return null;
        }
        // Named like ours but not in our journal: someone made it by hand, or another tool.
        return myTables.contains(Objects.requireNonNullElse(netns, "")) ? "" : NOT_NSPLAY;
      }

      @Override
      public String linkOwner(String netns, String name) {
        Optional<Iface> link;
        try {
          if (netns != null && !kernel.netnsExists(netns)) {
            return null;
          }
          link = kernel.links(netns).get(name);
        } catch (NativeException e) {
          return null;
        }
        if (link.isEmpty()) {
          return null;
        }
        String alias = link.get().alias();
        if (Marks.alias(lab).equals(alias)) {
          return "";
        }
        if (alias != null && alias.startsWith("nsplay:")) {
          return "lab " + alias.substring("nsplay:".length());
        }
        boolean journalled = myLinks.contains(Objects.requireNonNullElse(netns, "") + "\0" + name);
        if (journalled && link.get().group() == Marks.group(lab)) {
          // Made by this lab (its journal and the group set at creation say so); the alias is
          // missing (a crash before marking) or was changed by hand: up puts it back.
          return "";
        }
        if (netns != null && "".equals(netnsOwner(netns))) {
          return ""; // inside this lab's own namespace
        }
        return NOT_NSPLAY;
      }
    };
  }

  /**
   * The namespaces a journal says it made, each with the identity recorded for it (-1 when none was
   * recorded: the run died between creating and recording).
   */
  private static Map<String, Long> made(List<Entry> entries) {
    Map<String, Long> out = new java.util.HashMap<>();
    for (Entry e : entries) {
      if (e instanceof Entry.Netns n) {
        out.putIfAbsent(n.name(), -1L);
      } else if (e instanceof Entry.NetnsIdentity id) {
        out.put(id.name(), id.inode());
      }
    }
    return out;
  }

  /** Whether namespace {@code name} is the one the journal made (same identity, or none known). */
  private static boolean isMade(Map<String, Long> made, String name, long inode) {
    Long recorded = made.get(name);
    return recorded != null && (recorded == -1L || recorded == inode);
  }
}

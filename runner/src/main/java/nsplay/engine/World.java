package nsplay.engine;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nsplay.jni.NativeException;
import nsplay.kernel.Kernel;
import nsplay.state.Entry;
import nsplay.state.Ownership;

/**
 * What exists before the run, as far as the checks before it may know: a namespace or link that no
 * task creates must be here, and one that a task creates must not be someone else's. "Unknown"
 * answers let a check pass; they are what `validate` (no root, no kernel) gives.
 */
public interface World {
  /** The owner of what exists but was not made by nsplay: the host's, or another tool's. */
  String NOT_NSPLAY = Ownership.NOT_NSPLAY;

  boolean netnsExists(String name);

  /** Whether {@code netns} (null: the host) has link {@code name}; empty when it cannot tell. */
  Optional<Boolean> hasLink(String netns, String name);

  /**
   * Whether the kernel makes links of {@code kind}; empty when it cannot tell (validate: no root,
   * no kernel asked).
   */
  default Optional<Boolean> hasLinkKind(String kind) {
    return Optional.empty();
  }

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

  /** Whether the kernel has qdisc kind {@code kind}; empty when it cannot tell. */
  default Optional<Boolean> hasQdiscKind(String kind) {
    return Optional.empty();
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
    Ownership own = Ownership.of(lab, mine, kernel).withOthers(others);
    // The checks, then the run, read every namespace this lab made: in the order it made them,
    // which is the order a re-run asks for them.
    kernel.readAhead(new java.util.ArrayList<>(own.ledger().namespaceNames()));
    Map<String, Optional<Boolean>> kinds = new java.util.HashMap<>(); // asked once per kind
    return new World() {
      @Override
      public boolean netnsExists(String name) {
        return kernel.netnsExists(name);
      }

      @Override
      public Optional<Boolean> hasLinkKind(String kind) {
        return kinds.computeIfAbsent(
            kind,
            k -> {
              try {
                return Optional.of(kernel.hasLinkKind(k));
              } catch (NativeException e) {
                return Optional.empty(); // cannot ask (no namespace may be made): the run tells
              }
            });
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
      public Optional<Boolean> hasQdiscKind(String kind) {
        return kernel.hasQdiscKind(kind);
      }

      @Override
      public String netnsOwner(String name) {
        return own.netnsOwner(name);
      }

      @Override
      public String nftTableOwner(String netns) {
        return own.nftTableOwner(netns);
      }

      @Override
      public String linkOwner(String netns, String name) {
        return own.linkOwner(netns, name);
      }
    };
  }
}

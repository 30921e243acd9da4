package nsplay.engine;

import java.util.Optional;
import nsplay.jni.NativeException;
import nsplay.kernel.Kernel;

/**
 * What exists before the run, as far as the checks before it may know: a namespace or link that no
 * task creates must be here. "Unknown" answers let a check pass; they are what `validate` (no root,
 * no kernel) gives for links.
 */
public interface World {
  boolean netnsExists(String name);

  /** Whether {@code netns} (null: the host) has link {@code name}; empty when it cannot tell. */
  Optional<Boolean> hasLink(String netns, String name);

  /** Knows the namespaces (from /run/netns) and nothing about links. */
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

  /** Asks the kernel (read only). */
  static World of(Kernel kernel) {
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
    };
  }
}

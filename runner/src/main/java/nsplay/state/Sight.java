package nsplay.state;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;

/**
 * What one {@code status} knows while each kind judges its records against the kernel ({@link
 * Entry#judge}): the kernel, the lab's ownership, and whether each namespace is there, asked once.
 */
public final class Sight {
  private final Kernel kernel;
  private final Ownership ownership;
  private final Map<String, Boolean> gone = new HashMap<>();

  public Sight(Kernel kernel, Ownership ownership) {
    this.kernel = kernel;
    this.ownership = ownership;
  }

  public Kernel kernel() {
    return kernel;
  }

  public Ownership ownership() {
    return ownership;
  }

  /** Whether namespace {@code netns} (null: the lab's host) is gone. */
  public boolean gone(String netns) {
    return gone.computeIfAbsent(
        netns == null ? "" : netns,
        k ->
            netns == null
                ? kernel.hostNetns() != null && !kernel.netnsExists(kernel.hostNetns())
                : !kernel.netnsExists(netns));
  }

  /** Link {@code name} in {@code netns}, or empty when it or its namespace is gone. */
  public Optional<Iface> link(String netns, String name) {
    return gone(netns) ? Optional.empty() : kernel.links(netns).get(name);
  }

  /** One object of the lab and how it is now: present, missing, or changed (with how). */
  public record Seen(String kind, String name, String netns, String state) {
    public static Seen of(String kind, String name, String netns, String state) {
      return new Seen(kind, name, netns, state);
    }
  }
}

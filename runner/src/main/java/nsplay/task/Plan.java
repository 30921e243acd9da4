package nsplay.task;

import java.util.List;

/**
 * What a task would change, computed from an observation without touching the kernel. Each line is
 * said in iproute2's words ({@code link set veth-red up}) so a user can read it, and the engine
 * prints it with -v or --check.
 */
public interface Plan {
  List<String> changes();

  default boolean isEmpty() {
    return changes().isEmpty();
  }
}

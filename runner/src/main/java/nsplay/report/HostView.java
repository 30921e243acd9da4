package nsplay.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the pictures of a lab (Topology, Graph) both need to know of its model: which namespace
 * plays the host, which namespaces are the lab's own, the host's bridges, and which host interface
 * is a port of which bridge.
 */
final class HostView {
  final LabModel model;
  final Set<String> hostNames = new LinkedHashSet<>();
  final List<LabModel.Namespace> spaces = new ArrayList<>();
  final List<LabModel.Bridge> hostBridges = new ArrayList<>();
  final Map<String, String> hostMaster = new HashMap<>();

  HostView(LabModel m) {
    this.model = m;
    if (m.hostNetns() != null) {
      hostNames.add(m.hostNetns());
    }
    for (LabModel.Namespace ns : list(m.namespaces())) {
      if (ns.isHost()) {
        hostNames.add(ns.name());
        for (LabModel.Interface i : list(ns.interfaces())) {
          if (i.master() != null) {
            hostMaster.put(i.name(), i.master());
          }
        }
      } else {
        spaces.add(ns);
      }
    }
    for (LabModel.Bridge b : list(m.bridges())) {
      if (isHost(b.netns())) {
        hostBridges.add(b);
        for (String p : list(b.ports())) {
          hostMaster.put(p, b.name());
        }
      }
    }
  }

  /**
   * A link drawn joined to another of its namespace: stacked on its lower link (a vlan or macvlan
   * on its parent; {@code port} false), or a member of a bond ({@code port} true).
   *
   * @param label the kind in a few words for a stacked link ({@code vlan 10}), "bond port" for a
   *     member
   */
  record Stack(String link, String on, String label, boolean port) {}

  /** The stacked links and bond members of a namespace, in its interfaces' order. */
  static List<Stack> stacks(LabModel.Namespace ns) {
    Map<String, LabModel.Interface> byName = new HashMap<>();
    list(ns.interfaces()).forEach(i -> byName.put(i.name(), i));
    List<Stack> out = new ArrayList<>();
    for (LabModel.Interface i : list(ns.interfaces())) {
      if (i.lower() != null) {
        out.add(new Stack(i.name(), i.lower(), i.label() == null ? i.kind() : i.label(), false));
      }
      LabModel.Interface m = i.master() == null ? null : byName.get(i.master());
      if (m != null && "bond".equals(m.kind())) {
        out.add(new Stack(i.name(), m.name(), "bond port", true));
      }
    }
    return out;
  }

  /** Whether a namespace name (null: the host) means the host. */
  boolean isHost(String netns) {
    return netns == null || hostNames.contains(netns);
  }

  /** A null list as an empty one: models built by hand may leave lists out. */
  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}

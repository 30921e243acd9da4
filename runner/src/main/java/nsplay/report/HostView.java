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

  /** Whether a namespace name (null: the host) means the host. */
  boolean isHost(String netns) {
    return netns == null || hostNames.contains(netns);
  }

  /** A null list as an empty one: models built by hand may leave lists out. */
  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }
}

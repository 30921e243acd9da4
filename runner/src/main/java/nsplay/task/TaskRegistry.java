package nsplay.task;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * Every task type, by its playbook key. A new task type is its key in {@link #TYPES} and one case
 * in {@link #kind}.
 *
 * <p>Lazy on purpose: a type's class (its spec, parameters, plans, about six classes each) is
 * loaded only when a playbook names it or a caller walks every spec (`types`, `schema`, an unknown
 * key's suggestions). A one-namespace `up` used to load all of them, over 150 classes, a cost paid
 * at every start (issue #12).
 */
public final class TaskRegistry {
  private record Kind(TaskSpec spec, Function<TaskDecl, Task<?, ?>> factory) {}

  /** The playbook keys, in the order messages, `types` and the schema list them. */
  private static final List<String> TYPES =
      List.of(
          "netns_add",
          "veth_create",
          "bridge_create",
          "vxlan_create",
          "macvlan_create",
          "vlan_create",
          "dummy_create",
          "bond_create",
          "bridge_attach",
          "bond_attach",
          "link_up",
          "link_move",
          "addr_assign",
          "route_add",
          "nat_masquerade",
          "sysctl",
          "netem",
          "service",
          "ping",
          "tcp_connect",
          "http_get",
          "route_lookup",
          "command",
          "link_state",
          "addr_present",
          "hosts_file",
          "resolv_conf",
          "port_forward",
          "snat",
          "filter",
          "filter_policy",
          "capture");

  /** A switch, not a map of method references: each reference would load its class at once. */
  private static Kind kind(String type) {
    return switch (type) {
      case "netns_add" -> new Kind(NetnsAdd.SPEC, NetnsAdd::new);
      case "veth_create" -> new Kind(VethCreate.SPEC, VethCreate::new);
      case "bridge_create" -> new Kind(BridgeCreate.SPEC, BridgeCreate::new);
      case "vxlan_create" -> new Kind(VxlanCreate.SPEC, VxlanCreate::new);
      case "macvlan_create" -> new Kind(MacvlanCreate.SPEC, MacvlanCreate::new);
      case "vlan_create" -> new Kind(VlanCreate.SPEC, VlanCreate::new);
      case "dummy_create" -> new Kind(DummyCreate.SPEC, DummyCreate::new);
      case "bond_create" -> new Kind(BondCreate.SPEC, BondCreate::new);
      case "bridge_attach" -> new Kind(BridgeAttach.SPEC, BridgeAttach::new);
      case "bond_attach" -> new Kind(BondAttach.SPEC, BondAttach::new);
      case "link_up" -> new Kind(LinkUp.SPEC, LinkUp::new);
      case "link_move" -> new Kind(LinkMove.SPEC, LinkMove::new);
      case "addr_assign" -> new Kind(AddrAssign.SPEC, AddrAssign::new);
      case "route_add" -> new Kind(RouteAdd.SPEC, RouteAdd::new);
      case "nat_masquerade" -> new Kind(NatMasquerade.SPEC, NatMasquerade::new);
      case "sysctl" -> new Kind(Sysctl.SPEC, Sysctl::new);
      case "netem" -> new Kind(Netem.SPEC, Netem::new);
      case "service" -> new Kind(Service.SPEC, Service::new);
      case "ping" -> new Kind(Ping.SPEC, Ping::new);
      case "tcp_connect" -> new Kind(TcpConnect.SPEC, TcpConnect::new);
      case "http_get" -> new Kind(HttpGet.SPEC, HttpGet::new);
      case "route_lookup" -> new Kind(RouteLookup.SPEC, RouteLookup::new);
      case "command" -> new Kind(Command.SPEC, Command::new);
      case "link_state" -> new Kind(LinkState.SPEC, LinkState::new);
      case "addr_present" -> new Kind(AddrPresent.SPEC, AddrPresent::new);
      case "hosts_file" -> new Kind(HostsFile.SPEC, HostsFile::new);
      case "resolv_conf" -> new Kind(ResolvConf.SPEC, ResolvConf::new);
      case "port_forward" -> new Kind(PortForward.SPEC, PortForward::new);
      case "snat" -> new Kind(Snat.SPEC, Snat::new);
      case "filter" -> new Kind(Filter.SPEC, Filter::new);
      case "filter_policy" -> new Kind(FilterPolicy.SPEC, FilterPolicy::new);
      case "capture" -> new Kind(Capture.SPEC, Capture::new);
      default -> throw new IllegalArgumentException("no task type " + type);
    };
  }

  /** Kinds made so far; runs bind tasks from several threads (`check`, `--instances`). */
  private static final Map<String, Kind> MADE = new ConcurrentHashMap<>();

  private static final Map<String, TaskSpec> SPECS = new Specs();

  private TaskRegistry() {}

  private static Kind made(String type) {
    return MADE.computeIfAbsent(type, TaskRegistry::kind);
  }

  /**
   * The parameter specs of all task types, in registration order: an unmodifiable map whose keys
   * cost nothing and whose values are made on first use.
   */
  public static Map<String, TaskSpec> specs() {
    return SPECS;
  }

  /** The task for a declaration the loader accepted (so its type is registered). */
  public static Task<?, ?> bind(TaskDecl decl) {
    return made(decl.type()).factory().apply(decl);
  }

  /** {@link #specs()}: reads through to {@link #made}; any write throws, as Map.of's would. */
  private static final class Specs extends AbstractMap<String, TaskSpec> {
    private final Set<String> keys = Set.copyOf(TYPES);

    @Override
    public boolean containsKey(Object key) {
      return keys.contains(key);
    }

    @Override
    public TaskSpec get(Object key) {
      return key instanceof String type && keys.contains(type) ? made(type).spec() : null;
    }

    @Override
    public int size() {
      return TYPES.size();
    }

    @Override
    public Set<String> keySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<String> iterator() {
          return TYPES.iterator();
        }

        @Override
        public boolean contains(Object o) {
          return keys.contains(o);
        }

        @Override
        public int size() {
          return TYPES.size();
        }
      };
    }

    @Override
    public Set<Entry<String, TaskSpec>> entrySet() {
      return new AbstractSet<>() {
        @Override
        public Iterator<Entry<String, TaskSpec>> iterator() {
          return TYPES.stream()
              .<Entry<String, TaskSpec>>map(t -> Map.entry(t, made(t).spec()))
              .iterator();
        }

        @Override
        public int size() {
          return TYPES.size();
        }
      };
    }
  }
}

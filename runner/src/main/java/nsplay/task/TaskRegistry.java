package nsplay.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/** Every task type, by its playbook key. A new task type is one line here. */
public final class TaskRegistry {
  private record Entry(TaskSpec spec, Function<TaskDecl, Task<?, ?>> factory) {}

  private static final Map<String, Entry> TYPES = new LinkedHashMap<>();

  static {
    add(NetnsAdd.SPEC, NetnsAdd::new);
    add(VethCreate.SPEC, VethCreate::new);
    add(BridgeCreate.SPEC, BridgeCreate::new);
    add(VxlanCreate.SPEC, VxlanCreate::new);
    add(MacvlanCreate.SPEC, MacvlanCreate::new);
    add(VlanCreate.SPEC, VlanCreate::new);
    add(DummyCreate.SPEC, DummyCreate::new);
    add(BondCreate.SPEC, BondCreate::new);
    add(BridgeAttach.SPEC, BridgeAttach::new);
    add(BondAttach.SPEC, BondAttach::new);
    add(LinkUp.SPEC, LinkUp::new);
    add(LinkMove.SPEC, LinkMove::new);
    add(AddrAssign.SPEC, AddrAssign::new);
    add(RouteAdd.SPEC, RouteAdd::new);
    add(NatMasquerade.SPEC, NatMasquerade::new);
    add(Sysctl.SPEC, Sysctl::new);
    add(Netem.SPEC, Netem::new);
    add(Service.SPEC, Service::new);
    add(Ping.SPEC, Ping::new);
    add(TcpConnect.SPEC, TcpConnect::new);
    add(HttpGet.SPEC, HttpGet::new);
    add(RouteLookup.SPEC, RouteLookup::new);
    add(Command.SPEC, Command::new);
    add(LinkState.SPEC, LinkState::new);
    add(AddrPresent.SPEC, AddrPresent::new);
    add(PortForward.SPEC, PortForward::new);
    add(Snat.SPEC, Snat::new);
    add(Filter.SPEC, Filter::new);
    add(FilterPolicy.SPEC, FilterPolicy::new);
  }

  private TaskRegistry() {}

  private static void add(TaskSpec spec, Function<TaskDecl, Task<?, ?>> factory) {
    TYPES.put(spec.type(), new Entry(spec, factory));
  }

  /** The parameter specs of all task types, in registration order. */
  public static Map<String, TaskSpec> specs() {
    Map<String, TaskSpec> out = new LinkedHashMap<>();
    TYPES.forEach((k, v) -> out.put(k, v.spec()));
    return out;
  }

  /** The task for a declaration the loader accepted (so its type is registered). */
  public static Task<?, ?> bind(TaskDecl decl) {
    return TYPES.get(decl.type()).factory().apply(decl);
  }
}

package nsplay.task;

import static nsplay.task.Decls.decl;
import static nsplay.task.Decls.enslaved;
import static nsplay.task.Decls.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import org.junit.jupiter.api.Test;

/** bridge_create and bridge_attach. */
class BridgeTest {
  final BridgeCreate create = new BridgeCreate(decl("bridge_create: { name: v-net-0 }"));
  final BridgeAttach attach =
      new BridgeAttach(decl("bridge_attach: { link: veth-red-br, bridge: v-net-0 }"));

  static final Iface BRIDGE = link(3, "v-net-0", "bridge", true);

  @Test
  void createsAndBringsUp() {
    BridgeCreate.Change c = create.plan(Optional.empty());
    assertEquals(List.of("link add v-net-0 type bridge", "link set v-net-0 up"), c.changes());
    assertEquals(new BridgeCreate.Change(true, true, c.changes()), c);
  }

  @Test
  void withoutIpv6TheBridgeIsToldBeforeItGoesUp() {
    BridgeCreate b = new BridgeCreate(decl("bridge_create: { name: br0, ipv6: false }"));
    assertEquals(
        List.of("link add br0 type bridge", "link set br0 addrgenmode none", "link set br0 up"),
        b.plan(Optional.empty()).changes());
    assertTrue(b.plan(Optional.of(link(3, "br0", "bridge", true))).isEmpty());
  }

  @Test
  void createsInANamespaceWithoutUp() {
    BridgeCreate b = new BridgeCreate(decl("bridge_create: { name: br0, netns: red, up: false }"));
    BridgeCreate.Change c = b.plan(Optional.empty());
    assertEquals(List.of("-n red link add br0 type bridge"), c.changes());
    assertEquals(new BridgeCreate.Change(true, false, c.changes()), c);
    assertTrue(b.plan(Optional.of(link(3, "br0", "bridge", false))).isEmpty());
  }

  @Test
  void nothingToDoWhenUp() {
    assertEquals(
        new BridgeCreate.Change(false, false, List.of()), create.plan(Optional.of(BRIDGE)));
  }

  @Test
  void driftABridgeThatIsDownIsBroughtUp() {
    BridgeCreate.Change c = create.plan(Optional.of(link(3, "v-net-0", "bridge", false)));
    assertEquals(new BridgeCreate.Change(false, true, List.of("link set v-net-0 up")), c);
  }

  @Test
  void failsWhenTheNameIsTakenByAnotherKind() {
    TaskFailure f =
        assertThrows(
            TaskFailure.class, () -> create.plan(Optional.of(link(3, "v-net-0", "veth", true))));
    assertEquals("v-net-0 exists on the host but is a veth device, not a bridge", f.getMessage());
  }

  static BridgeAttach.Seen seen(Iface link, Iface bridge) {
    return new BridgeAttach.Seen(Optional.ofNullable(link), Optional.ofNullable(bridge));
  }

  @Test
  void attaches() {
    BridgeAttach.Change c = attach.plan(seen(enslaved(8, "veth-red-br", 0), BRIDGE));
    assertEquals(new BridgeAttach.Change(8, 3, List.of("link set veth-red-br master v-net-0")), c);
  }

  @Test
  void nothingToDoWhenAttached() {
    assertTrue(attach.plan(seen(enslaved(8, "veth-red-br", 3), BRIDGE)).isEmpty());
  }

  @Test
  void driftAttachedToAnotherBridgeMovesToThisOne() {
    BridgeAttach.Change c = attach.plan(seen(enslaved(8, "veth-red-br", 12), BRIDGE));
    assertEquals(List.of("link set veth-red-br master v-net-0"), c.changes());
  }

  @Test
  void inANamespace() {
    BridgeAttach a =
        new BridgeAttach(decl("bridge_attach: { link: eth1, bridge: br0, netns: red }"));
    assertEquals(
        List.of("-n red link set eth1 master br0"),
        a.plan(seen(enslaved(2, "eth1", 0), link(3, "br0", "bridge", true))).changes());
    TaskFailure f = assertThrows(TaskFailure.class, () -> a.plan(seen(null, BRIDGE)));
    assertEquals("no link eth1 in namespace red", f.getMessage());
  }

  @Test
  void failsWhenSomethingIsMissingOrNotABridge() {
    TaskFailure f = assertThrows(TaskFailure.class, () -> attach.plan(seen(null, BRIDGE)));
    assertEquals("no link veth-red-br on the host", f.getMessage());
    f =
        assertThrows(
            TaskFailure.class, () -> attach.plan(seen(enslaved(8, "veth-red-br", 0), null)));
    assertEquals("no bridge v-net-0 on the host", f.getMessage());
    f =
        assertThrows(
            TaskFailure.class,
            () ->
                attach.plan(
                    seen(enslaved(8, "veth-red-br", 0), link(3, "v-net-0", "dummy", true))));
    assertEquals("v-net-0 on the host is a dummy device, not a bridge", f.getMessage());
  }
}

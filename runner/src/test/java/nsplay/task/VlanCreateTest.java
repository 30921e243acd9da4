package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.bindProblems;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.LinkSpec;
import org.junit.jupiter.api.Test;

/** vlan_create: plan, drift by re-creation, and the checks before anything runs. */
class VlanCreateTest {
  final VlanCreate create =
      new VlanCreate(decl("vlan_create: { name: trunk.10, link: trunk, id: 10, netns: red }"));

  static Iface vlan(int id, String protocol) {
    return new Iface(
        5, "trunk.10", "vlan", true, 0, 2, "nsplay:lab", 1, new LinkSpec.Vlan(null, id, protocol));
  }

  @Test
  void createsAndBringsUp() {
    assertEquals(
        List.of(
            "-n red link add trunk.10 link trunk type vlan id 10", "-n red link set trunk.10 up"),
        create.plan(Optional.empty()).changes());
  }

  @Test
  void nothingToDoWhenAsWanted() {
    assertTrue(create.plan(Optional.of(vlan(10, "802.1q"))).isEmpty());
  }

  @Test
  void aDriftedIdOrProtocolIsRecreated() {
    for (Iface drifted : List.of(vlan(11, "802.1q"), vlan(10, "802.1ad"))) {
      LinkCreate.Change c = create.plan(Optional.of(drifted));
      assertEquals(
          List.of(
              "-n red link del trunk.10",
              "-n red link add trunk.10 link trunk type vlan id 10",
              "-n red link set trunk.10 up"),
          c.changes());
      assertTrue(c.recreate());
    }
  }

  @Test
  void checks() {
    assertEquals(
        "vlan_create: id 0 is out of range (1-4094)",
        bindError("vlan_create: { name: v, link: e, id: 0 }"));
    assertEquals(
        "vlan_create: id 4095 is out of range (1-4094)",
        bindError("vlan_create: { name: v, link: e, id: 4095 }"));
    assertEquals(
        List.of(), bindProblems("vlan_create: { name: v, link: e, id: 4094, protocol: 802.1ad }"));
    assertTrue(
        bindError("vlan_create: { name: v, link: e, id: 1, protocol: qinq }").contains("protocol"));
  }

  @Test
  void needsTheKernelsVlanSupport() {
    assertEquals(
        "this kernel has no vlan support (CONFIG_VLAN_8021Q)", VlanCreate.SPEC.needs().missing());
  }
}

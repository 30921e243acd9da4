package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.bindProblems;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.LinkSpec;
import nsplay.net.Ip;
import org.junit.jupiter.api.Test;

/** vxlan_create: plan, drift by re-creation, and the checks before anything runs. */
class VxlanCreateTest {
  final VxlanCreate create =
      new VxlanCreate(decl("vxlan_create: { name: vx0, vni: 42, remote: 10.0.0.2, netns: red }"));

  static Iface vxlan(int vni, String remote, boolean up) {
    LinkSpec.Vxlan s = new LinkSpec.Vxlan(vni, Ip.parse(remote), null, null, 4789, true);
    return new Iface(5, "vx0", "vxlan", up, 0, 0, "nsplay:lab", 1, s);
  }

  @Test
  void createsAndBringsUp() {
    LinkCreate.Change c = create.plan(Optional.empty());
    assertEquals(
        List.of(
            "-n red link add vx0 type vxlan id 42 remote 10.0.0.2 dstport 4789",
            "-n red link set vx0 up"),
        c.changes());
    assertEquals(new LinkCreate.Change(true, true, c.changes()), c);
  }

  @Test
  void nothingToDoWhenAsWanted() {
    assertTrue(create.plan(Optional.of(vxlan(42, "10.0.0.2", true))).isEmpty());
  }

  @Test
  void aDriftedVniOrRemoteIsRecreated() {
    for (Iface drifted : List.of(vxlan(43, "10.0.0.2", true), vxlan(42, "10.0.0.9", true))) {
      LinkCreate.Change c = create.plan(Optional.of(drifted));
      assertEquals(
          List.of(
              "-n red link del vx0",
              "-n red link add vx0 type vxlan id 42 remote 10.0.0.2 dstport 4789",
              "-n red link set vx0 up"),
          c.changes());
      assertEquals(new LinkCreate.Change(true, true, c.changes(), true), c);
    }
  }

  @Test
  void anotherKindIsRefused() {
    TaskFailure f =
        assertThrows(
            TaskFailure.class,
            () -> create.plan(Optional.of(new Iface(5, "vx0", "bridge", true, 0, 0, null, 0))));
    assertEquals("vx0 exists in namespace red but is a bridge device, not a vxlan", f.getMessage());
  }

  @Test
  void checks() {
    assertEquals(
        "vxlan_create: vni 0 is out of range (1-16777215)",
        bindError("vxlan_create: { name: v, vni: 0 }"));
    assertEquals(
        "vxlan_create: vni 16777216 is out of range (1-16777215)",
        bindError("vxlan_create: { name: v, vni: 16777216 }"));
    assertEquals(
        "vxlan_create: port 65536 is out of range (1-65535)",
        bindError("vxlan_create: { name: v, vni: 1, port: 65536 }"));
    assertEquals(
        "vxlan_create: remote 224.0.0.1 is not an IPv4 unicast address",
        bindError("vxlan_create: { name: v, vni: 1, remote: 224.0.0.1 }"));
    assertEquals(
        "vxlan_create: local fd00::1 is not an IPv4 unicast address",
        bindError("vxlan_create: { name: v, vni: 1, local: fd00::1 }"));
    assertEquals(List.of(), bindProblems("vxlan_create: { name: v, vni: 16777215, port: 1 }"));
  }
}

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

  /**
   * remotes: each missing default FDB entry is journalled, then appended, in the playbook's order;
   * a second run changes nothing; one deleted by hand is appended again; all go with the link.
   */
  @Test
  void remotesAreAppendedJournalledAndRepaired() {
    nsplay.kernel.DryRunKernel k = new nsplay.kernel.DryRunKernel();
    k.netnsAdd("red", null, inode -> {});
    nsplay.state.Journal j = nsplay.state.Journal.scratch(List.of());
    Context ctx = new Context(k, j, "lab", 1);
    VxlanCreate t =
        new VxlanCreate(
            decl(
                "vxlan_create: { name: vx0, vni: 42, netns: red, remotes: [10.0.0.3, 10.0.0.2] }"));
    k.takeOperations();
    Outcome first = t.run(ctx);
    assertEquals(
        List.of(
            "-n red link add vx0 type vxlan id 42 dstport 4789",
            "-n red link set vx0 up",
            "bridge -n red fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.3",
            "bridge -n red fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.2"),
        first.changes());
    int index = k.links("red").get("vx0").orElseThrow().index();
    assertEquals(
        List.of(Ip.parse("10.0.0.3"), Ip.parse("10.0.0.2")),
        k.links("red").fdbDefaults().get(index));
    assertEquals(
        List.of(
            new nsplay.state.Entry.Fdb("red", "vx0", "10.0.0.3"),
            new nsplay.state.Entry.Fdb("red", "vx0", "10.0.0.2")),
        j.entries().stream().filter(e -> e instanceof nsplay.state.Entry.Fdb).toList());
    assertEquals(Outcome.Status.OK, t.run(ctx).status());
    k.links("red").fdbDelDefault(index, Ip.parse("10.0.0.3"));
    k.takeOperations();
    assertEquals(
        List.of("bridge -n red fdb append 00:00:00:00:00:00 dev vx0 dst 10.0.0.3"),
        t.run(ctx).changes());
    k.links("red").delete(index);
    assertEquals(java.util.Map.of(), k.links("red").fdbDefaults());
  }

  @Test
  void fdbPlanAppendsOnlyWhatIsMissing() {
    Ip a = Ip.parse("10.0.0.2");
    Ip b = Ip.parse("10.0.0.3");
    assertEquals(
        List.of(new nsplay.kernel.Op.FdbAppend(null, "vx0", b)),
        VxlanCreate.fdbPlan(null, "vx0", List.of(a, b), List.of(a, Ip.parse("10.0.0.9"))));
    assertEquals(List.of(), VxlanCreate.fdbPlan(null, "vx0", List.of(a), List.of(a)));
  }

  @Test
  void remotesChecks() {
    assertEquals(
        "vxlan_create: remotes: 224.0.0.1 is not an IPv4 unicast address",
        bindError("vxlan_create: { name: v, vni: 1, remotes: [10.0.0.1, 224.0.0.1] }"));
    assertEquals(
        "vxlan_create: remotes: \"nope\" is not an IP address",
        bindError("vxlan_create: { name: v, vni: 1, remotes: [nope] }"));
    assertEquals(
        "vxlan_create: remotes: 10.0.0.1 is listed twice",
        bindError("vxlan_create: { name: v, vni: 1, remotes: [10.0.0.1, 10.0.0.1] }"));
    assertTrue(
        bindError("vxlan_create: { name: v, vni: 1, remote: 10.0.0.2, remotes: [10.0.0.1] }")
            .startsWith("vxlan_create: remote and remotes exclude each other"));
    assertEquals(
        List.of(),
        bindProblems("vxlan_create: { name: v, vni: 1, remotes: [10.0.0.1, 10.0.0.2] }"));
  }
}

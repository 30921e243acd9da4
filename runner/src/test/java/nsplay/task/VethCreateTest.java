package nsplay.task;

import static nsplay.task.Decls.decl;
import static nsplay.task.Decls.link;
import static nsplay.task.Decls.veth;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import org.junit.jupiter.api.Test;

class VethCreateTest {
  /** veth-red in red, its peer on the host: the seed lab's way. */
  final VethCreate toHost =
      new VethCreate(decl("veth_create: { name: veth-red, netns: red, peer: veth-red-br }"));

  final VethCreate between =
      new VethCreate(
          decl("veth_create: { name: veth-red, netns: red, peer: veth-blue, peer_netns: blue }"));

  static VethCreate.Seen seen(Iface end, Iface peer) {
    return seen(end, "red", peer, null);
  }

  static VethCreate.Seen seen(Iface end, String endNs, Iface peer, String peerNs) {
    return new VethCreate.Seen(Optional.ofNullable(end), endNs, Optional.ofNullable(peer), peerNs);
  }

  @Test
  void createsBothEndsAndBringsThemUp() {
    VethCreate.Change c = toHost.plan(seen(null, null));
    assertEquals(
        List.of(
            "-n red link add veth-red type veth peer veth-red-br (on the host)",
            "-n red link set veth-red up",
            "link set veth-red-br up"),
        c.changes());
    assertEquals(new VethCreate.Change(true, true, true, "red", null, c.changes()), c);
  }

  @Test
  void withoutIpv6BothEndsAreToldBeforeTheyGoUp() {
    VethCreate v6off =
        new VethCreate(
            decl("veth_create: { name: veth-red, netns: red, peer: veth-red-br, ipv6: false }"));
    assertEquals(
        List.of(
            "-n red link add veth-red type veth peer veth-red-br (on the host)",
            "-n red link set veth-red addrgenmode none",
            "link set veth-red-br addrgenmode none",
            "-n red link set veth-red up",
            "link set veth-red-br up"),
        v6off.plan(seen(null, null)).changes());
  }

  @Test
  void createsThePeerInItsNamespace() {
    assertEquals(
        List.of(
            "-n red link add veth-red type veth peer veth-blue netns blue",
            "-n red link set veth-red up",
            "-n blue link set veth-blue up"),
        between.plan(seen(null, "red", null, "blue")).changes());
  }

  @Test
  void upFalseOnlyCreates() {
    VethCreate down = new VethCreate(decl("veth_create: { name: a, peer: b, up: false }"));
    VethCreate.Change c = down.plan(seen(null, null, null, null));
    assertEquals(List.of("link add a type veth peer b"), c.changes());
    assertEquals(new VethCreate.Change(true, false, false, null, null, c.changes()), c);
    assertTrue(
        down.plan(seen(veth(4, "a", 5, false), null, veth(5, "b", 4, false), null)).isEmpty());
  }

  @Test
  void nothingToDoWhenThePairIsThereAndUp() {
    VethCreate.Change c =
        toHost.plan(seen(veth(2, "veth-red", 7, true), veth(7, "veth-red-br", 2, true)));
    assertTrue(c.isEmpty());
    assertEquals(new VethCreate.Change(false, false, false, "red", null, List.of()), c);
  }

  @Test
  void driftAnEndThatIsDownIsOnlyBroughtUp() {
    assertEquals(
        List.of("-n red link set veth-red up"),
        toHost
            .plan(seen(veth(2, "veth-red", 7, false), veth(7, "veth-red-br", 2, true)))
            .changes());
    VethCreate.Change peerDown =
        between.plan(
            seen(veth(2, "veth-red", 2, true), "red", veth(2, "veth-blue", 2, false), "blue"));
    assertEquals(List.of("-n blue link set veth-blue up"), peerDown.changes());
    assertEquals(
        new VethCreate.Change(false, false, true, "red", "blue", peerDown.changes()), peerDown);
  }

  @Test
  void failsWhenTheNameIsTakenByAnotherKind() {
    TaskFailure f =
        assertThrows(
            TaskFailure.class,
            () ->
                toHost.plan(
                    seen(link(2, "veth-red", "bridge", true), veth(7, "veth-red-br", 2, true))));
    assertEquals(
        "veth-red exists in namespace red but is a bridge device, not a veth", f.getMessage());
    f =
        assertThrows(
            TaskFailure.class,
            () ->
                toHost.plan(
                    seen(link(2, "veth-red", null, true), veth(7, "veth-red-br", 2, true))));
    assertEquals(
        "veth-red exists in namespace red but is a device without a link kind, not a veth",
        f.getMessage());
  }

  /**
   * The lab's own end without its peer: the namespace that held the peer was just removed (a down
   * killed midway) and the kernel takes the pair down a moment later. The half is removed and the
   * pair made anew; a half that is not the lab's is refused (below).
   */
  @Test
  void theLabsOwnHalfWithoutItsPeerIsRemovedAndThePairMadeAnew() {
    VethCreate.Change c =
        between.plan(
            new VethCreate.Seen(
                Optional.of(veth(2, "veth-red", 2, true)),
                "red",
                Optional.empty(),
                "blue",
                true,
                false));
    assertEquals(
        List.of(
            "-n red link del veth-red",
            "-n red link add veth-red type veth peer veth-blue netns blue",
            "-n red link set veth-red up",
            "-n blue link set veth-blue up"),
        c.changes());
    assertEquals(new VethCreate.Orphan("red", "veth-red"), c.orphan());
    assertTrue(c.create());
  }

  @Test
  void failsWhenOnlyOneEndExists() {
    TaskFailure f =
        assertThrows(
            TaskFailure.class, () -> toHost.plan(seen(null, veth(7, "veth-red-br", 2, true))));
    assertEquals(
        "cannot create the pair: veth-red-br already exists on the host but veth-red does not"
            + " exist in namespace red",
        f.getMessage());
    f =
        assertThrows(
            TaskFailure.class,
            () -> between.plan(seen(veth(2, "veth-red", 2, true), "red", null, "blue")));
    assertEquals(
        "veth-red exists in namespace red but its peer veth-blue does not exist in namespace blue",
        f.getMessage());
  }

  @Test
  void failsWhenBothExistButAreNotOnePair() {
    String msg =
        "veth-red in namespace red and veth-red-br on the host both exist but are not the two"
            + " ends of one veth pair";
    // Each is a veth, but of other pairs.
    TaskFailure f =
        assertThrows(
            TaskFailure.class,
            () -> toHost.plan(seen(veth(2, "veth-red", 9, true), veth(7, "veth-red-br", 2, true))));
    assertEquals(msg, f.getMessage());
    f =
        assertThrows(
            TaskFailure.class,
            () -> toHost.plan(seen(veth(2, "veth-red", 7, true), veth(7, "veth-red-br", 3, true))));
    assertEquals(msg, f.getMessage());
    // The peer's name is taken by a dummy.
    f =
        assertThrows(
            TaskFailure.class,
            () ->
                toHost.plan(
                    seen(veth(2, "veth-red", 7, true), link(7, "veth-red-br", "dummy", true))));
    assertEquals(msg, f.getMessage());
  }
}

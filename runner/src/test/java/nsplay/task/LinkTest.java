package nsplay.task;

import static nsplay.task.Decls.decl;
import static nsplay.task.Decls.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** link_up and link_move. */
class LinkTest {
  final LinkUp loUp = new LinkUp(decl("link_up: { link: lo, netns: red }"));

  @Test
  void bringsUp() {
    assertEquals(
        new LinkUp.Change(1, List.of("-n red link set lo up")),
        loUp.plan(Optional.of(link(1, "lo", null, false))));
    LinkUp host = new LinkUp(decl("link_up: { link: eth1 }"));
    assertEquals(
        List.of("link set eth1 up"),
        host.plan(Optional.of(link(4, "eth1", null, false))).changes());
  }

  @Test
  void nothingToDoWhenUp() {
    assertTrue(loUp.plan(Optional.of(link(1, "lo", null, true))).isEmpty());
  }

  @Test
  void failsWhenTheLinkIsMissing() {
    TaskFailure f = assertThrows(TaskFailure.class, () -> loUp.plan(Optional.empty()));
    assertEquals("no link lo in namespace red", f.getMessage());
  }

  final LinkMove move = new LinkMove(decl("link_move: { link: eth1, netns: red }"));
  final LinkMove hostMove =
      new LinkMove(decl("link_move: { link: eth1, netns: red, allow_host_interface: true }"));

  static LinkMove.Seen seen(boolean onHost, boolean inTarget, boolean labOwned) {
    return new LinkMove.Seen(
        onHost ? Optional.of(link(6, "eth1", "veth", true)) : Optional.empty(),
        inTarget ? Optional.of(link(2, "eth1", "veth", true)) : Optional.empty(),
        labOwned);
  }

  @Test
  void movesALinkOfTheLab() {
    assertEquals(
        new LinkMove.Change(6, true, List.of("link set eth1 netns red", "-n red link set eth1 up")),
        move.plan(seen(true, false, true)));
  }

  @Test
  void nothingToDoWhenAlreadyThere() {
    assertTrue(move.plan(seen(false, true, false)).isEmpty());
    assertTrue(move.plan(seen(false, true, true)).isEmpty());
  }

  @Test
  void refusesAHostInterfaceUnlessAllowed() {
    TaskFailure f = assertThrows(TaskFailure.class, () -> move.plan(seen(true, false, false)));
    assertEquals(
        "refusing to move eth1: this lab did not create it, and moving a host interface can cut"
            + " the machine off; add `allow_host_interface: true` to the task if you mean it",
        f.getMessage());
    assertEquals(
        new LinkMove.Change(6, true, List.of("link set eth1 netns red", "-n red link set eth1 up")),
        hostMove.plan(seen(true, false, false)));
  }

  @Test
  void failsWhenTheLinkIsNowhere() {
    TaskFailure f = assertThrows(TaskFailure.class, () -> hostMove.plan(seen(false, false, false)));
    assertEquals("no link eth1 on the host or in namespace red", f.getMessage());
  }
}

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

/** macvlan_create: plan, drift by re-creation, and the checks before anything runs. */
class MacvlanCreateTest {
  final MacvlanCreate create =
      new MacvlanCreate(decl("macvlan_create: { name: mv0, link: eth0, netns: red }"));

  static Iface macvlan(String mode, boolean up) {
    return new Iface(
        5, "mv0", "macvlan", up, 0, 2, "nsplay:lab", 1, new LinkSpec.Macvlan(null, mode));
  }

  @Test
  void createsInBridgeModeAndBringsUp() {
    LinkCreate.Change c = create.plan(Optional.empty());
    assertEquals(
        List.of("-n red link add mv0 link eth0 type macvlan mode bridge", "-n red link set mv0 up"),
        c.changes());
  }

  @Test
  void nothingToDoWhenAsWantedAndUpOnlyWhenDown() {
    assertTrue(create.plan(Optional.of(macvlan("bridge", true))).isEmpty());
    assertEquals(
        List.of("-n red link set mv0 up"),
        create.plan(Optional.of(macvlan("bridge", false))).changes());
  }

  @Test
  void aDriftedModeIsRecreated() {
    LinkCreate.Change c = create.plan(Optional.of(macvlan("vepa", true)));
    assertEquals(
        List.of(
            "-n red link del mv0",
            "-n red link add mv0 link eth0 type macvlan mode bridge",
            "-n red link set mv0 up"),
        c.changes());
    assertTrue(c.recreate());
  }

  @Test
  void checks() {
    assertEquals(List.of(), bindProblems("macvlan_create: { name: m, link: e, mode: passthru }"));
    assertTrue(
        bindError("macvlan_create: { name: m, link: e, mode: source }").contains("mode"),
        bindError("macvlan_create: { name: m, link: e, mode: source }"));
    assertTrue(
        bindError("macvlan_create: { name: m }").contains("link"),
        bindError("macvlan_create: { name: m }"));
  }
}

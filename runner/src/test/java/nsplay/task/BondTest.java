package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import nsplay.kernel.LinkSpec;
import org.junit.jupiter.api.Test;

/** bond_create and bond_attach: plans, drift, checks. */
class BondTest {
  final BondCreate create =
      new BondCreate(decl("bond_create: { name: b0, mode: active-backup, miimon: 100 }"));
  final BondAttach attach = new BondAttach(decl("bond_attach: { link: m1, bond: b0 }"));

  static final Iface BOND =
      new Iface(
          3, "b0", "bond", true, 0, 0, "nsplay:l", 1, new LinkSpec.Bond("active-backup", 100));

  static Iface member(boolean up, int master) {
    return new Iface(8, "m1", "veth", up, master, 9, "nsplay:l", 1);
  }

  @Test
  void createsThenConvergesAndRecreatesADriftedMode() {
    assertEquals(
        List.of("link add b0 type bond mode active-backup miimon 100", "link set b0 up"),
        create.plan(Optional.empty()).changes());
    assertTrue(create.plan(Optional.of(BOND)).isEmpty());
    Iface rr =
        new Iface(3, "b0", "bond", true, 0, 0, "nsplay:l", 1, new LinkSpec.Bond("balance-rr", 100));
    LinkCreate.Change c = create.plan(Optional.of(rr));
    assertTrue(c.recreate());
    assertEquals("link del b0", c.changes().get(0));
  }

  @Test
  void aMemberThatIsUpIsSetDownFirst() {
    MasterAttach.Change c =
        attach.plan(new MasterAttach.Seen(Optional.of(member(true, 0)), Optional.of(BOND)));
    assertEquals(List.of("link set m1 down", "link set m1 master b0"), c.changes());
    assertTrue(c.downFirst());
    MasterAttach.Change d =
        attach.plan(new MasterAttach.Seen(Optional.of(member(false, 0)), Optional.of(BOND)));
    assertEquals(new MasterAttach.Change(8, 3, List.of("link set m1 master b0")), d);
    assertTrue(
        attach
            .plan(new MasterAttach.Seen(Optional.of(member(true, 3)), Optional.of(BOND)))
            .isEmpty());
  }

  @Test
  void theMasterMustBeABond() {
    Iface br = new Iface(3, "b0", "bridge", true, 0, 0, null, 0);
    TaskFailure f =
        assertThrows(
            TaskFailure.class,
            () ->
                attach.plan(new MasterAttach.Seen(Optional.of(member(true, 0)), Optional.of(br))));
    assertEquals("b0 on the host is a bridge device, not a bond", f.getMessage());
  }

  @Test
  void checks() {
    assertTrue(bindError("bond_create: { name: b, mode: fast }").contains("mode"));
    assertEquals(
        "bond_create: miimon -1 is negative", bindError("bond_create: { name: b, miimon: -1 }"));
    assertEquals(
        "this kernel has no bond support (CONFIG_BONDING)", BondCreate.SPEC.needs().missing());
  }
}

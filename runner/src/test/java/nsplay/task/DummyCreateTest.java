package nsplay.task;

import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.Iface;
import org.junit.jupiter.api.Test;

/** dummy_create: plan, and what it needs of the kernel. */
class DummyCreateTest {
  final DummyCreate create = new DummyCreate(decl("dummy_create: { name: d0, netns: red }"));

  @Test
  void createsAndBringsUpThenConverges() {
    assertEquals(
        List.of("-n red link add d0 type dummy", "-n red link set d0 up"),
        create.plan(Optional.empty()).changes());
    assertTrue(
        create.plan(Optional.of(new Iface(4, "d0", "dummy", true, 0, 0, "nsplay:l", 1))).isEmpty());
    assertEquals(
        List.of("-n red link set d0 up"),
        create
            .plan(Optional.of(new Iface(4, "d0", "dummy", false, 0, 0, "nsplay:l", 1)))
            .changes());
  }

  @Test
  void anotherKindIsRefused() {
    TaskFailure f =
        assertThrows(
            TaskFailure.class,
            () -> create.plan(Optional.of(new Iface(4, "d0", "bridge", true, 0, 0, null, 0))));
    assertEquals("d0 exists in namespace red but is a bridge device, not a dummy", f.getMessage());
  }

  @Test
  void needsTheKernelsDummySupport() {
    assertEquals(
        "this kernel has no dummy support (CONFIG_DUMMY)", DummyCreate.SPEC.needs().missing());
  }
}

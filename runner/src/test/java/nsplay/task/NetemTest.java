package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.DryRunKernel;
import nsplay.kernel.Iface;
import nsplay.kernel.LinkSpec;
import nsplay.kernel.QdiscSpec;
import nsplay.kernel.TcUnits;
import org.junit.jupiter.api.Test;

/** netem: plan, drift, the checks before anything runs, and the in-memory kernel's view. */
class NetemTest {
  final Netem task =
      new Netem(decl("netem: { link: ea, netns: red, delay: 20ms, jitter: 5ms, loss: 1% }"));
  final Iface ea = Decls.link(3, "ea", "veth", true);

  static QdiscSpec.Netem want() {
    return new QdiscSpec.Netem(
        TcUnits.ticks("20ms"), TcUnits.ticks("5ms"), 1000, TcUnits.percent("1%"), 0, 0, 0, 0, 0);
  }

  @Test
  void setsTheRootQdisc() {
    Netem.Change c = task.plan(new Netem.Seen(Optional.of(ea), null, true));
    assertEquals(
        List.of("tc -n red qdisc replace dev ea root netem delay 20ms 5ms loss 1%"), c.changes());
    assertEquals(want(), c.want());
  }

  @Test
  void nothingToDoWhenAsWanted() {
    assertTrue(task.plan(new Netem.Seen(Optional.of(ea), want(), true)).isEmpty());
  }

  @Test
  void otherValuesOrAnotherKindAreReplaced() {
    for (QdiscSpec drifted :
        List.of(
            new QdiscSpec.Netem(TcUnits.ticks("10ms"), 0, 1000, 0, 0, 0, 0, 0, 0),
            new QdiscSpec.Other("tbf"))) {
      Netem.Change c = task.plan(new Netem.Seen(Optional.of(ea), drifted, true));
      assertEquals(1, c.changes().size());
      assertEquals(drifted, c.was());
    }
  }

  /** A link the lab did not make is impaired only when the task allows it, as addr_assign. */
  @Test
  void aHostInterfaceNeedsAllowing() {
    TaskFailure e =
        assertThrows(
            TaskFailure.class, () -> task.plan(new Netem.Seen(Optional.of(ea), null, false)));
    assertTrue(e.getMessage().contains("allow_host_interface: true"), e.getMessage());
    Netem allowed = new Netem(decl("netem: { link: ea, delay: 20ms, allow_host_interface: true }"));
    assertEquals(1, allowed.plan(new Netem.Seen(Optional.of(ea), null, false)).changes().size());
  }

  @Test
  void noLinkFails() {
    assertThrows(TaskFailure.class, () -> task.plan(new Netem.Seen(Optional.empty(), null, false)));
  }

  @Test
  void checks() {
    assertEquals(
        "netem: delay: duration \"-5ms\" must not be negative",
        bindError("netem: { link: ea, delay: -5ms }"));
    assertEquals(
        "netem: loss: percentage \"1\" needs a % sign (e.g. 1% or 0.1%)",
        bindError("netem: { link: ea, loss: 1 }"));
    assertEquals(
        "netem: jitter needs a delay (tc: delay TIME JITTER)",
        bindError("netem: { link: ea, jitter: 5ms }"));
  }

  /** The in-memory kernel keeps a root qdisc per link, and drops it with its link. */
  @Test
  void dryRunKernel() {
    DryRunKernel k = new DryRunKernel();
    var links = k.links(null);
    int i = links.add("ea", new LinkSpec.Veth("eb", null), true, 7);
    links.qdiscReplace(i, want());
    assertEquals(want(), links.rootQdiscs().get(i));
    links.delete(i);
    assertEquals(java.util.Map.of(), links.rootQdiscs());
    assertEquals(Optional.of(true), k.hasQdiscKind("netem"));
  }
}

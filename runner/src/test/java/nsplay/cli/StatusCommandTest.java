package nsplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nsplay.app.LabStatus;
import nsplay.engine.Inspect;
import org.junit.jupiter.api.Test;

/** How `status` shows a lab: one line by default, every object with -v. */
class StatusCommandTest {
  private static final Inspect.ObjectState RED =
      new Inspect.ObjectState("netns", "red", null, "present");
  private static final Inspect.ObjectState VETH =
      new Inspect.ObjectState("link", "veth-red", "red", "present");
  private static final Inspect.ObjectState ROUTE =
      new Inspect.ObjectState("route", "default via 192.168.15.5", "red", "missing");
  private static final Inspect.ObjectState SYSCTL =
      new Inspect.ObjectState("sysctl", "net.ipv4.ip_forward", null, "changed: 0, not 1");

  @Test
  void oneLinePerLab() {
    assertEquals(
        "seed: 2 objects, no drift\n",
        StatusCommand.line(new LabStatus("seed", true, null, List.of(RED, VETH))));
    assertEquals(
        "seed (host: netns sandbox): 1 object, no drift\n",
        StatusCommand.line(new LabStatus("seed", true, "sandbox", List.of(RED))));
    assertEquals(
        "seed: 4 objects, 2 drifted (run nsplay status -v --lab seed)\n",
        StatusCommand.line(new LabStatus("seed", true, null, List.of(RED, VETH, ROUTE, SYSCTL))));
    assertEquals(
        "seed: not up\n", StatusCommand.line(new LabStatus("seed", false, null, List.of())));
  }

  @Test
  void verboseListsEveryObject() {
    assertEquals(
        "LAB seed (host: netns sandbox)\n"
            + "  netns red: present\n"
            + "  route default via 192.168.15.5 in red: missing\n"
            + "  drift: 1 object is missing or changed; `nsplay up` on its playbook repairs it\n",
        StatusCommand.detail(new LabStatus("seed", true, "sandbox", List.of(RED, ROUTE))));
    assertEquals(
        "LAB seed\n  netns red: present\n  no drift\n",
        StatusCommand.detail(new LabStatus("seed", true, null, List.of(RED))));
    assertEquals(
        "LAB seed\n"
            + "  route default via 192.168.15.5 in red: missing\n"
            + "  sysctl net.ipv4.ip_forward: changed: 0, not 1\n"
            + "  drift: 2 objects are missing or changed; `nsplay up` on its playbook repairs them\n",
        StatusCommand.detail(new LabStatus("seed", true, null, List.of(ROUTE, SYSCTL))));
  }

  @Test
  void asBuiltOnlyWhenUpWithoutDrift() {
    assertTrue(new LabStatus("seed", true, null, List.of(RED)).asBuilt());
    assertFalse(new LabStatus("seed", true, null, List.of(RED, ROUTE)).asBuilt());
    assertFalse(new LabStatus("seed", false, null, List.of()).asBuilt());
  }

  @Test
  void helpOffersVerbose() {
    CliRun r = CliRun.of("status", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("  -v, --verbose"), r.out());
  }
}

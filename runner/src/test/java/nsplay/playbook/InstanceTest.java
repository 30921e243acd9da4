package nsplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nsplay.task.TaskRegistry;
import nsplay.template.Templates;
import org.junit.jupiter.api.Test;

/** --instance and --instances: what they accept, the variables they give, the lab's name. */
class InstanceTest {
  @Test
  void anInstanceKeepsHowItWasWritten() {
    assertEquals(new Instance(2, "2"), Instance.parse("2"));
    assertEquals(new Instance(2, "02"), Instance.parse("02"));
    assertEquals(new Instance(9999, "9999"), Instance.parse("9999"));
    assertEquals(Map.of("instance", 2, "instance_id", "02"), Instance.parse("02").vars());
    assertEquals("classroom-02", Instance.parse("02").labName("classroom"));
  }

  @Test
  void outOfRangeOrNotANumberIsRefused() {
    for (String bad : List.of("0", "10000", "-1", "", "x", "1.5", "00000", "2 3")) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Instance.parse(bad), bad);
      assertTrue(e.getMessage().contains("1-9999"), e.getMessage());
    }
  }

  @Test
  void listsAndRanges() {
    assertEquals(
        List.of(1, 2, 3), Instance.parseList("1-3").stream().map(Instance::number).toList());
    assertEquals(
        List.of(1, 2, 3, 7, 10, 11),
        Instance.parseList("1-3,7,10-11").stream().map(Instance::number).toList());
    assertEquals(30, Instance.parseList("1-30").size());
    assertEquals("5", Instance.parseList("5").get(0).id());
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Instance.parseList("3-1"))
            .getMessage()
            .contains("write it as 1-3"));
    assertTrue(
        assertThrows(IllegalArgumentException.class, () -> Instance.parseList("1-3,2"))
            .getMessage()
            .contains("instance 2 is named twice"));
    assertThrows(IllegalArgumentException.class, () -> Instance.parseList("1-"));
    assertThrows(IllegalArgumentException.class, () -> Instance.parseList("1-10000"));
    assertThrows(IllegalArgumentException.class, () -> Instance.parseList(""));
  }

  @Test
  void theInstanceSetsItsVariablesNotMinusE() {
    Instance i = Instance.parse("4");
    assertEquals(Map.of("x", "1", "instance", 4, "instance_id", "4"), i.withVars(Map.of("x", "1")));
    assertThrows(IllegalArgumentException.class, () -> i.withVars(Map.of("instance", "3")));
    assertThrows(IllegalArgumentException.class, () -> i.withVars(Map.of("instance_id", "3")));
  }

  private static Playbook load(String text) throws Exception {
    return new PlaybookLoader(TaskRegistry.specs()).parse("lab.yml", text);
  }

  private static String named(Playbook pb, Instance i) throws Exception {
    Binder b = new Binder(TaskRegistry.specs(), new Templates());
    return b.named(pb.instance(i), i.withVars(Map.of())).name();
  }

  @Test
  void theLabIsNamedNameDashId() throws Exception {
    Playbook pb = load("name: classroom\ntasks: []\n");
    assertEquals("classroom-2", named(pb, Instance.parse("2")));
    assertEquals("classroom-007", named(pb, Instance.parse("007")));
    // a templated name is rendered first, with the instance's variables, then suffixed
    Playbook t = load("name: \"room${instance}\"\ntasks: []\n");
    assertEquals("room3-3", named(t, Instance.parse("3")));
  }

  @Test
  void aNameTooLongWithItsInstanceIsALocatedError() throws Exception {
    String forty = "a".repeat(38);
    Playbook pb = load("tasks: []\nname: " + forty + "\n");
    Binder.BindException e =
        assertThrows(Binder.BindException.class, () -> named(pb, Instance.parse("12")));
    assertEquals(2, e.problem().location().line());
    assertTrue(e.problem().message().contains("41 bytes long; at most 40"), e.problem().message());
  }
}

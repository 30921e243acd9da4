package nsplay.task;

import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class NetnsAddTest {
  final NetnsAdd task = new NetnsAdd(decl("netns_add: { name: red }"));

  @Test
  void createsAMissingNamespace() {
    NetnsAdd.Change c = task.plan(NetnsAdd.Seen.ABSENT);
    assertEquals("red", c.create());
    assertEquals(List.of("netns add red"), c.changes());
  }

  @Test
  void anUnfinishedLeftoverIsRemovedThenTheNamespaceCreated() {
    NetnsAdd.Change c = task.plan(NetnsAdd.Seen.LEFTOVER);
    assertEquals("red", c.create());
    assertEquals(List.of("netns del red", "netns add red"), c.changes());
  }

  @Test
  void nothingToDoWhenItExists() {
    NetnsAdd.Change c = task.plan(NetnsAdd.Seen.PRESENT);
    assertNull(c.create());
    assertTrue(c.isEmpty());
  }
}

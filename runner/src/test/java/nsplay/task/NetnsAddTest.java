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
    NetnsAdd.Change c = task.plan(false);
    assertEquals("red", c.create());
    assertEquals(List.of("netns add red"), c.changes());
  }

  @Test
  void nothingToDoWhenItExists() {
    NetnsAdd.Change c = task.plan(true);
    assertNull(c.create());
    assertTrue(c.isEmpty());
  }
}

package nsplay.task;

import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SysctlTest {
  final Sysctl forward =
      new Sysctl(decl("sysctl: { name: net.ipv4.ip_forward, value: 1, netns: red }"));

  @Test
  void writesAnotherValue() {
    assertEquals(
        new Sysctl.Change("0", List.of("ip netns exec red sysctl -w net.ipv4.ip_forward=1")),
        forward.plan("0"));
    Sysctl host =
        new Sysctl(decl("sysctl: { name: net.ipv6.conf.all.forwarding, value: \" 1 \" }"));
    assertEquals(List.of("sysctl -w net.ipv6.conf.all.forwarding=1"), host.plan("0").changes());
  }

  @Test
  void nothingToDoWhenEqual() {
    assertTrue(forward.plan("1").isEmpty());
    assertEquals("1", forward.plan("1").old());
  }

  @Test
  void multiValueSysctlsCompareWordByWord() {
    Sysctl range =
        new Sysctl(decl("sysctl: { name: net.ipv4.ping_group_range, value: \"0  2147483647\" }"));
    assertTrue(range.plan("0\t2147483647").isEmpty());
    assertEquals(
        List.of("sysctl -w net.ipv4.ping_group_range=0  2147483647"), range.plan("1\t0").changes());
  }
}

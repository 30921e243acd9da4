package nsplay.task;

import static nsplay.task.Decls.decl;
import static nsplay.task.Decls.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import nsplay.kernel.AddrInfo;
import nsplay.net.Cidr;
import org.junit.jupiter.api.Test;

class AddrAssignTest {
  final AddrAssign task =
      new AddrAssign(decl("addr_assign: { link: veth-red, address: 192.168.15.1/24, netns: red }"));

  static AddrAssign.Seen seen(AddrInfo... addrs) {
    return new AddrAssign.Seen(
        Optional.of(link(2, "veth-red", "veth", true)), List.of(addrs), true);
  }

  static AddrInfo addr(int index, String cidr) {
    return new AddrInfo(index, Cidr.parse(cidr));
  }

  @Test
  void addsTheAddress() {
    assertEquals(
        new AddrAssign.Change(2, false, List.of("-n red addr add 192.168.15.1/24 dev veth-red")),
        task.plan(seen(addr(1, "127.0.0.1/8"))));
  }

  @Test
  void nothingToDoWhenTheLinkHasIt() {
    assertTrue(task.plan(seen(addr(1, "127.0.0.1/8"), addr(2, "192.168.15.1/24"))).isEmpty());
  }

  @Test
  void theSameAddressElsewhereOrWithAnotherPrefixDoesNotCount() {
    assertEquals(1, task.plan(seen(addr(3, "192.168.15.1/24"))).changes().size());
    assertEquals(1, task.plan(seen(addr(2, "192.168.15.1/16"))).changes().size());
    assertEquals(1, task.plan(seen(addr(2, "192.168.15.2/24"))).changes().size());
  }

  @Test
  void ipv6() {
    AddrAssign v6 =
        new AddrAssign(decl("addr_assign: { link: eth0, address: \"2001:DB8::1/64\" }"));
    assertEquals(
        List.of("addr add 2001:db8::1/64 dev eth0 nodad"),
        v6.plan(new AddrAssign.Seen(Optional.of(link(2, "eth0", null, true)), List.of(), true))
            .changes());
  }

  @Test
  void ipv6DadIsSkippedOnTheLabsLinksOnlyUnlessSaid() {
    AddrAssign.Seen ours =
        new AddrAssign.Seen(Optional.of(link(2, "eth0", null, true)), List.of(), true);
    AddrAssign.Seen host =
        new AddrAssign.Seen(Optional.of(link(2, "eth0", null, true)), List.of(), false);
    String v6 =
        "addr_assign: { link: eth0, address: \"2001:db8::1/64\", allow_host_interface: true";
    assertTrue(new AddrAssign(decl(v6 + " }")).plan(ours).nodad());
    assertEquals(false, new AddrAssign(decl(v6 + " }")).plan(host).nodad());
    assertEquals(false, new AddrAssign(decl(v6 + ", nodad: false }")).plan(ours).nodad());
    assertEquals(
        List.of("addr add 2001:db8::1/64 dev eth0 nodad"),
        new AddrAssign(decl(v6 + ", nodad: true }")).plan(host).changes());
    // IPv4 has no duplicate address detection to skip.
    assertEquals(
        false,
        new AddrAssign(decl("addr_assign: { link: eth0, address: 10.0.0.1/24 }"))
            .plan(ours)
            .nodad());
  }

  @Test
  void failsWhenTheLinkIsMissing() {
    TaskFailure f =
        assertThrows(
            TaskFailure.class,
            () -> task.plan(new AddrAssign.Seen(Optional.empty(), List.of(), false)));
    assertEquals("no link veth-red in namespace red", f.getMessage());
  }

  @Test
  void refusesAHostInterfaceUnlessAllowed() {
    AddrAssign.Seen foreign =
        new AddrAssign.Seen(Optional.of(link(2, "eth1", null, true)), List.of(), false);
    TaskFailure f =
        assertThrows(
            TaskFailure.class,
            () ->
                new AddrAssign(decl("addr_assign: { link: eth1, address: 10.0.0.1/24 }"))
                    .plan(foreign));
    assertEquals(
        "refusing to add an address to eth1: this lab did not create it, and re-addressing a"
            + " host interface can cut the machine off; add `allow_host_interface: true` to the"
            + " task if you mean it",
        f.getMessage());
    assertEquals(
        List.of("addr add 10.0.0.1/24 dev eth1"),
        new AddrAssign(
                decl(
                    "addr_assign: { link: eth1, address: 10.0.0.1/24, allow_host_interface: true"
                        + " }"))
            .plan(foreign)
            .changes());
  }
}

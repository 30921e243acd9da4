package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code up -v} prints each kernel operation in ip's words, and {@code up --check -v} prints the
 * very same words for what it would do: both kernels render the same operation records.
 */
class VerboseIT {
  private static List<String> operations(Lab.Run r) {
    return r.out().lines().filter(l -> l.startsWith("    ")).map(String::strip).toList();
  }

  @Test
  void checkAndRunSayTheSameInIpsWords() {
    try (Lab lab = new Lab("v")) {
      lab.playbook(
          """
          name: {lab}
          tasks:
            - netns_add: { name: {lab}-a }
            - veth_create: { name: va, netns: {lab}-a, peer: vh }
            - bridge_create: { name: br }
            - bridge_attach: { link: vh, bridge: br }
            - addr_assign: { link: va, address: 10.81.0.1/24, netns: {lab}-a }
            - route_add: { to: default, via: 10.81.0.2, netns: {lab}-a }
          """);
      String a = lab.name + "-a";
      String mark = "nsplay:" + lab.name;
      List<String> want =
          List.of(
              "netns add " + a,
              "-n " + a + " link add va type veth peer vh (on the host)",
              "-n " + a + " link set va alias " + mark,
              "link set vh alias " + mark + " up",
              "link add br type bridge",
              "link set br alias " + mark,
              "link set vh master br",
              "-n " + a + " addr add 10.81.0.1/24 dev va",
              "-n " + a + " route add default via 10.81.0.2");
      Lab.Run check =
          Lab.cli("up", "--check", "-v", "--host-netns", lab.host, lab.file.toString()).expect(0);
      assertEquals(want, operations(check), check.out());
      Lab.Run up = Lab.cli("up", "-v", "--host-netns", lab.host, lab.file.toString()).expect(0);
      assertEquals(want, operations(up), up.out());
      Lab.Run again = Lab.cli("up", "-v", "--host-netns", lab.host, lab.file.toString());
      assertEquals(List.of(), operations(again.expect(0)), again.out());
    }
  }
}

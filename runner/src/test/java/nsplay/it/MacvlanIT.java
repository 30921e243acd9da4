package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * macvlan_create against the real kernel, with {@code ip -d -j link show} as the oracle. Both
 * kernels have macvlan: it runs in the host stage and in the stock-kernel stage.
 */
@Tag(StockKernel.TAG)
class MacvlanIT {
  @Test
  void createPingConvergeRecreateOnDriftAndDown() {
    try (Lab lab = new Lab("mv")) {
      lab.playbook(
          """
          name: {lab}
          vars: { mode: bridge }
          tasks:
            - netns_add: { name: {lab}-a }
            - netns_add: { name: {lab}-b }
            - veth_create: { name: ua, netns: {lab}-a, peer: ub, peer_netns: {lab}-b }
            - macvlan_create: { name: mv, link: ua, mode: "${mode}", netns: {lab}-a }
            - addr_assign: { link: mv, address: 10.83.0.1/24, netns: {lab}-a }
            - addr_assign: { link: ub, address: 10.83.0.2/24, netns: {lab}-b }
            - ping: { from: {lab}-a, to: 10.83.0.2 }
          """);
      String a = lab.name + "-a";
      lab.upTwice();
      JsonNode mv = TestNet.link(a, "mv");
      assertNotNull(mv);
      assertEquals("macvlan", mv.path("linkinfo").path("info_kind").asText());
      assertEquals("bridge", mv.path("linkinfo").path("info_data").path("mode").asText());
      assertEquals("ua", mv.path("link").asText());
      assertTrue(TestNet.isUp(mv));
      assertEquals("nsplay:" + lab.name, mv.path("ifalias").asText());

      // Another mode: the lab's own macvlan is made again in it, and still reaches b.
      Lab.Run again =
          Lab.cli("up", "-v", "-e", "mode=private", "--host-netns", lab.host, lab.file.toString())
              .expect(0);
      assertTrue(again.out().contains("-n " + a + " link del mv\n"), again.out());
      assertTrue(
          again.out().contains("-n " + a + " link add mv link ua type macvlan mode private\n"),
          again.out());
      assertTrue(again.recap().contains(" failed=0 "), again.out());
      JsonNode now = TestNet.link(a, "mv");
      assertEquals("private", now.path("linkinfo").path("info_data").path("mode").asText());
      assertEquals("nsplay:" + lab.name, now.path("ifalias").asText());

      lab.down().expect(0);
      lab.assertGone();
    }
  }
}

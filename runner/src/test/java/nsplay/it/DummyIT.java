package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * dummy_create against a kernel with dummy (the stock-kernel stage), with {@code ip -d -j link
 * show} as the oracle: made, marked, up, its address answering; set down by hand, repaired; gone
 * with down.
 */
@Tag(StockKernel.TAG)
class DummyIT {
  static boolean kernelHasDummy() {
    return StockKernel.hasLinkKind(false, "dummy");
  }

  @Test
  void createConvergeRepairAndDown() {
    StockKernel.assumeFeature(kernelHasDummy(), "dummy");
    try (Lab lab = new Lab("dm")) {
      lab.playbook(
          """
          name: {lab}
          tasks:
            - netns_add: { name: {lab}-a }
            - dummy_create: { name: uplink, netns: {lab}-a }
            - addr_assign: { link: uplink, address: 10.85.0.1/24, netns: {lab}-a }
            - link_up: { link: lo, netns: {lab}-a }     # a namespace's own addresses answer through lo
            - ping: { from: {lab}-a, to: 10.85.0.1 }
          """);
      String a = lab.name + "-a";
      lab.upTwice();
      JsonNode d = TestNet.link(a, "uplink");
      assertNotNull(d);
      assertEquals("dummy", d.path("linkinfo").path("info_kind").asText());
      assertTrue(TestNet.isUp(d));
      assertEquals("nsplay:" + lab.name, d.path("ifalias").asText());

      TestNet.run("ip", "-n", a, "link", "set", "uplink", "down");
      assertFalse(TestNet.isUp(TestNet.link(a, "uplink")));
      Lab.Run repair = lab.up().expect(0);
      assertTrue(repair.recap().contains(" changed=1 "), repair.out());
      assertTrue(TestNet.isUp(TestNet.link(a, "uplink")));

      lab.down().expect(0);
      lab.assertGone();
    }
  }
}

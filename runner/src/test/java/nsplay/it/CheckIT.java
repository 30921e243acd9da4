package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * `nsplay check` on the seed lab (throwaway host namespace): it holds, then a link set down by hand
 * breaks the playbook's ping expectations and check exits 1; --json is one parsable document.
 */
class CheckIT {
  private Lab lab;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
    }
  }

  /** A templated lab name (one playbook for every student) is checked as up rendered it. */
  @Test
  void aTemplatedNameIsTheRenderedOne() {
    lab = new Lab("ckt");
    lab.playbook(CliUxIT.SMALL.replaceFirst("name: \\{lab\\}", "name: \"\\${which}\""));
    String file = lab.file.toString();
    Lab.cli("up", "--host-netns", lab.host, "-e", "which=" + lab.name, file).expect(0);
    Lab.Run ok = Lab.cli("check", "--matrix", file, "-e", "which=" + lab.name).expect(0);
    assertTrue(ok.out().startsWith("CHECK " + lab.name + " (host: netns "), ok.out());
    Lab.Run unnamed = Lab.cli("check", "--matrix", file).expect(2);
    assertTrue(unnamed.err().contains(":1:7: error: undefined variable \"which\""), unnamed.err());
  }

  @Test
  void holdsThenBreaks() throws IOException {
    lab = new Lab("ck");
    lab.playbook(SeedLabIT.seedPlaybook(lab.name));
    lab.up().expect(0);
    String red = lab.name + "-red";
    String blue = lab.name + "-blue";

    Lab.Run ok = Lab.cli("check", "--matrix", lab.file.toString()).expect(0);
    assertTrue(
        ok.out().startsWith("CHECK " + lab.name + " (host: netns " + lab.host + ")\n"), ok.out());
    assertTrue(ok.out().contains("3 of 3 expectations hold"), ok.out());
    assertTrue(!ok.out().contains("!"), ok.out());
    assertTrue(ok.out().contains(lab.host + "/v-net-0"), ok.out());

    // Without the playbook there is nothing to contradict.
    Lab.Run byName = Lab.cli("check", "--lab", lab.name).expect(0);
    assertTrue(!byName.out().contains("expectation"), byName.out());

    Lab.Run json = Lab.cli("check", "--lab", lab.name, "--json", "--timeout", "500").expect(0);
    JsonNode doc = new ObjectMapper().readTree(json.out());
    assertEquals(blue, doc.path("sources").get(0).asText());
    assertEquals(red, doc.path("sources").get(1).asText());
    assertEquals(3, doc.path("targets").size());
    assertEquals(2, doc.path("cells").size());
    for (JsonNode row : doc.path("cells")) {
      assertEquals(3, row.size());
      for (JsonNode c : row) {
        assertTrue(c.path("reachable").asBoolean(), json.out());
        assertTrue(c.has("rtt_ms") && c.has("expected"), json.out());
      }
    }

    // Broken by hand: blue's link down; red no longer reaches blue, nor blue red.
    TestNet.run("ip", "-n", blue, "link", "set", "veth-blue", "down");
    Lab.Run broken = Lab.cli("check", "--matrix", lab.file.toString()).expect(1);
    assertTrue(broken.out().contains("!--"), broken.out());
    assertTrue(
        broken.out().contains("! " + red + " -> 192.168.15.2: expected reachable, no reply"),
        broken.out());
    assertTrue(
        broken.out().contains("! " + blue + " -> 192.168.15.1: expected reachable, no reply"),
        broken.out());
    assertTrue(broken.out().contains("1 of 3 expectations hold"), broken.out());

    Lab.Run brokenJson = Lab.cli("check", "--matrix", lab.file.toString(), "--json").expect(1);
    JsonNode bd = new ObjectMapper().readTree(brokenJson.out());
    int redRow = 1;
    int blueCol = -1;
    for (int i = 0; i < bd.path("targets").size(); i++) {
      if (bd.path("targets").get(i).path("address").asText().equals("192.168.15.2")) {
        blueCol = i;
      }
    }
    JsonNode c = bd.path("cells").get(redRow).get(blueCol);
    assertEquals(false, c.path("reachable").asBoolean());
    assertEquals("reachable", c.path("expected").asText());
  }

  @Test
  void usageErrors() {
    String missing = TestNet.name("none");
    Lab.Run r = Lab.cli("check", "--lab", missing).expect(2);
    assertEquals("nsplay: lab " + missing + " is not up; nothing to check\n", r.err());
    Lab.cli("check", "--lab", missing, "some.yml").expect(2);
    Lab.cli("check", "--lab", missing, "--timeout", "0").expect(2);
  }
}

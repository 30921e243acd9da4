package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a user meets at the command line around a lab: down's checks, diffs, processes. */
class CliUxIT {
  /** One namespace joined to the host by a veth pair on a bridge, with an address and a route. */
  static final String SMALL =
      """
      name: {lab}
      tasks:
        - netns_add: { name: "{lab}-a" }
        - bridge_create: { name: br0 }
        - veth_create: { name: va-br, peer: va, peer_netns: "{lab}-a" }
        - bridge_attach: { link: va-br, bridge: br0 }
        - addr_assign: { link: br0, address: 10.9.0.1/24 }
        - addr_assign: { link: va, address: 10.9.0.2/24, netns: "{lab}-a" }
        - route_add: { to: default, via: 10.9.0.1, dev: va, netns: "{lab}-a" }
      """;

  private Lab lab;

  @AfterEach
  void cleanup() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void downWithHostNetnsIsCheckedAgainstTheJournal() {
    lab = new Lab("dhost");
    lab.playbook(SMALL);
    lab.up().expect(0);
    String other = TestNet.newNetns("oh");
    lab.extraNetns.add(other);
    Lab.Run wrong = Lab.cli("down", "--lab", lab.name, "--host-netns", other).expect(2);
    assertEquals(
        "nsplay: lab "
            + lab.name
            + " is up with --host-netns "
            + lab.host
            + ", not --host-netns "
            + other
            + "; nothing removed (run 'nsplay down --lab "
            + lab.name
            + " --host-netns "
            + lab.host
            + "')\n",
        wrong.err());
    assertTrue(Files.exists(Path.of("/run/nsplay", lab.name, "journal")), "journal kept");
    assertTrue(TestNet.netnsList().contains(lab.name + "-a"), "lab kept");
    Lab.Run right = Lab.cli("down", "--lab", lab.name, "--host-netns", lab.host).expect(0);
    assertTrue(right.out().contains("RECAP " + lab.name + ": removed="), right.out());
    lab.assertGone();
  }

  /** --diff names the links it shows ("master br0", "dev va"), not their ifindex ("#6"). */
  @Test
  void diffNamesInterfaces() {
    lab = new Lab("dnames");
    lab.playbook(SMALL);
    String out =
        Lab.cli("up", "--diff", "--host-netns", lab.host, lab.file.toString()).expect(0).out();
    assertTrue(out.contains("    +++ after\n    va-br: master br0\n"), out);
    assertTrue(out.contains("    +++ after\n    default via 10.9.0.1 dev va\n"), out);
    assertTrue(!out.contains("#"), out);
    // A veth end whose state drifted: its master is named too.
    TestNet.run("ip", "-n", lab.host, "link", "set", "va-br", "down");
    String again =
        Lab.cli("up", "--diff", "--host-netns", lab.host, lab.file.toString()).expect(0).out();
    assertTrue(again.contains("va-br (host): veth, down, master br0\n"), again);
    assertTrue(!again.contains("#"), again);
  }
}

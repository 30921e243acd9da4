package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One lab per student: `up --instances` brings several instances of one playbook up at once,
 * `status`/`check`/`down` find each as NAME-ID, `down --lab 'NAME-*'` removes them all, and a
 * failing instance does not stop the others. The example playbooks/classroom.yml, its lab renamed
 * and its namespaces prefixed with the run's prefix.
 */
class InstancesIT {
  private final List<Lab> labs = new ArrayList<>();
  private final List<String> foreign = new ArrayList<>();
  private final List<Path> files = new ArrayList<>();

  @AfterEach
  void cleanup() {
    for (Lab lab : labs) {
      Lab.cli("down", "--lab", lab.name + "-*");
      lab.close();
    }
    foreign.forEach(TestNet::deleteNetns);
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
        Files.deleteIfExists(f.getParent());
      } catch (IOException e) {
        // temp files only
      }
    }
  }

  /** classroom.yml under a lab name of this run; its namespaces LAB-sN-x. */
  private Lab classroom() throws IOException {
    Lab lab = new Lab("cls");
    labs.add(lab);
    String text = Files.readString(SeedLabIT.playbooks().resolve("classroom.yml"));
    // Not through Lab.playbook: its {p} expansion would rewrite the playbook's own ${p}.
    lab.file = Files.createTempDirectory("nsplay-cls").resolve("classroom.yml");
    Files.writeString(lab.file, text.replaceFirst("(?m)^name: \\S+$", "name: " + lab.name));
    files.add(lab.file);
    return lab;
  }

  private static Lab.Run up(Lab lab, String... options) {
    List<String> args = new ArrayList<>(List.of("up", "--host-netns", lab.host));
    args.addAll(List.of("-e", "p=" + lab.name + "-"));
    args.addAll(List.of(options));
    args.add(lab.file.toString());
    return Lab.cli(args.toArray(new String[0]));
  }

  private static List<String> netnsOf(Lab lab) {
    return TestNet.netnsList().stream().filter(n -> n.startsWith(lab.name)).sorted().toList();
  }

  private static void assertAllGone(Lab lab) {
    assertEquals(List.of(), netnsOf(lab), "namespaces left");
    for (int i = 1; i <= 3; i++) {
      assertFalse(Files.exists(Path.of("/run/nsplay", lab.name + "-" + i)), "state left");
    }
  }

  @Test
  void threeInstancesUpThenEachItsOwnThenAllDownByGlob() throws IOException {
    Lab lab = classroom();
    Lab.Run r = up(lab, "--instances", "1-3").expect(0);
    for (int i = 1; i <= 3; i++) {
      assertTrue(
          r.out().matches("(?s).*\\n" + i + " +" + lab.name + "-" + i + " +ok \\(changed=7\\) .*"),
          r.out());
    }
    assertTrue(r.out().contains("3 instances in "), r.out());
    assertTrue(r.out().contains(": 3 up, 0 failed\n"), r.out());
    assertEquals(9, netnsOf(lab).size(), netnsOf(lab).toString());
    // addresses from the instance: cidrsubnet('10.0.0.0/8', 14, 2) is 10.0.8.0/22
    assertEquals(
        "10.0.8.10",
        TestNet.ipJson(lab.name + "-s2-a", "addr", "show", "eth0")
            .get(0)
            .path("addr_info")
            .get(0)
            .path("local")
            .asText());
    for (int i = 1; i <= 3; i++) {
      Lab.Run s = Lab.cli("status", "--lab", lab.name, "--instance", "" + i).expect(0);
      assertEquals(
          lab.name + "-" + i + " (host: netns " + lab.host + "): 16 objects, no drift\n", s.out());
    }
    Lab.Run all = Lab.cli("status", "--lab", lab.name + "-*").expect(0);
    assertEquals(3, all.out().lines().count(), all.out());

    // The exercise: the check stage fails until the student adds b's route back.
    Lab.Run before = up(lab, "--instance", "2", "--tags", "check").expect(1);
    assertTrue(
        before.out().contains("TASK [a reaches b through the router] ... failed"), before.out());
    TestNet.run("ip", "-n", lab.name + "-s2-b", "route", "add", "default", "via", "10.0.9.1");
    Lab.Run after = up(lab, "--instance", "2", "--tags", "check").expect(0);
    // check --instance means the lab NAME-ID, as --lab NAME-ID does
    Lab.Run probed = Lab.cli("check", "--lab", lab.name, "--instance", "2").expect(0);
    assertTrue(probed.out().startsWith("CHECK " + lab.name + "-2"), probed.out());
    assertTrue(after.out().contains("TASK [a reaches b through the router] ... ok"), after.out());

    // A second --instances changes nothing.
    Lab.Run again = up(lab, "--instances", "1-3").expect(0);
    assertTrue(again.out().contains(": 3 up, 0 failed\n"), again.out());
    assertEquals(
        3,
        again
            .out()
            .lines()
            .filter(l -> l.matches("[0-9] +" + lab.name + "-[0-9] +ok \\(changed=0\\) .*"))
            .count(),
        again.out());

    Lab.Run down = Lab.cli("down", "--lab", lab.name + "-*").expect(0);
    assertEquals(3, down.out().lines().filter(l -> l.startsWith("RECAP ")).count(), down.out());
    assertAllGone(lab);
    assertEquals(
        "no lab up matches " + lab.name + "-*; nothing to remove\n",
        Lab.cli("down", "--lab", lab.name + "-*").expect(0).out());
  }

  @Test
  void aFailingInstanceDoesNotStopTheOthers() throws IOException {
    Lab lab = classroom();
    String taken = lab.name + "-s2-a";
    TestNet.run("ip", "netns", "add", taken);
    foreign.add(taken);
    Lab.Run r = up(lab, "--instances", "1-3").expect(1);
    assertTrue(r.out().contains(": 2 up, 1 failed\n"), r.out());
    assertTrue(r.out().matches("(?s).*\\n2 +" + lab.name + "-2 +invalid .*"), r.out());
    assertTrue(r.out().contains(lab.name + "-2: " + lab.file + ":"), r.out());
    assertTrue(r.out().contains("namespace \"" + taken + "\" already exists"), r.out());
    Lab.cli("status", "--lab", lab.name + "-1").expect(0);
    Lab.cli("status", "--lab", lab.name + "-3").expect(0);
    assertFalse(Files.exists(Path.of("/run/nsplay", lab.name + "-2")), "instance 2 made nothing");
    Lab.cli("down", "--lab", lab.name + "-*").expect(0);
    assertEquals(List.of(taken), netnsOf(lab), "only the foreign namespace is left");
  }

  @Test
  void aNameTooLongForOneInstanceIsALocatedErrorOfThatInstance() {
    Lab lab = new Lab("len");
    labs.add(lab);
    // "abcdefghijkl-99" is 15 bytes, "abcdefghijkl-100" 16: too long for an interface
    lab.playbook(
        """
        name: {lab}
        tasks:
          - name: a bridge per instance
            bridge_create: { name: "abcdefghijkl-${instance}" }
        """);
    Lab.Run r =
        Lab.cli("up", "--host-netns", lab.host, "--instances", "99-100", lab.file.toString())
            .expect(1);
    assertTrue(r.out().matches("(?s).*\\n99 +" + lab.name + "-99 +ok .*"), r.out());
    assertTrue(r.out().matches("(?s).*\\n100 +" + lab.name + "-100 +invalid .*"), r.out());
    assertTrue(r.out().contains(lab.name + "-100: " + lab.file + ":4:"), r.out());
    assertTrue(r.out().contains("15"), r.out());
    assertTrue(TestNet.linkNames(lab.host).contains("abcdefghijkl-99"));
    assertFalse(TestNet.linkNames(lab.host).stream().anyMatch(n -> n.endsWith("-100")));
    Lab.cli("down", "--lab", lab.name + "-*").expect(0);
    assertEquals(List.of("lo"), TestNet.linkNames(lab.host));
  }
}

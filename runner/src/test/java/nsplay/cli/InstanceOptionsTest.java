package nsplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import nsplay.playbook.Instance;
import org.junit.jupiter.api.Test;

/** The command line of instances: up's --instance/--instances, the others' --instance. */
class InstanceOptionsTest {
  static UpCommand.Options up(String... args) throws Syntax.UsageError {
    return UpCommand.Options.of(new UpCommand().syntax().parse(args, 0));
  }

  @Test
  void upReadsInstanceAndInstances() throws Syntax.UsageError {
    UpCommand.Options o = up("lab.yml", "--instance", "02");
    assertEquals(new Instance(2, "02"), o.instance());
    assertNull(o.instances());
    o = up("--instances=1-3", "lab.yml", "--parallel", "2");
    assertEquals(3, o.instances().size());
    assertEquals(2, o.parallel());
    assertNull(o.instance());
  }

  @Test
  void badInstancesAreUsageErrors() {
    CliRun r = CliRun.of("up", "lab.yml", "--instance", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--instance: instance \"0\" is not a number in 1-9999"), r.err());
    r = CliRun.of("up", "lab.yml", "--instances", "5-1");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--instances: instances \"5-1\": the range goes down"), r.err());
  }

  @Test
  void instanceAndInstancesDoNotGoTogether() throws Exception {
    java.nio.file.Path f = java.nio.file.Files.createTempFile("lab", ".yml");
    try {
      java.nio.file.Files.writeString(f, "name: lab\ntasks: []\n");
      CliRun r = CliRun.of("up", f.toString(), "--instance", "1", "--instances", "1-2");
      assertEquals(2, r.code());
      assertTrue(r.err().contains("--instances goes without --instance"), r.err());
      r = CliRun.of("up", f.toString(), "-e", "instance=3", "--instance", "1");
      assertEquals(2, r.code());
      assertTrue(r.err().contains("-e instance cannot be set with --instance"), r.err());
    } finally {
      java.nio.file.Files.delete(f);
    }
  }

  @Test
  void theOtherCommandsMeanTheLabNameDashId() throws Syntax.UsageError {
    LabChoice c =
        LabChoice.of(
            new DownCommand().syntax().parse(new String[] {"--lab", "room", "--instance", "3"}, 0));
    assertEquals("room-3", c.resolve(new java.io.PrintWriter(new java.io.StringWriter())));
    assertEquals("room-3", InstanceOption.lab("room", Instance.parse("3")));
    assertEquals("room", InstanceOption.lab("room", null));
    StatusCommand.Options s =
        StatusCommand.Options.of(
            new StatusCommand()
                .syntax()
                .parse(new String[] {"--lab", "room", "--instance", "3"}, 0));
    assertEquals("room-3", s.lab());
    for (String cmd : List.of("down", "status", "report", "graph", "check")) {
      CliRun r = CliRun.of(cmd, "--help");
      assertTrue(r.out().contains("--instance=ID"), cmd + ": " + r.out());
    }
  }
}

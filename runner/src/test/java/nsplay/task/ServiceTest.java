package nsplay.task;

import static nsplay.task.Decls.bindError;
import static nsplay.task.Decls.decl;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import nsplay.state.Entry;
import org.junit.jupiter.api.Test;

class ServiceTest {
  final Service web =
      new Service(
          decl(
              "service: { name: web, netns: red, command: [python3, -m, http.server, 8080],"
                  + " ready: { tcp: 8080 }, timeout: 5s, env: { A: 1 } }"));

  @Test
  void parametersAreTyped() {
    assertEquals(
        List.of("python3", "-m", "http.server", "8080"), web.decl().args().value("command"));
    assertEquals(Map.of("tcp", 8080), web.decl().args().value("ready"));
    assertEquals(5000L, web.decl().args().value("timeout"));
    assertEquals(Map.of("A", "1"), web.decl().args().value("env"));
  }

  @Test
  void startsWhenNeverStartedAndLeavesARunningOneAlone() {
    assertEquals(List.of("netns exec red python3 -m http.server 8080"), web.plan(null).changes());
    // This test's own process: running, by pid and start time.
    long pid = ProcessHandle.current().pid();
    long start = nsplay.kernel.Processes.startTime(pid);
    assertTrue(start > 0);
    assertTrue(web.plan(new Entry.Service("web", "red", pid, start, web.definition())).isEmpty());
    // A journal from before definitions were recorded: a running service is left alone.
    assertTrue(web.plan(new Entry.Service("web", "red", pid, start, "")).isEmpty());
    // The same pid with another start time is another process: the service died.
    assertEquals(
        List.of("netns exec red python3 -m http.server 8080 (restart: pid " + pid + " ended)"),
        web.plan(new Entry.Service("web", "red", pid, start + 1, web.definition())).changes());
  }

  /** A running service whose command (or env, cwd, user, namespace) changed is restarted. */
  @Test
  void aChangedDefinitionRestartsARunningOne() {
    long pid = ProcessHandle.current().pid();
    long start = nsplay.kernel.Processes.startTime(pid);
    Entry.Service running = new Entry.Service("web", "red", pid, start, "0badc0de");
    Service.Start plan = web.plan(running);
    assertEquals(running, plan.replaces());
    assertEquals(
        List.of(
            "netns exec red python3 -m http.server 8080 (restart: pid "
                + pid
                + " was started otherwise)"),
        plan.changes());
    Service other =
        new Service(
            decl(
                "service: { name: web, netns: red, command: [python3, -m, http.server, '8081'] }"));
    assertNotEquals(web.definition(), other.definition());
  }

  @Test
  void badInputIsLocated() {
    assertTrue(
        bindError("service: { name: w, netns: red, command: [no-such-program-xyz] }")
            .contains("program \"no-such-program-xyz\" not found in PATH"));
    assertTrue(
        bindError("service: { name: w, netns: red, command: [sh], user: no-such-user-xyz }")
            .contains("user \"no-such-user-xyz\" does not exist"));
    assertTrue(
        bindError("service: { name: w, netns: red, command: [sh], ready: { tcp: 70000 } }")
            .contains("port 70000 is out of range 1-65535"));
    assertTrue(
        bindError("service: { name: w, netns: red, command: [sh], ready: { udp: 53 } }")
            .contains("unknown readiness \"udp\""));
    assertTrue(
        bindError("service: { name: w, netns: red, command: sh -c true }")
            .contains("a list of strings"));
    assertTrue(
        bindError("service: { name: w, netns: red, command: [sh], timeout: soon }")
            .contains("expected a duration"));
  }

  @Test
  void usersResolveByNameOrUid() {
    assertNotNull(Service.user("root"));
    assertEquals(0, Service.user("root").uid());
    assertEquals(0, Service.user("0").gid());
  }
}

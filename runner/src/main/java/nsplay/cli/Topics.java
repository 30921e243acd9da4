package nsplay.cli;

import java.util.List;
import java.util.Map;
import nsplay.app.Exit;
import nsplay.app.Labs;

/**
 * What the top help and the man page say beside the commands: the exit codes and the files. Apart
 * from {@link Main}, so that a run that prints neither loads none of it.
 */
final class Topics {
  private Topics() {}

  /** The exit codes, as help and the man page list them. */
  static final List<Map.Entry<String, String>> EXIT_CODES =
      List.of(
          Map.entry(String.valueOf(Exit.OK), "success"),
          Map.entry(String.valueOf(Exit.FAILED), "a task failed"),
          Map.entry(String.valueOf(Exit.INVALID), "invalid input or command line"),
          Map.entry(
              String.valueOf(Exit.INTERRUPTED),
              "interrupted (Ctrl-C, SIGTERM) between two changes; run it again to finish"));

  /** The files nsplay reads and writes, as help and the man page list them. */
  static final List<Map.Entry<String, String>> FILES =
      List.of(
          Map.entry(
              Labs.stateDir() + "/LAB/",
              "a lab's state: its journal, lock and service logs (logs/SERVICE.log)"),
          Map.entry(
              Labs.netnsDir() + "/NAME", "the named network namespaces, shared with `ip netns`"),
          Map.entry(
              "/etc/netns/NAME/",
              "files bound over the same names in /etc for what runs in the namespace (exec,"
                  + " service), as `ip netns exec` binds them"),
          Map.entry(
              "/var/cache/nsplay/",
              "the installed package's class-data-sharing archive, made at install or first run"
                  + " (an unpacked tarball keeps its own in $XDG_CACHE_HOME/nsplay, by default"
                  + " ~/.cache/nsplay)"));

  /** The environment variables nsplay heeds, as help and the man page list them. */
  static final List<Map.Entry<String, String>> ENVIRONMENT =
      List.of(
          Map.entry("NO_COLOR", "when set, no colour on a terminal (as does TERM=dumb)"),
          Map.entry(
              "XDG_CACHE_HOME",
              "where the launcher of an unpacked tarball keeps its class-data-sharing archive"
                  + " (XDG_CACHE_HOME/nsplay; without it ~/.cache/nsplay)"));
}

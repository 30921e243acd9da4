package nsplay.task;

import nsplay.net.Ip;
import nsplay.playbook.Args;

/** What the check task types share in their parameters and messages. */
final class Checks {
  private Checks() {}

  /** The problem with a {@code timeout} (ms) parameter, or null. */
  static String timeout(String type, Args args) {
    int t = args.integer("timeout");
    return t < 1 || t > 600_000
        ? type + ": timeout must be between 1 and 600000 ms, got " + t
        : null;
  }

  /** {@code 10.0.0.2:80}, {@code [fd00::2]:80}. */
  static String hostPort(Ip ip, int port) {
    return (ip.isV4() ? ip.toString() : "[" + ip + "]") + ":" + port;
  }
}

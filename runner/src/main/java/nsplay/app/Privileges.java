package nsplay.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may do what a command does to network namespaces. */
public final class Privileges {
  private Privileges() {}

  /**
   * Whether this process may change network namespaces; prints the reason when not. CAP_NET_ADMIN
   * (links, addresses, nft) and CAP_SYS_ADMIN (setns, mount) are what `up` and `down` need.
   */
  public static boolean enough(String command, PrintWriter err) {
    long caps = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("CapEff:")) {
          caps = Long.parseUnsignedLong(line.substring(7).trim(), 16);
        }
      }
    } catch (IOException | NumberFormatException e) {
      caps = 0;
    }
    long need = (1L << 12) | (1L << 21); // CAP_NET_ADMIN, CAP_SYS_ADMIN
    if ((caps & need) == need) {
      return true;
    }
    err.println("nsplay " + command + " needs root: CAP_NET_ADMIN and CAP_SYS_ADMIN");
    return false;
  }
}

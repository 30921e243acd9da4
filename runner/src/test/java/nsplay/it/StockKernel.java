package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Assumptions;

/**
 * The stock-kernel stage (stock-kernel/run): the tests tagged {@link #TAG} run a second time inside
 * Debian's stock kernel under qemu, whose guest sets {@code -Dnsplay.stockKernel=true}. A kernel
 * feature a test needs is then required; on another kernel (this machine's minimal one has no
 * dummy, vlan, bonding, netem, ...) the test is skipped, saying which feature was missing.
 */
final class StockKernel {
  /** The JUnit tag of the tests the stock-kernel stage runs. */
  static final String TAG = "stock-kernel";

  private StockKernel() {}

  /** True inside the stock-kernel stage's guest. */
  static boolean isStage() {
    return Boolean.getBoolean("nsplay.stockKernel");
  }

  /**
   * Needs {@code feature}: a failure in the stock-kernel stage when it is missing, else the test is
   * skipped with the reason.
   */
  static void assumeFeature(boolean present, String feature) {
    if (isStage()) {
      assertTrue(present, () -> "Debian's stock kernel should have " + feature);
    } else {
      Assumptions.assumeTrue(
          present,
          () ->
              "this kernel lacks "
                  + feature
                  + "; the stock-kernel stage (./run-tests stock-kernel) tests it on Debian's kernel");
    }
  }

  /**
   * Whether the running kernel makes a link of {@code type} (the oracle: {@code ip link add}, in a
   * scratch namespace removed at once), on a veth parent when {@code onParent}; any answer but
   * success or "Unknown device type" fails the test.
   */
  static boolean hasLinkKind(boolean onParent, String type, String... data) {
    String ns = TestNet.newNetns("kq");
    try {
      java.util.List<String> cmd =
          new java.util.ArrayList<>(java.util.List.of("ip", "-n", ns, "link", "add"));
      if (onParent) {
        TestNet.run("ip", "-n", ns, "link", "add", "p0", "type", "veth", "peer", "p1");
        cmd.addAll(java.util.List.of("link", "p0"));
      }
      cmd.addAll(java.util.List.of("name", "k0", "type", type));
      cmd.addAll(java.util.List.of(data));
      TestNet.Result r = TestNet.exec(cmd.toArray(new String[0]));
      assertTrue(
          r.code() == 0 || r.err().contains("Unknown device type"), () -> "ip said: " + r.err());
      return r.code() == 0;
    } finally {
      TestNet.deleteNetns(ns);
    }
  }
}

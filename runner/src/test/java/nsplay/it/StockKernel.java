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
}

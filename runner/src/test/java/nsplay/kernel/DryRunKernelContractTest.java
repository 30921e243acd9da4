package nsplay.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory kernel keeps the kernel contract, and stays linear in the number of links. */
class DryRunKernelContractTest extends KernelContract {
  private int n;

  @Override
  protected Kernel open() {
    return new DryRunKernel();
  }

  @Override
  protected String uniqueNetns(String tag) {
    return tag + (++n);
  }

  @Test
  void fiftyThousandLinksInLinearTime() {
    // Quadratic (a scan per get/add, as before) takes minutes here; linear takes about a second,
    // a few on a loaded machine.
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          Links host = k.links(null);
          int br = host.add("br", new LinkSpec.Bridge(), true, 1);
          for (int i = 0; i < 50_000; i++) {
            int v = host.add("v" + i, new LinkSpec.Veth("p" + i, null), true, 1);
            host.setMaster(v, br);
            host.get("p" + i).orElseThrow();
          }
          assertEquals(100_002, host.all().size());
          assertEquals(100_001, k.takeOperations().size());
        });
  }
}

package nsplay.it;

import nsplay.kernel.Kernel;
import nsplay.kernel.KernelContract;
import nsplay.kernel.LiveKernel;

/**
 * The live kernel keeps the kernel contract, inside a throwaway namespace that plays the host;
 * every namespace it makes carries the run's prefix, and all are removed after each test.
 */
class LiveKernelContractIT extends KernelContract {
  private String host;

  @Override
  protected Kernel open() {
    host = TestNet.newNetns("kc");
    return new LiveKernel(host);
  }

  @Override
  protected String uniqueNetns(String tag) {
    return TestNet.name("k" + tag);
  }

  @Override
  protected void assumeFeature(boolean present, String feature) {
    StockKernel.assumeFeature(present, feature);
  }

  @Override
  protected void release() {
    TestNet.deleteNetns(host);
  }
}

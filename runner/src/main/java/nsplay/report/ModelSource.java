package nsplay.report;

import java.io.IOException;

/**
 * Where `nsplay report` and `nsplay graph` get their model: the seam between the commands and the
 * code that reads a lab from the live kernel (and probes it).
 */
@FunctionalInterface
public interface ModelSource {
  /**
   * The model of a lab as it is now.
   *
   * @param lab the lab's name
   * @param probe whether to ping between namespaces for the connectivity matrix (false leaves
   *     {@link LabModel#matrix()} null)
   */
  LabModel load(String lab, boolean probe) throws IOException;
}

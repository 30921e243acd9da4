package nsplay.kernel;

import java.util.List;

/** Echo requests sent and the round-trip times (ms) of the replies received. */
public record PingResult(int sent, List<Double> rttMillis) {
  public PingResult {
    rttMillis = List.copyOf(rttMillis);
  }

  public int received() {
    return rttMillis.size();
  }
}

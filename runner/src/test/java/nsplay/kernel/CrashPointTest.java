package nsplay.kernel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The crash hook's settings (the kills themselves are CrashIT's: they would end this JVM). */
class CrashPointTest {
  @Test
  void aStepNoCodeReachesIsRefusedRatherThanNeverCrashing() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CrashPoint.of(null, "netns-del:late"));
    assertTrue(e.getMessage().contains(CrashPoint.NETNS_DEL_AFTER_UMOUNT), e.getMessage());
    assertThrows(NumberFormatException.class, () -> CrashPoint.of(null, "netns-add:after-file@x"));
  }

  @Test
  void otherStepsAndEarlierTimesPassWithoutCrashing() {
    CrashPoint p = CrashPoint.of(null, CrashPoint.NETNS_ADD_AFTER_FILE + "@3");
    p.at(CrashPoint.NETNS_ADD_AFTER_NEW);
    p.at(CrashPoint.NETNS_ADD_AFTER_FILE);
    p.at(CrashPoint.NETNS_ADD_AFTER_FILE);
    p.changed();
    CrashPoint none = CrashPoint.of(null, null);
    for (String step : CrashPoint.STEPS) {
      none.at(step);
    }
  }
}

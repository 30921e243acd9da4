package nsplay.state;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MarkScanTest {
  @Test
  void loCarriesTheLabsMarkAloneOrWithATokenButNotAnotherLabsName() {
    assertTrue(MarkScan.loMark("nsplay:seed", "nsplay:seed"));
    assertTrue(MarkScan.loMark("nsplay:seed:3f9a0c", "nsplay:seed"));
    assertTrue(MarkScan.loMark("nsplay:seed 3f9a0c", "nsplay:seed"));
    assertFalse(MarkScan.loMark("nsplay:seed2", "nsplay:seed"));
    assertFalse(MarkScan.loMark("nsplay:seed-b:3f9a0c", "nsplay:seed"));
    assertFalse(MarkScan.loMark("nsplay:seed_b", "nsplay:seed"));
    assertFalse(MarkScan.loMark("nsplay:see", "nsplay:seed"));
  }
}

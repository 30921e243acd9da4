package nsplay.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;

class TypesCommandTest {
  @Test
  void oneTypeWithItsParametersAndTheCommandItEquals() {
    assertEquals(
        new CliRun(
            0,
            "route_add: Add a route (ip route add TO via GW dev LINK)\n"
                + "  to     required  a prefix such as 10.0.0.0/24 or 2001:db8::/64, default, or"
                + " default6; destination; default is IPv4's, default6 IPv6's\n"
                + "  via    optional  an IP address; gateway address\n"
                + "  dev    optional  an interface name; output link\n"
                + "  netns  optional  a namespace name; namespace; the host if omitted\n",
            ""),
        CliRun.of("types", "route_add"));
  }

  @Test
  void everyTypeFromTheRegistryWithDefaultsAndChoices() {
    CliRun r = CliRun.of("types");
    assertEquals(0, r.code());
    for (String type : TaskRegistry.specs().keySet()) {
      assertTrue(r.out().contains("\n" + type + ": ") || r.out().startsWith(type + ": "), type);
    }
    assertTrue(
        r.out().contains("  expect  default reachable  one of reachable, unreachable; "), r.out());
  }

  @Test
  void anUnknownTypeIsAUsageErrorWithASuggestion() {
    CliRun r = CliRun.of("types", "route_ad");
    assertEquals(2, r.code());
    assertTrue(
        r.err()
            .equals(
                "nsplay types: unknown task type: 'route_ad'; did you mean 'route_add'?\n"
                    + "Try 'nsplay types --help' for more information.\n"),
        r.err());
  }

  @Test
  void helpAndTopLevelListing() {
    CliRun r = CliRun.of("types", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("Usage: nsplay types [-hV] [TYPE]\n"), r.out());
    assertTrue(r.out().contains("\n  nsplay types route_add\n"), r.out());
    assertTrue(CliRun.of("--help").out().contains("\n  types  "));
  }
}

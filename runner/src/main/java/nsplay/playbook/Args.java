package nsplay.playbook;

import java.util.Map;
import nsplay.net.Cidr;
import nsplay.net.Ip;

/**
 * A task's parameter values after validation: typed, defaults filled in, each with the place it was
 * written (or the task's place for a default), so later checks can point at the value.
 */
public final class Args {
  private final Map<String, Object> values;
  private final Map<String, Location> locations;
  private final Location taskLocation;

  public Args(Map<String, Object> values, Map<String, Location> locations, Location taskLocation) {
    this.values = Map.copyOf(values);
    this.locations = Map.copyOf(locations);
    this.taskLocation = taskLocation;
  }

  public boolean has(String name) {
    return values.containsKey(name);
  }

  public String string(String name) {
    return (String) values.get(name);
  }

  public boolean bool(String name) {
    return (Boolean) values.get(name);
  }

  public int integer(String name) {
    return ((Number) values.get(name)).intValue();
  }

  public Cidr cidr(String name) {
    return (Cidr) values.get(name);
  }

  public Ip ip(String name) {
    return (Ip) values.get(name);
  }

  public Object value(String name) {
    return values.get(name);
  }

  /** Where the value was written; the task's own place when it came from a default. */
  public Location location(String name) {
    return name == null ? taskLocation : locations.getOrDefault(name, taskLocation);
  }

  public Map<String, Object> asMap() {
    return values;
  }
}

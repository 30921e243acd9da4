package nsplay.playbook;

/**
 * A value as written in the playbook, before templating: plain YAML data (String, Integer, Long,
 * Double, Boolean, List, Map, or null) and where it stands.
 */
public record RawValue(Object value, Location location) {}

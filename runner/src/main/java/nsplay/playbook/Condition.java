package nsplay.playbook;

/** A {@code when:} expression and where it was written. */
public record Condition(String expression, Location location) {}

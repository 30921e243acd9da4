package nsplay.playbook;

import java.util.List;
import java.util.Objects;

/**
 * One parameter of a task type: its name, type, whether it is required, its default, and for string
 * parameters optionally the allowed values. The same definitions drive validation, the README table
 * and (later) the JSON schema.
 */
public record Param(
    String name,
    ParamType type,
    boolean required,
    Object defaultValue,
    List<String> choices,
    String help) {

  public Param {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    choices = List.copyOf(choices);
    if (required && defaultValue != null) {
      throw new IllegalArgumentException("required parameter " + name + " cannot have a default");
    }
  }

  public static Param required(String name, ParamType type, String help) {
    return new Param(name, type, true, null, List.of(), help);
  }

  public static Param optional(String name, ParamType type, Object defaultValue, String help) {
    return new Param(name, type, false, defaultValue, List.of(), help);
  }

  public static Param choice(String name, String defaultValue, List<String> choices, String help) {
    return new Param(name, ParamType.STRING, false, defaultValue, choices, help);
  }
}

package nsplay.playbook;

import java.util.List;
import java.util.Map;

/**
 * A task as written, before templating and loops: what the engine expands into one {@link TaskDecl}
 * per loop item. Parameters without a template were checked and converted when the file was read
 * ({@code fixed}); the others ({@code templated}) are rendered and checked for each item.
 *
 * @param name the task's name as written (may hold a template); null when not given
 * @param fixed converted values of the parameters without templates, defaults included
 * @param locations where each given parameter's value stands
 * @param templated parameters whose value holds a template, as written
 * @param when conditions that must all hold (an import's conditions are added to its tasks')
 * @param loop the loop: a list or an expression string; null for none
 * @param loopVar the name of the loop variable ({@code item} unless {@code loop_var:} says)
 * @param register variable name for this task's result; null for none
 * @param adopt take over objects the task would create that exist and are not the lab's (they are
 *     used as they are, and down leaves them)
 * @param read how much of the task could be read: a task with problems is still checked for what
 *     does not depend on them (see {@link Read}), and never runs
 */
public record TaskSource(
    String name,
    String type,
    Location location,
    Map<String, Object> fixed,
    Map<String, Location> locations,
    Map<String, RawValue> templated,
    List<Condition> when,
    RawValue loop,
    String loopVar,
    String register,
    List<String> tags,
    boolean ignoreErrors,
    boolean adopt,
    Map<String, RawValue> vars,
    Read read) {

  /** How much of a task the loader could read; anything but {@link #WHOLE} came with a problem. */
  public enum Read {
    /** All of it. */
    WHOLE,
    /**
     * Its type, keywords and every required parameter; some parameters were refused (unknown, or a
     * bad value: an optional one then has its default). What the others name is still checked.
     */
    PARTIAL,
    /**
     * Nothing usable (no type or an unknown one, a bad keyword, a required parameter missing or
     * refused, an import that cannot be read): what it would create is not known, so from here on a
     * namespace or link that nothing creates is not an error.
     */
    UNREAD
  }

  /** A task as written with nothing wrong in it. */
  public TaskSource(
      String name,
      String type,
      Location location,
      Map<String, Object> fixed,
      Map<String, Location> locations,
      Map<String, RawValue> templated,
      List<Condition> when,
      RawValue loop,
      String loopVar,
      String register,
      List<String> tags,
      boolean ignoreErrors,
      boolean adopt,
      Map<String, RawValue> vars) {
    this(
        name,
        type,
        location,
        fixed,
        locations,
        templated,
        when,
        loop,
        loopVar,
        register,
        tags,
        ignoreErrors,
        adopt,
        vars,
        Read.WHOLE);
  }

  /** The place of a task that could not be read (see {@link Read#UNREAD}). */
  public static TaskSource unread(Location location) {
    return new TaskSource(
        null,
        null,
        location,
        Map.of(),
        Map.of(),
        Map.of(),
        List.of(),
        null,
        "item",
        null,
        List.of(),
        false,
        false,
        Map.of(),
        Read.UNREAD);
  }

  /** This task, marked as read in part. */
  TaskSource partial() {
    return new TaskSource(
        name,
        type,
        location,
        fixed,
        locations,
        templated,
        when,
        loop,
        loopVar,
        register,
        tags,
        ignoreErrors,
        adopt,
        vars,
        Read.PARTIAL);
  }

  public TaskSource {
    vars = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
    fixed = Map.copyOf(fixed);
    locations = Map.copyOf(locations);
    templated = Map.copyOf(templated);
    when = List.copyOf(when);
    tags = List.copyOf(tags);
  }

  /** Whether the task can be bound without variables: no template in its name or parameters. */
  public boolean isStatic() {
    return templated.isEmpty() && (name == null || !name.contains("${"));
  }

  /** The name shown for the task: its own, else its type. */
  public String displayName() {
    return name != null ? name : type;
  }

  /**
   * The bound task of a static source (no templates, loop or condition needed).
   *
   * @throws IllegalStateException when the task has templates
   */
  public TaskDecl bindStatic() {
    if (!isStatic()) {
      throw new IllegalStateException("task " + displayName() + " has templates");
    }
    return new TaskDecl(displayName(), type, new Args(fixed, locations, location), location);
  }

  /** The static task's arguments (see {@link #bindStatic}). */
  public Args args() {
    return bindStatic().args();
  }
}

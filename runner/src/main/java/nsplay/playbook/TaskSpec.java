package nsplay.playbook;

import java.util.List;
import java.util.Optional;

/**
 * What the loader must know of a task type: its key, its parameters, and a check of the rules that
 * span several parameters ("via or dev"), so that every input error is found at load time, located,
 * before anything changes.
 */
public record TaskSpec(
    String type,
    String summary,
    List<Param> params,
    Check check,
    java.util.function.Function<Args, List<Ref>> refs) {
  /** A rule over a task's validated parameters. */
  @FunctionalInterface
  public interface Check {
    /** The problem, in words for the user, or null when the arguments are fine. */
    String problem(Args args);
  }

  public TaskSpec {
    params = List.copyOf(params);
  }

  public TaskSpec(String type, String summary, List<Param> params) {
    this(type, summary, params, args -> null, args -> List.of());
  }

  public TaskSpec(String type, String summary, List<Param> params, Check check) {
    this(type, summary, params, check, args -> List.of());
  }

  /** The same spec with what its tasks create and need (see {@link Ref}). */
  public TaskSpec withRefs(java.util.function.Function<Args, List<Ref>> refs) {
    return new TaskSpec(type, summary, params, check, refs);
  }

  public Optional<Param> param(String name) {
    return params.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}

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
    java.util.function.Function<Args, List<Ref>> refs,
    boolean checks,
    KernelNeed needs) {
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
    this(type, summary, params, args -> null, args -> List.of(), false, null);
  }

  public TaskSpec(String type, String summary, List<Param> params, Check check) {
    this(type, summary, params, check, args -> List.of(), false, null);
  }

  /** The same spec with what its tasks create and need (see {@link Ref}). */
  public TaskSpec withRefs(java.util.function.Function<Args, List<Ref>> refs) {
    return new TaskSpec(type, summary, params, check, refs, checks, needs);
  }

  /**
   * The same spec for a task type that creates links of a kind not every kernel has: checked before
   * the run (see {@link KernelNeed}).
   */
  public TaskSpec needing(String linkKind, String config) {
    return new TaskSpec(
        type, summary, params, check, refs, checks, new KernelNeed(linkKind, config));
  }

  /**
   * The same spec for a task type that only checks (ping): it builds nothing later tasks need, so
   * when it fails the run goes on (the failure is counted, and the exit code is 1 at the end). A
   * lab that pings "unreachable" before its routes exist would otherwise stop every later run
   * before the routes that run should repair.
   */
  public TaskSpec asCheck() {
    return new TaskSpec(type, summary, params, check, refs, true, needs);
  }

  public Optional<Param> param(String name) {
    // A loop, not a stream: called per parameter of every loop item, in the interpreter mostly.
    for (Param p : params) {
      if (p.name().equals(name)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

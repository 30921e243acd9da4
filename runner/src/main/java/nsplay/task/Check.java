package nsplay.task;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nsplay.playbook.TaskDecl;

/**
 * The base of the task types that only look (tcp_connect, http_get, route_lookup, command,
 * link_state, addr_present): {@link #observe} reads, {@link #plan} judges the reading (pure, unit
 * tested without root), and nothing is ever applied. A failed check does not stop a run ({@code
 * TaskSpec.asCheck}); in --check mode none runs. Each outcome says what was expected and what was
 * seen, in its message and in its facts ({@code expected}, {@code seen}, and the type's own), which
 * {@code nsplay check}'s PASS/FAIL lines and JUnit report show.
 *
 * @param <O> what the check reads
 */
public abstract class Check<O> extends Task<O, Check.Verdict> {
  /**
   * A check's judgement: never a change.
   *
   * @param facts the type's own facts, for {@code register:} and --json
   */
  public record Verdict(boolean holds, String expected, String seen, Map<String, Object> facts)
      implements Plan {
    public Verdict {
      facts = Map.copyOf(facts);
    }

    @Override
    public List<String> changes() {
      return List.of();
    }
  }

  protected Check(TaskDecl decl) {
    super(decl);
  }

  /** What is checked, for the message: "red -> 10.0.0.2:80", "link eth0 in red". */
  protected abstract String subject();

  @Override
  public final void apply(Context ctx, Verdict plan) {}

  @Override
  public Outcome run(Context ctx) {
    if (ctx.checkMode()) {
      return Outcome.skipped("not run in check mode");
    }
    return outcome(plan(observe(ctx)));
  }

  /** The outcome of a verdict: its message, and its facts with expected and seen. */
  Outcome outcome(Verdict v) {
    String message =
        subject() + ": " + v.seen() + (v.holds() ? "" : " (expected " + v.expected() + ")");
    Map<String, Object> facts = new LinkedHashMap<>(v.facts());
    facts.put("expected", v.expected());
    facts.put("seen", v.seen());
    return (v.holds() ? Outcome.ok(message) : Outcome.failed(message, List.of())).withFacts(facts);
  }

  /** A check has no state of its own to show. */
  @Override
  public String state(Context ctx) {
    return "";
  }
}

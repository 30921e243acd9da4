package nsplay.playbook;

import java.util.HashMap;
import java.util.Map;
import nsplay.template.TemplateError;
import nsplay.template.Templates;

/**
 * Binds a task as written to one concrete task: renders its templated name and parameters with the
 * variables in force, converts and checks the results as the loader checks literal values, and runs
 * the task type's cross-parameter check. Every failure is a located {@link Problem}.
 */
public final class Binder {
  private final Map<String, TaskSpec> specs;
  private final Templates templates;

  public Binder(Map<String, TaskSpec> specs, Templates templates) {
    // Not copied: the registry's map is unmodifiable, and a copy would make every type's spec.
    this.specs = specs;
    this.templates = templates;
  }

  /** A binding failure: the problem, and the undefined variable behind it if that was the cause. */
  public static final class BindException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Problem problem;
    private final String variable;

    BindException(Problem problem, String variable) {
      super(problem.location() + ": " + problem.message());
      this.problem = problem;
      this.variable = variable;
    }

    public Problem problem() {
      return problem;
    }

    /** The undefined variable that made binding fail, or null. */
    public String variable() {
      return variable;
    }
  }

  public TaskDecl bind(TaskSource src, Map<String, Object> vars) throws BindException {
    if (src.isStatic()) {
      return src.bindStatic();
    }
    TaskSpec spec = specs.get(src.type());
    Map<String, Object> values = new HashMap<>(src.fixed());
    for (Map.Entry<String, RawValue> e : src.templated().entrySet()) {
      Param p = spec.param(e.getKey()).orElseThrow();
      Object rendered = render(e.getValue(), vars);
      try {
        values.put(e.getKey(), Params.convertValue(p, rendered));
      } catch (IllegalArgumentException ex) {
        throw new BindException(
            new Problem(
                e.getValue().location(),
                "parameter \""
                    + p.name()
                    + "\" of "
                    + spec.type()
                    + " = "
                    + describe(rendered)
                    + ": "
                    + ex.getMessage(),
                null),
            null);
      }
    }
    Args args = new Args(values, src.locations(), src.location());
    String problem = spec.check().problem(args);
    if (problem != null) {
      throw new BindException(new Problem(src.location(), problem, null), null);
    }
    String name = src.displayName();
    if (name.contains("${")) {
      Object n = render(new RawValue(name, src.location()), vars);
      name = n == null ? src.type() : n.toString();
    }
    return new TaskDecl(name, src.type(), args, src.location());
  }

  /**
   * The playbook under its lab name, its template rendered with {@code vars} (-e over vars:) and
   * checked as a written name is, the result said: the template alone does not show it.
   */
  public Playbook named(Playbook pb, Map<String, Object> vars) throws BindException {
    if (pb.nameTemplate() == null) {
      return pb;
    }
    Object v = render(pb.nameTemplate(), vars);
    String name = v == null ? "" : v.toString();
    String problem = PlaybookLoader.labNameProblem(name);
    if (problem != null) {
      throw new BindException(
          new Problem(
              pb.nameTemplate().location(),
              "the lab's name " + pb.name() + " gives " + problem,
              null),
          null);
    }
    return pb.named(name);
  }

  /** Renders one value; a template error becomes a problem at the value. */
  public Object render(RawValue value, Map<String, Object> vars) throws BindException {
    try {
      return templates.render(value.value(), vars);
    } catch (TemplateError e) {
      throw new BindException(new Problem(value.location(), e.getMessage(), null), e.variable());
    }
  }

  private static String describe(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }
}

package nsplay.template;

/**
 * A template or expression in a playbook could not be evaluated. The message is meant for the
 * playbook author: one line, no Java or FreeMarker stack traces.
 */
public final class TemplateError extends Exception {
  private static final long serialVersionUID = 1L;

  private final String variable;

  public TemplateError(String message) {
    this(message, null);
  }

  public TemplateError(String message, String variable) {
    super(message);
    this.variable = variable;
  }

  /**
   * The undefined variable (e.g. {@code n} or {@code item.name}) when that is what went wrong, so
   * callers can tell "not set yet" apart from real mistakes; otherwise null.
   */
  public String variable() {
    return variable;
  }
}

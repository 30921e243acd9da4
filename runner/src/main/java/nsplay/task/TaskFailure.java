package nsplay.task;

/**
 * A task cannot do what it was asked, for a reason the user must fix (a name taken by something of
 * another kind, a missing link, a failed ping). Its message is shown as the task's result.
 */
public final class TaskFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TaskFailure(String message) {
    super(message);
  }
}

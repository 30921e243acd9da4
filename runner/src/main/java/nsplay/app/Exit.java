package nsplay.app;

/** Exit codes, the same for every command: what scripts and graders test. */
public final class Exit {
  public static final int OK = 0;

  /** A task failed, a lab has drifted, a lock was not had, a removal failed. */
  public static final int FAILED = 1;

  /** Invalid input or command line: nothing was changed. */
  public static final int INVALID = 2;

  /** Stopped by SIGINT (Ctrl-C): 128 + 2, as a shell reports a process that SIGINT ended. */
  public static final int INTERRUPTED = 130;

  private Exit() {}
}

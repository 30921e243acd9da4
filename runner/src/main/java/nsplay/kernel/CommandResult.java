package nsplay.kernel;

/**
 * How a program run inside a namespace ended.
 *
 * @param rc its exit code, or 128+signal when a signal ended it (as a shell says)
 * @param stdout what it wrote to stdout (at most {@link Programs#MAX_OUTPUT} bytes, UTF-8)
 * @param stderr the same for stderr
 * @param timedOut whether it was killed for running past its timeout
 */
public record CommandResult(int rc, String stdout, String stderr, boolean timedOut) {}

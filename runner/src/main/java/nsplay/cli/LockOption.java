package nsplay.cli;

/** {@code --lock-timeout}: how long up and down wait for the lab's lock. */
final class LockOption {
  private LockOption() {}

  static final Syntax.Opt OPT =
      Syntax.Opt.value(
              "SECONDS",
              "how long to wait for another up or down of the same lab (default: 30)",
              "--lock-timeout")
          .withDefault("30");
}

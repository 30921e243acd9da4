package nsplay.cli;

import java.util.List;

/**
 * {@code nsplay man}: prints the manual page nsplay(1) in roff ({@link ManPage}). Not among {@link
 * Main#COMMANDS}: the build runs it to put the page into the packages, and from a clone {@code
 * ./nsplay man | man -l -} reads it.
 */
final class ManCommand implements Command {
  static final String NAME = "man";

  private static final Syntax SYNTAX =
      Syntax.of(
          NAME,
          List.of(
              "Print the manual page nsplay(1) in roff, made from the same definitions as --help.",
              "",
              "Example:",
              "  nsplay man | man -l -"),
          List.of());

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args args, Io io) {
    io.out().print(ManPage.roff());
    io.out().flush();
    return Main.OK;
  }
}

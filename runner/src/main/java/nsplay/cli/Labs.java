package nsplay.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import nsplay.state.Journal;

/** The labs that have state on this machine: one directory each under /run/nsplay. */
final class Labs {
  private Labs() {}

  static List<String> all() {
    if (!Files.isDirectory(Journal.ROOT)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(Journal.ROOT)) {
      return s.filter(p -> Files.exists(p.resolve("journal")))
          .map(p -> p.getFileName().toString())
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

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

  /** The journals of every lab on the machine but {@code lab}: to name who owns what. */
  static java.util.Map<String, List<nsplay.state.Entry>> journalsExcept(String lab) {
    java.util.Map<String, List<nsplay.state.Entry>> out = new java.util.TreeMap<>();
    for (String other : all()) {
      if (!other.equals(lab)) {
        try {
          out.put(other, Journal.readIfExists(Journal.ROOT, other));
        } catch (UncheckedIOException e) {
          // unreadable: it names no owner
        }
      }
    }
    return out;
  }

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

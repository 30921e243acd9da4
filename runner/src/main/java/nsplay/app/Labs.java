package nsplay.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import nsplay.kernel.Kernel;
import nsplay.state.Entry;
import nsplay.state.Journal;

/** The labs that have state on this machine: one directory each under /run/nsplay. */
public final class Labs {
  private Labs() {}

  /** Where labs keep their state: one directory each, and their lock files. */
  public static Path stateDir() {
    return Journal.ROOT;
  }

  /** Where named namespaces are, as `ip netns` names them. */
  public static Path netnsDir() {
    return Kernel.NETNS_DIR;
  }

  /** Every lab with a journal, by name. */
  public static List<String> all() {
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

  /** The journals of every lab on the machine but {@code lab}: to name who owns what. */
  public static Map<String, List<Entry>> journalsExcept(String lab) {
    Map<String, List<Entry>> out = new TreeMap<>();
    for (String other : all()) {
      if (!other.equals(lab)) {
        try {
          out.put(other, Journal.readIfExists(Journal.ROOT, other));
        } catch (UncheckedIOException | nsplay.util.UnsafeStateException e) {
          // unreadable, or not safe to read: it names no owner
        }
      }
    }
    return out;
  }
}

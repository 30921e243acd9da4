package nsplay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Golden files: NAME.yml beside what running it must print. */
public final class Golden {
  private Golden() {}

  /** The NAMEs of the NAME.yml files in {@code dir}, sorted: for @MethodSource. */
  public static Stream<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".yml"))
          .map(n -> n.substring(0, n.length() - 4))
          .sorted()
          .toList()
          .stream();
    }
  }
}

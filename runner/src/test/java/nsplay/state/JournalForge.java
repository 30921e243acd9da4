package nsplay.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * For integration tests that play someone who edits a lab's journal by hand: the exact line the
 * product would write for an entry (JournalCodec is package-private), appended to a journal file.
 */
public final class JournalForge {
  private JournalForge() {}

  /** The line, newline included, that the journal holds for {@code e}. */
  public static String line(Entry e) {
    return JournalCodec.encode(e);
  }

  /** Appends {@code e} to {@code journal} as a whole, valid record. */
  public static void append(Path journal, Entry e) throws IOException {
    Files.writeString(journal, line(e), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
  }
}

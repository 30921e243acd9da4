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

  /** The only lab that is up; "" when none is; null after printing that several are. */
  static String onlyOne(java.io.PrintWriter err) {
    List<String> labs = all();
    if (labs.size() > 1) {
      err.println(
          "nsplay: "
              + labs.size()
              + " labs are up ("
              + String.join(", ", labs)
              + "); say which with --lab NAME");
      return null;
    }
    return labs.isEmpty() ? "" : labs.get(0);
  }

  /**
   * The lab a command is about: the name in a playbook (read leniently: only its name), --lab, or
   * the only lab that is up. "" when none is given and none is up; null after printing why the
   * command line cannot name one.
   */
  static String resolve(Path file, String lab, java.io.PrintWriter err) {
    if (lab != null && file != null) {
      err.println("nsplay: give a playbook or --lab, not both");
      return null;
    }
    if (lab != null) {
      return lab;
    }
    if (file == null) {
      return onlyOne(err);
    }
    try {
      String n = nsplay.playbook.PlaybookLoader.labName(file);
      if (n == null) {
        err.println("nsplay: " + file + ": no lab name found (top-level `name:`)");
      }
      return n;
    } catch (java.nio.file.NoSuchFileException e) {
      err.println("nsplay: " + file + ": no such file");
      return null;
    } catch (IOException e) {
      err.println("nsplay: " + file + ": cannot read: " + e.getMessage());
      return null;
    }
  }
}

package nsplay.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    // A loop, not a stream: every down, status and lab choice asks this once, at start, in the
    // interpreter, where the pipeline's set-up was most of its ~4 ms (async-profiler).
    List<String> labs = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(Journal.ROOT)) {
      for (Path p : s) {
        if (Files.exists(p.resolve("journal"))) {
          labs.add(p.getFileName().toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Collections.sort(labs);
    return Collections.unmodifiableList(labs);
  }

  /**
   * The lab that is up and owns link {@code link} of {@code netns} (null: the lab's host): its
   * journal names the link, or one of its namespaces is the link's, or it set the link's qdisc.
   * Only {@code lab} when given. Null when none does. What `nsplay netem` and `nsplay capture`
   * take.
   */
  public static String owning(String netns, String link, String lab) {
    for (String name : lab != null ? List.of(lab) : all()) {
      nsplay.state.Ledger l = nsplay.state.Ledger.of(Journal.readIfExists(Journal.ROOT, name));
      if (l.head() == null) {
        continue;
      }
      if ((netns != null && l.hasNetns(netns))
          || l.hasLink(netns, link)
          || l.qdisc(netns, link) != null) {
        return name;
      }
    }
    return null;
  }

  /**
   * The lab up that owns {@code link} (see {@link #owning}), or null after telling {@code err} that
   * {@code command} takes only such links: the one refusal of the runtime commands that act on a
   * lab's link ({@code nsplay netem}, {@code nsplay capture}).
   */
  public static String owningOrSay(
      String netns, String link, String lab, String command, java.io.PrintWriter err) {
    String owner = owning(netns, link, lab);
    if (owner == null) {
      err.println(
          "nsplay: link "
              + link
              + linkPlace(netns)
              + " is not a link of a lab that is up"
              + (lab == null ? "" : " (lab " + lab + ")")
              + "; `nsplay "
              + command
              + "` takes only those (see `nsplay status`)");
    }
    return owner;
  }

  /** Where a link named on the command line is, in words: " in red", " on the lab's host". */
  public static String linkPlace(String netns) {
    return netns == null ? " on the lab's host" : " in " + netns;
  }

  /** Whether {@code name} is a glob ({@code classroom-*}) rather than a lab's name. */
  public static boolean isGlob(String name) {
    return name != null
        && (name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0);
  }

  /** The labs with a journal whose names {@code glob} matches, by name. */
  public static List<String> matching(String glob) {
    java.util.regex.Pattern p = globPattern(glob);
    return all().stream().filter(n -> p.matcher(n).matches()).toList();
  }

  /**
   * A shell glob over lab names as a pattern: {@code *} any run of characters, {@code ?} one,
   * {@code [abc]}, {@code [a-z]} and {@code [!abc]} one of (or none of) a set; everything else
   * stands for itself.
   *
   * @throws IllegalArgumentException for an unclosed {@code [}
   */
  public static java.util.regex.Pattern globPattern(String glob) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        case '[' -> {
          int end = glob.indexOf(']', i + 2);
          if (end < 0) {
            throw new IllegalArgumentException("glob \"" + glob + "\": [ without ]");
          }
          String set = glob.substring(i + 1, end);
          boolean negated = set.startsWith("!") || set.startsWith("^");
          if (negated) {
            set = set.substring(1);
          }
          re.append('[').append(negated ? "^" : "");
          for (char s : set.toCharArray()) {
            re.append(Character.isLetterOrDigit(s) || s == '-' ? String.valueOf(s) : "\\" + s);
          }
          re.append(']');
          i = end;
        }
        default -> re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return java.util.regex.Pattern.compile(re.toString());
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

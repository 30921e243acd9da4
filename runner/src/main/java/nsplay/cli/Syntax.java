package nsplay.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One command's command line: its options and operands, parsed into {@link Args}, and the help text
 * and completion words made from the same declarations, so that they cannot disagree.
 *
 * <p>Hand-written rather than picocli: picocli's classes are Java 5 class files, which class data
 * sharing cannot archive, and it builds its model by reflection at every start. Together that was
 * about 150 ms of every nsplay command, a third of bringing up the seed lab (issue #6).
 *
 * <p>What it accepts is the usual GNU shape: {@code --name value}, {@code --name=value}, {@code -n
 * value}, {@code -nvalue}, clustered short flags ({@code -CD}), options before, between or after
 * operands, and {@code --} to end the options.
 */
record Syntax(String name, List<String> description, List<Opt> options, List<Operand> operands) {
  /** Longest help line: fits an 80-column terminal without touching its last column. */
  static final int WIDTH = 79;

  /** Column where option and command descriptions start. */
  private static final int DESCRIPTION_COLUMN = 23;

  static final Opt HELP = Opt.flag("show this help message and exit", "-h", "--help");
  static final Opt VERSION = Opt.flag("print version information and exit", "-V", "--version");

  Syntax {
    Objects.requireNonNull(name, "name");
    description = List.copyOf(description);
    List<Opt> all = new ArrayList<>(options);
    all.add(HELP);
    all.add(VERSION);
    options = List.copyOf(all);
    operands = List.copyOf(operands);
    for (int i = 0; i < operands.size() - 1; i++) {
      if (operands.get(i).rest()) {
        throw new IllegalArgumentException(name + ": only the last operand can take the rest");
      }
    }
  }

  /** A command with these options and operands; -h and -V are added to every command. */
  static Syntax of(String name, List<String> description, List<Opt> options, Operand... operands) {
    return new Syntax(name, description, options, Arrays.asList(operands));
  }

  /**
   * An option: a flag when {@code label} is null, else it takes a value. {@code choices} are what
   * completion offers for the value: words, or {@link CompletionCommand#LABS} or {@link
   * CompletionCommand#NETNS}.
   */
  record Opt(
      List<String> names,
      String label,
      String help,
      boolean repeatable,
      String defaultValue,
      List<String> choices) {
    /** Compiled once: every option of every command is checked as the classes initialise. */
    private static final Pattern NAME = Pattern.compile("-[a-zA-Z]|--[a-z][a-z-]*");

    Opt {
      names = List.copyOf(names);
      choices = List.copyOf(choices);
      for (String n : names) {
        if (!NAME.matcher(n).matches()) {
          throw new IllegalArgumentException("bad option name " + n);
        }
      }
    }

    static Opt flag(String help, String... names) {
      return new Opt(List.of(names), null, help, false, null, List.of());
    }

    static Opt value(String label, String help, String... names) {
      return new Opt(List.of(names), label, help, false, null, List.of());
    }

    /** The same option, accepted any number of times (the values are kept in order). */
    Opt repeated() {
      return new Opt(names, label, help, true, defaultValue, choices);
    }

    /** The same option with a value when it is not given. */
    Opt withDefault(String value) {
      return new Opt(names, label, help, repeatable, value, choices);
    }

    /** The same option, with the values completion offers. */
    Opt choices(String... values) {
      return new Opt(names, label, help, repeatable, defaultValue, List.of(values));
    }

    boolean takesValue() {
      return label != null;
    }

    /** The long name, or the short one when there is no long name: how options are keyed. */
    String key() {
      return names.get(names.size() - 1);
    }

    String shortName() {
      return names.get(0).length() == 2 ? names.get(0) : null;
    }
  }

  /**
   * An operand: {@code optional} ones may be left out, and the last one may take the {@code rest}
   * of the command line as it is (exec's command and its own options). {@code choices} as for
   * options; none means files.
   */
  record Operand(String label, String help, boolean optional, boolean rest, List<String> choices) {
    Operand {
      choices = List.copyOf(choices);
    }

    static Operand required(String label, String help) {
      return new Operand(label, help, false, false, List.of());
    }

    static Operand optional(String label, String help) {
      return new Operand(label, help, true, false, List.of());
    }

    static Operand rest(String label, String help) {
      return new Operand(label, help, false, true, List.of());
    }

    Operand choices(String... values) {
      return new Operand(label, help, optional, rest, List.of(values));
    }
  }

  /** A mistake on the command line; the message is what picocli users know, e.g. "Unknown…". */
  static final class UsageError extends Exception {
    private static final long serialVersionUID = 1L;

    UsageError(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code args[from..]}. Help and version requests are ordinary flags here: the caller
   * looks for them before it looks at anything else.
   */
  Args parse(String[] args, int from) throws UsageError {
    Args out = new Args();
    List<String> words = new ArrayList<>();
    boolean optionsEnded = false;
    boolean hasRest = !operands.isEmpty() && operands.get(operands.size() - 1).rest();
    for (int i = from; i < args.length; i++) {
      String a = args[i];
      // Once the rest operand has begun, everything is its own (exec's command and options).
      boolean inRest = hasRest && words.size() >= operands.size();
      if (inRest || optionsEnded || !a.startsWith("-") || a.equals("-")) {
        words.add(a);
        continue;
      }
      if (a.equals("--")) {
        optionsEnded = true;
        continue;
      }
      if (a.startsWith("--")) {
        int eq = a.indexOf('=');
        String n = eq < 0 ? a : a.substring(0, eq);
        Opt o = find(n);
        if (o == null) {
          throw new UsageError("unknown option '" + n + "'" + suggestion(n));
        }
        if (!o.takesValue()) {
          if (eq >= 0) {
            throw new UsageError("Option '" + n + "' takes no value, got '" + a + "'");
          }
          out.set(o, null);
        } else if (eq >= 0) {
          out.set(o, a.substring(eq + 1));
        } else {
          out.set(o, valueAfter(args, ++i, o, n));
        }
        continue;
      }
      // -CD (flags), -e value, -evalue, -Ce value
      for (int c = 1; c < a.length(); c++) {
        String n = "-" + a.charAt(c);
        Opt o = find(n);
        if (o == null) {
          String shown = c == 1 ? a : n;
          throw new UsageError("unknown option '" + shown + "'" + suggestion(shown));
        }
        if (!o.takesValue()) {
          out.set(o, null);
          continue;
        }
        String attached = a.substring(c + 1);
        if (attached.startsWith("=")) {
          attached = attached.substring(1);
        }
        out.set(o, attached.isEmpty() ? valueAfter(args, ++i, o, n) : attached);
        break;
      }
    }
    if (out.has(HELP) || out.has(VERSION)) {
      return out;
    }
    int min = (int) operands.stream().filter(o -> !o.optional()).count();
    if (words.size() < min) {
      throw new UsageError(
          "Missing required parameter: '" + operands.get(words.size()).label() + "'");
    }
    if (!hasRest && words.size() > operands.size()) {
      String extra = words.get(operands.size());
      throw new UsageError("Unexpected argument: '" + extra + "'");
    }
    out.operands(words);
    for (Opt o : options) {
      if (o.defaultValue() != null && !out.has(o)) {
        out.set(o, o.defaultValue());
      }
    }
    return out;
  }

  private static String valueAfter(String[] args, int i, Opt o, String given) throws UsageError {
    if (i >= args.length) {
      throw new UsageError(
          "Missing required parameter for option '" + given + "' (" + o.label() + ")");
    }
    return args[i];
  }

  private Opt find(String name) {
    for (Opt o : options) {
      if (o.names().contains(name)) {
        return o;
      }
    }
    return null;
  }

  /**
   * "; did you mean '--check'?" for a misspelt long option; single letters are not guessed. Options
   * are often shortened rather than misspelt ({@code --host-ns} for {@code --host-netns}), so a
   * long option also finds the one it is a prefix of, or one within a third of its length.
   */
  private String suggestion(String given) {
    if (!given.startsWith("--")) {
      return "";
    }
    List<String> names = new ArrayList<>();
    options.forEach(o -> names.addAll(o.names()));
    String close = didYouMean(given, names);
    if (!close.isEmpty()) {
      return close;
    }
    List<String> longer = names.stream().filter(n -> n.startsWith(given)).toList();
    if (longer.size() == 1) {
      return "; did you mean '" + longer.get(0) + "'?";
    }
    String best = null;
    int bestDistance = given.length() / 3 + 1;
    for (String n : names) {
      int d = nsplay.playbook.Suggest.distance(given, n);
      if (d < bestDistance) {
        best = n;
        bestDistance = d;
      }
    }
    return best == null ? "" : "; did you mean '" + best + "'?";
  }

  /** "; did you mean 'x'?" when a known word is close to {@code given}, else "". */
  static String didYouMean(String given, List<String> known) {
    return nsplay.playbook.Suggest.closest(given, known)
        .map(s -> "; did you mean '" + s + "'?")
        .orElse("");
  }

  // ---- help

  /** The synopsis, laid out as picocli did: short flags in one cluster, other options, operands. */
  String synopsis(String program) {
    StringBuilder flags = new StringBuilder();
    List<String> parts = new ArrayList<>();
    List<Opt> sorted = sorted();
    for (Opt o : sorted) {
      if (!o.takesValue() && o.shortName() != null) {
        flags.append(o.shortName().charAt(1));
      }
    }
    if (flags.length() > 0) {
      parts.add("[-" + flags + "]");
    }
    for (Opt o : sorted) {
      if (o.takesValue()) {
        parts.add("[" + o.names().get(0) + "=" + o.label() + "]" + (o.repeatable() ? "..." : ""));
      } else if (o.shortName() == null) {
        parts.add("[" + o.key() + "]");
      }
    }
    for (Operand p : operands) {
      parts.add(shown(p));
    }
    String head = "Usage: " + program + (name.isEmpty() ? "" : " " + name);
    return fill(head, parts, head.length() + 1);
  }

  /** The options in help's order: by name, ignoring dashes and case, lower case first. */
  List<Opt> sorted() {
    List<Opt> out = new ArrayList<>(options);
    out.sort(
        (a, b) -> {
          String x = a.names().get(0).replace("-", "");
          String y = b.names().get(0).replace("-", "");
          int c = x.toLowerCase(Locale.ROOT).compareTo(y.toLowerCase(Locale.ROOT));
          return c != 0 ? c : -x.compareTo(y); // -v before -V
        });
    return out;
  }

  /** An operand as the synopsis shows it: FILE, [FILE], COMMAND... */
  static String shown(Operand p) {
    String l = p.rest() ? p.label() + "..." : p.label();
    return p.optional() ? "[" + l + "]" : l;
  }

  /** The whole --help text. */
  String help(String program) {
    StringBuilder out = new StringBuilder(synopsis(program));
    for (String paragraph : description) {
      out.append(wrap(paragraph));
    }
    for (Operand p : operands) {
      out.append(item("      " + shown(p), p.help()));
    }
    for (Opt o : sorted()) {
      StringBuilder left = new StringBuilder();
      String shortName = o.shortName();
      left.append(
          shortName == null ? "      " : "  " + shortName + (o.names().size() > 1 ? ", " : ""));
      if (o.names().size() > 1 || shortName == null) {
        left.append(o.key());
      }
      if (o.takesValue()) {
        left.append('=').append(o.label());
      }
      out.append(item(left.toString(), o.help()));
    }
    return out.toString();
  }

  /** A term and its description in two columns; the description on the next line if need be. */
  static String item(String term, String help) {
    return item(term, help, DESCRIPTION_COLUMN);
  }

  static String item(String term, String help, int column) {
    List<String> words = Arrays.asList(help.split(" "));
    if (term.length() + 1 > column) {
      return term + "\n" + fill(" ".repeat(column), words, column);
    }
    return fill(term + " ".repeat(column - term.length()), words, column);
  }

  /** A paragraph wrapped at {@link #WIDTH}; example lines (leading spaces) are kept as they are. */
  static String wrap(String text) {
    if (text.isEmpty() || text.startsWith(" ")) {
      return text + "\n";
    }
    return fill("", Arrays.asList(text.split(" ")), 0);
  }

  /**
   * {@code head} followed by {@code words}, wrapped at {@link #WIDTH} with continuation lines
   * indented by {@code indent}; a word longer than a line gets a line of its own.
   */
  private static String fill(String head, List<String> words, int indent) {
    StringBuilder out = new StringBuilder();
    StringBuilder line = new StringBuilder(head);
    int onLine = 0;
    for (String w : words) {
      boolean space = line.length() > 0 && line.charAt(line.length() - 1) != ' ';
      if (onLine > 0 && line.length() + (space ? 1 : 0) + w.length() > WIDTH) {
        out.append(line).append('\n');
        line = new StringBuilder(" ".repeat(indent));
        onLine = 0;
        space = false;
      }
      line.append(space ? " " : "").append(w);
      onLine++;
    }
    return out.append(line).append('\n').toString();
  }
}

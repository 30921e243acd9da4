package nsplay.cli;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nsplay.playbook.TaskSpec;
import nsplay.task.TaskRegistry;

/**
 * The manual page nsplay(1), in roff, made from the definitions {@code --help} prints: every
 * command of {@link Main#COMMANDS} with its synopsis, description, examples, operands and options
 * (its {@link Syntax}), the task types (the {@link TaskSpec}s {@code nsplay types} lists), the exit
 * codes and files ({@link Topics}). A command added to the registry appears here without a line
 * written for it; {@code ManPageTest} checks that the two agree. The build writes it to the
 * packages with the hidden command {@code nsplay man}.
 */
final class ManPage {
  /** `code` in descriptions: set in bold. */
  private static final Pattern CODE = Pattern.compile("`([^`]+)`");

  private ManPage() {}

  /** The whole page. */
  static String roff() {
    StringBuilder m = new StringBuilder();
    String version = BuildInfo.version();
    m.append(".\\\" nsplay(1), made by `nsplay man` from the definitions of nsplay's --help.\n")
        .append(".TH NSPLAY 1 \"\" \"nsplay ")
        .append(escape(version))
        .append("\" \"User Commands\"\n")
        // No hyphenation, ragged right: option names and paths stay whole and unstretched.
        .append(".nh\n.ad l\n");
    List<String> top = Main.TOP.description();
    String summary = top.get(0);
    m.append(".SH NAME\n")
        .append("nsplay \\- ")
        .append(escape(Character.toLowerCase(summary.charAt(0)) + trimDot(summary.substring(1))))
        .append('\n');
    m.append(".SH SYNOPSIS\n");
    m.append(synopsisLine("nsplay", "\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIOPERANDS\\fR]"));
    m.append(".br\n");
    m.append(synopsisLine("nsplay", flatSynopsis(Main.TOP)));
    m.append(".SH DESCRIPTION\n");
    paragraphs(m, top);
    m.append(".PP\n")
        .append(
            escape(
                "Every command takes -h (--help), which prints what this page says of it, and -V"
                    + " (--version). Options take the usual forms (--lab x, --lab=x, -e n=5,"
                    + " -en=5, -CD), before or after the operands; -- ends them."))
        .append('\n');
    m.append(".SH OPTIONS\n");
    options(m, Main.TOP);
    m.append(".SH COMMANDS\n");
    for (String name : Main.COMMANDS) {
      command(m, name, Main.command(name).syntax());
    }
    m.append(".SH \"TASK TYPES\"\n")
        .append(
            text(
                "Each task of a playbook has exactly one of these types, with these parameters"
                    + " (`nsplay types` prints the same); `netns` omitted means the host, or the"
                    + " --host-netns namespace."))
        .append('\n');
    for (TaskSpec spec : TaskRegistry.specs().values()) {
      m.append(".TP\n.B ").append(escape(spec.type())).append('\n');
      m.append(escape(spec.summary())).append('\n');
      m.append(".RS\n");
      for (String[] row : TypesCommand.rows(spec)) {
        m.append(".TP\n\\fB")
            .append(escape(row[0]))
            .append("\\fR (")
            .append(escape(row[1]))
            .append(")\n")
            .append(escape(row[2]))
            .append('\n');
      }
      m.append(".RE\n");
    }
    m.append(".SH \"EXIT STATUS\"\n");
    items(m, Topics.EXIT_CODES);
    m.append(".SH ENVIRONMENT\n");
    items(m, Topics.ENVIRONMENT);
    m.append(".SH FILES\n");
    items(m, Topics.FILES);
    m.append(".SH \"SEE ALSO\"\n")
        .append(".BR ip (8),\n.BR ip\\-netns (8),\n.BR nft (8),\n.BR tc (8)\n");
    return m.toString();
  }

  private static void command(StringBuilder m, String name, Syntax syntax) {
    m.append(".SS ").append(escape(name)).append('\n');
    m.append(synopsisLine("nsplay " + name, flatSynopsis(syntax)));
    paragraphs(m, syntax.description());
    if (!syntax.operands().isEmpty()) {
      m.append(".PP\nOperands:\n");
      for (Syntax.Operand p : syntax.operands()) {
        m.append(".TP\n\\fI").append(escape(Syntax.shown(p))).append("\\fR\n");
        m.append(escape(p.help())).append('\n');
      }
    }
    m.append(".PP\nOptions:\n");
    options(m, syntax);
  }

  private static void options(StringBuilder m, Syntax syntax) {
    for (Syntax.Opt o : syntax.sorted()) {
      m.append(".TP\n").append(optionTerm(o)).append('\n');
      m.append(escape(o.help())).append('\n');
    }
  }

  /** {@code -e, --extra-vars=NAME=VALUE}: the names in bold, the value's label in italics. */
  static String optionTerm(Syntax.Opt o) {
    StringBuilder t = new StringBuilder();
    for (String n : o.names()) {
      if (t.length() > 0) {
        t.append(", ");
      }
      t.append("\\fB").append(escape(n)).append("\\fR");
    }
    if (o.takesValue()) {
      t.append("=\\fI").append(escape(o.label())).append("\\fR");
    }
    if (o.repeatable()) {
      t.append(" ...");
    }
    return t.toString();
  }

  /** The synopsis of --help, on one line, without its "Usage: nsplay CMD" head. */
  private static String flatSynopsis(Syntax syntax) {
    String s = syntax.synopsis("nsplay").replaceAll("\\s+", " ").trim();
    String head = ("Usage: nsplay " + syntax.name()).trim();
    return escape(s.substring(head.length()).trim());
  }

  private static String synopsisLine(String program, String rest) {
    return ".PP\n\\fB" + escape(program) + "\\fR " + rest + "\n";
  }

  /**
   * A description as help has it: paragraphs, and blocks of example lines (indented), each block
   * kept as it is.
   */
  private static void paragraphs(StringBuilder m, List<String> description) {
    boolean inBlock = false;
    for (String line : description) {
      boolean example = line.startsWith(" ");
      if (example && !inBlock) {
        m.append(".PP\n.RS 4\n.nf\n");
        inBlock = true;
      } else if (!example && inBlock) {
        m.append(".fi\n.RE\n");
        inBlock = false;
      }
      if (example) {
        m.append(escape(line.strip())).append('\n');
      } else if (!line.isEmpty()) {
        m.append(".PP\n").append(text(line)).append('\n');
      }
    }
    if (inBlock) {
      m.append(".fi\n.RE\n");
    }
  }

  private static void items(StringBuilder m, List<Map.Entry<String, String>> items) {
    for (Map.Entry<String, String> e : items) {
      m.append(".TP\n.B ").append(escape(e.getKey())).append('\n');
      m.append(text(e.getValue())).append('\n');
    }
  }

  /** Prose: escaped, with `code` in bold. */
  private static String text(String s) {
    return CODE.matcher(escape(s)).replaceAll("\\\\fB$1\\\\fR");
  }

  /**
   * Text that roff prints as it is: backslashes and hyphens escaped, and a leading dot or quote
   * kept from being read as a request.
   */
  static String escape(String s) {
    String e = s.replace("\\", "\\e").replace("-", "\\-");
    return e.startsWith(".") || e.startsWith("'") ? "\\&" + e : e;
  }

  private static String trimDot(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}

package nsplay.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import nsplay.app.Labs;

final class CompletionCommand implements Command {
  /** A value completed with the names of the labs that are up (their /run/nsplay folders). */
  static final String LABS = "$labs";

  /** A value completed with the names of the network namespaces (/run/netns). */
  static final String NETNS = "$netns";

  private static final Syntax SYNTAX =
      Syntax.of(
          "completion",
          List.of(
              "Print a bash completion script for nsplay's commands and options.",
              "Load it into the current shell, or install it for every shell. It completes"
                  + " commands, options, report and graph formats, lab names (after --lab) and"
                  + " namespace names (exec, --host-netns), and files elsewhere.",
              "",
              "Example:",
              "  source <(nsplay completion)",
              "  nsplay completion > /etc/bash_completion.d/nsplay"),
          List.of());

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args args, Io io) {
    io.out().print(script());
    io.out().flush();
    return Main.OK;
  }

  /**
   * The script, made from the same {@link Syntax} declarations that parse the command line, so it
   * completes exactly what nsplay accepts. Where it offers nothing, bash completes file names.
   */
  static String script() {
    StringBuilder s = new StringBuilder();
    s.append("# bash completion for nsplay, printed by `nsplay completion`:\n")
        .append("#   source <(nsplay completion)\n")
        .append("_nsplay_words() {\n")
        .append("  case $1 in\n")
        .append("    '")
        .append(LABS)
        .append("') (shopt -s nullglob; for d in ")
        .append(Labs.stateDir())
        .append("/*/; do d=${d%/}; echo \"${d##*/}\"; done) ;;\n")
        .append("    '")
        .append(NETNS)
        .append("') (shopt -s nullglob; for d in ")
        .append(Labs.netnsDir())
        .append("/*; do echo \"${d##*/}\"; done) ;;\n")
        .append("    *) echo \"$1\" ;;\n")
        .append("  esac\n")
        .append("}\n")
        .append("_nsplay() {\n")
        .append("  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n")
        .append("  local cmd=${COMP_WORDS[1]} opts='' valued='' operands=() i n=0 w\n")
        .append("  COMPREPLY=()\n")
        .append("  if (( COMP_CWORD == 1 )); then\n")
        .append("    COMPREPLY=($(compgen -W '")
        .append(String.join(" ", Main.COMMANDS))
        .append(" -h --help -V --version' -- \"$cur\"))\n")
        .append("    return\n")
        .append("  fi\n")
        .append("  case $cmd in\n");
    for (String name : Main.COMMANDS) {
      Syntax syntax = Main.command(name).syntax();
      List<String> all = new ArrayList<>();
      List<String> valued = new ArrayList<>();
      s.append("    ").append(name).append(")\n");
      // After an option that takes a value: its choices, or nothing (then bash offers files).
      List<String> free = new ArrayList<>();
      StringBuilder arms = new StringBuilder();
      for (Syntax.Opt o : syntax.options()) {
        all.addAll(o.names());
        if (o.takesValue()) {
          valued.addAll(o.names());
          if (o.choices().isEmpty()) {
            free.addAll(o.names());
          } else {
            arms.append("        ")
                .append(String.join("|", o.names()))
                .append(") ")
                .append(offer(o.choices()))
                .append("return ;;\n");
          }
        }
      }
      if (!free.isEmpty()) {
        arms.append("        ").append(String.join("|", free)).append(") return ;;\n");
      }
      if (arms.length() > 0) {
        s.append("      case $prev in\n").append(arms).append("      esac\n");
      }
      s.append("      opts='").append(String.join(" ", all)).append("'\n");
      s.append("      valued=' ").append(String.join(" ", valued)).append(" '\n");
      s.append("      operands=(")
          .append(
              syntax.operands().stream()
                  .map(p -> "'" + (p.rest() ? "..." : String.join(" ", p.choices())) + "'")
                  .collect(Collectors.joining(" ")))
          .append(") ;;\n");
    }
    s.append("    *) return ;;\n")
        .append("  esac\n")
        // Which operand is being typed: words so far that are neither options nor their values.
        .append("  for (( i = 2; i < COMP_CWORD; i++ )); do\n")
        .append("    w=${COMP_WORDS[i]}\n")
        .append("    if [[ ${operands[n]} == ... ]]; then return; fi\n")
        .append("    if [[ $w == -* ]]; then\n")
        .append("      [[ $w != *=* && $valued == *\" $w \"* ]] && (( i++ ))\n")
        .append("    else\n")
        .append("      (( n++ ))\n")
        .append("    fi\n")
        .append("  done\n")
        .append("  if [[ ${operands[n]} == ... ]]; then return; fi\n")
        .append("  if [[ $cur == -* ]]; then\n")
        .append("    COMPREPLY=($(compgen -W \"$opts\" -- \"$cur\"))\n")
        .append("  elif [[ -n ${operands[n]} ]]; then\n")
        .append(
            "    COMPREPLY=($(compgen -W \"$(for w in ${operands[n]}; do _nsplay_words $w; done)\"")
        .append(" -- \"$cur\"))\n")
        .append("  fi\n")
        .append("}\n")
        .append("complete -o default -F _nsplay nsplay\n");
    return s.toString();
  }

  /** The bash that offers {@code choices} for the word being completed; none: files. */
  private static String offer(List<String> choices) {
    if (choices.isEmpty()) {
      return "";
    }
    return "COMPREPLY=($(compgen -W \"$(for w in "
        + quoted(choices)
        + "; do _nsplay_words $w; done)\" -- \"$cur\")); ";
  }

  /** Words in single quotes, so that $labs and $netns reach _nsplay_words unexpanded. */
  private static String quoted(List<String> words) {
    return words.stream().map(w -> "'" + w + "'").collect(Collectors.joining(" "));
  }
}

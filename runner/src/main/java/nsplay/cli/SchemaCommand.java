package nsplay.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nsplay.schema.PlaybookSchema;
import nsplay.task.TaskRegistry;

final class SchemaCommand implements Command {
  static final Syntax.Opt OUTPUT =
      Syntax.Opt.value(
          "FILE", "write the schema to FILE instead of standard output", "-o", "--output");

  private static final Syntax SYNTAX =
      Syntax.of(
          "schema",
          List.of(
              "Print the JSON Schema (draft-07) of playbooks, for editors.",
              "It is made from the task definitions `nsplay validate` checks against: an editor"
                  + " with the YAML language server (e.g. VS Code's YAML extension) then completes"
                  + " task types and parameters, shows their help, and marks what validate would"
                  + " reject.",
              "",
              "Example:",
              "  nsplay schema -o playbooks/nsplay.schema.json",
              "  # and as the first line of a playbook in that directory:",
              "  # yaml-language-server: $schema=./nsplay.schema.json"),
          List.of(OUTPUT));

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  @Override
  public int run(Args a, Io io) {
    Path output = a.path(OUTPUT);
    String json = PlaybookSchema.json(TaskRegistry.specs());
    if (output == null) {
      io.out().print(json);
      io.out().flush();
      return Main.OK;
    }
    try {
      Files.writeString(output, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      io.err().println("nsplay: " + output + ": cannot write: " + e);
      return Main.INVALID;
    }
    return Main.OK;
  }
}

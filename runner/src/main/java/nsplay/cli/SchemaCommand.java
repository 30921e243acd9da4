package nsplay.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nsplay.schema.PlaybookSchema;
import nsplay.task.TaskRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = {
      "Print the JSON Schema (draft-07) of playbooks, for editors.",
      "It is made from the task definitions `nsplay validate` checks against: an editor with the YAML language server (e.g. VS Code's YAML extension) then completes task types and parameters, shows their help, and marks what validate would reject.",
      "",
      "Example:",
      "  nsplay schema -o playbooks/nsplay.schema.json",
      "  # and as the first line of a playbook in that directory:",
      "  # yaml-language-server: $schema=./nsplay.schema.json"
    })
final class SchemaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "write the schema to FILE instead of standard output")
  Path output;

  @Override
  public Integer call() {
    String json = PlaybookSchema.json(TaskRegistry.specs());
    if (output == null) {
      spec.commandLine().getOut().print(json);
      spec.commandLine().getOut().flush();
      return Main.OK;
    }
    try {
      Files.writeString(output, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      spec.commandLine().getErr().println("nsplay: " + output + ": cannot write: " + e);
      return Main.INVALID;
    }
    return Main.OK;
  }
}

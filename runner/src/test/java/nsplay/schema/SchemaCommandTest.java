package nsplay.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nsplay.cli.CliRun;
import nsplay.task.TaskRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaCommandTest {
  @TempDir Path dir;

  @Test
  void printsTheSchema() {
    assertEquals(new CliRun(0, PlaybookSchema.json(TaskRegistry.specs()), ""), CliRun.of("schema"));
  }

  @Test
  void writesAFile() throws Exception {
    Path f = dir.resolve("nsplay.schema.json");
    assertEquals(new CliRun(0, "", ""), CliRun.of("schema", "-o", f.toString()));
    assertEquals(
        PlaybookSchema.json(TaskRegistry.specs()), Files.readString(f, StandardCharsets.UTF_8));
    // Again, over the old file: same bytes.
    assertEquals(new CliRun(0, "", ""), CliRun.of("schema", "--output", f.toString()));
    assertEquals(
        PlaybookSchema.json(TaskRegistry.specs()), Files.readString(f, StandardCharsets.UTF_8));
  }

  @Test
  void aFileThatCannotBeWrittenIsAnInputError() {
    Path f = dir.resolve("no-such-dir").resolve("s.json");
    CliRun r = CliRun.of("schema", "-o", f.toString());
    assertEquals(2, r.code());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("nsplay: " + f + ": cannot write: "), r.err());
  }

  @Test
  void helpShowsHowToUseItWithTheYamlLanguageServer() {
    CliRun r = CliRun.of("schema", "--help");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("Usage: nsplay schema [-hV] [-o=FILE]\n"), r.out());
    assertTrue(r.out().contains("\n  # yaml-language-server: $schema=./nsplay.schema.json\n"));
    for (String line : r.out().split("\n")) {
      assertTrue(line.length() < 80, line);
    }
  }

  @Test
  void listedInTheTopLevelHelp() {
    assertTrue(CliRun.of("--help").out().contains("\n  schema  "));
  }
}

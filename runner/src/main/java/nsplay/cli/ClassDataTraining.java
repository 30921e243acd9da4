package nsplay.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The training run for the class data sharing archive that the {@code nsplay} launcher makes once
 * per build ({@code -XX:ArchiveClassesAtExit}): the archive holds the classes this run loads, and
 * classes in it load several times faster. It needs no root and changes nothing.
 *
 * <p>It validates a playbook with templates and prints help, completion and schema to nowhere,
 * which loads the library classes that runs use (SnakeYAML, FreeMarker, Jackson) the way runs use
 * them; then it loads, without initialising, every nsplay class, so that {@code up} and {@code
 * down}, which need root to run, find theirs in the archive too.
 *
 * <p>With {@code --real LAB}, given only by the launcher when it runs as root and has put this
 * process in mount and network namespaces of its own (with empty /run/netns and /run/nsplay), it
 * first brings the lab up, runs it again, asks for its status and connectivity, grades it with
 * {@code nsplay check FILE} (every check type, text with --junit and --json) and takes it down, for
 * real: that also archives the lambdas and method handles those paths link, which a run would
 * otherwise spin at every start (measured on the seed lab: up ~20 ms faster, re-up ~8, down ~13;
 * {@code check FILE --junit} with six checks ~40 ms less CPU, a tenth). Nothing of it is seen
 * outside those namespaces, and nothing outlives the process.
 */
public final class ClassDataTraining {
  private ClassDataTraining() {}

  /**
   * One check of each type against playbooks/seed-lab.yml's lab (its names and addresses): the
   * grader's run, whether each passes or not (the http_get finds no server and fails, as a
   * student's may).
   */
  static final String GRADER_CHECKS =
      String.join(
          "\n",
          "name: seed",
          "tasks:",
          "  - ping: { from: red, to: 192.168.15.2, count: 1 }",
          "  - addr_present: { netns: red, link: veth-red, address: 192.168.15.1/24 }",
          "  - link_state: { link: veth-red-br, up: true, master: v-net-0 }",
          "  - route_lookup: { netns: red, to: 192.168.15.2, dev: veth-red }",
          "  - tcp_connect: { from: red, to: 192.168.15.2, port: 22, expect: closed }",
          "  - http_get: { from: red, url: \"http://192.168.15.2:8080/\", contains: x }",
          "  - command: { netns: red, argv: [echo, ok], stdout_matches: \"^ok$\" }",
          "");

  public static void main(String[] args) throws IOException, URISyntaxException {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    if (args.length == 3 && args[1].equals("--real")) {
      Path dir = Files.createTempDirectory("nsplay-training");
      Path checks = Files.writeString(dir.resolve("checks.yml"), GRADER_CHECKS);
      Path junit = dir.resolve("junit.xml");
      for (String[] run :
          new String[][] {
            {"up", args[2]},
            {"up", args[2]},
            {"status"},
            {"status", "-v"},
            {"status", "--json"},
            {"check"},
            {"check", checks.toString(), "--junit", junit.toString()},
            {"check", checks.toString(), "--json"},
            {"down"}
          }) {
        Main.run(run, none, none);
      }
      Files.deleteIfExists(junit);
      Files.delete(checks);
      Files.delete(dir);
    }
    for (String[] run :
        new String[][] {
          {"validate", args[0]}, {"--help"}, {"up", "--help"}, {"completion"}, {"schema"}
        }) {
      Main.run(run, none, none);
    }
    Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    ClassLoader loader = Main.class.getClassLoader();
    try (ZipFile z = new ZipFile(jar.toFile())) {
      for (ZipEntry e : Collections.list(z.entries())) {
        String n = e.getName();
        if (n.startsWith("nsplay/") && n.endsWith(".class")) {
          try {
            Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, loader);
          } catch (ClassNotFoundException | LinkageError skipped) {
            // a class that cannot load here is simply not archived
          }
        }
      }
    }
  }
}

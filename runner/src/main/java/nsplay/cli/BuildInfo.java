package nsplay.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What the build recorded about itself (the resource {@value #RESOURCE}, written by the runner's
 * pom from the project's version and {@code git rev-parse}), and the line {@code nsplay --version}
 * prints from it. Loaded only by {@code --version} and the man page.
 */
final class BuildInfo {
  static final String RESOURCE = "/nsplay/build.properties";

  private BuildInfo() {}

  /** {@code nsplay 0.2.0 (abc1234) java 17.0.15 linux 6.18.4}. */
  static String versionLine() {
    return "nsplay "
        + version()
        + " ("
        + commit()
        + ") java "
        + System.getProperty("java.version")
        + " "
        + System.getProperty("os.name").toLowerCase(Locale.ROOT)
        + " "
        + System.getProperty("os.version");
  }

  /** The project's version, or {@code unknown} when the resource is missing. */
  static String version() {
    return value("version");
  }

  /** The git commit the build was made from (abbreviated), or {@code unknown} outside git. */
  static String commit() {
    return value("commit");
  }

  /** A {@code key=value} line of the resource; not java.util.Properties, for two lines. */
  private static String value(String key) {
    try (InputStream in = BuildInfo.class.getResourceAsStream(RESOURCE)) {
      if (in != null) {
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
          if (line.startsWith(key + "=") && line.length() > key.length() + 1) {
            return line.substring(key.length() + 1).trim();
          }
        }
      }
    } catch (IOException e) {
      // said as unknown, like a build outside git
    }
    return "unknown";
  }
}

package nsplay.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * What the shaded jar must carry in place of a dependency's own: FreeMarker's member access list is
 * nsplay's (see src/main/resources/freemarker/ext/beans/DefaultMemberAccessPolicy-rules), once. The
 * unit tests see target/classes ahead of FreeMarker's jar; only the built jar shows which copy the
 * shade plugin kept.
 */
class ShadedJarIT {
  private static final String RULES = "freemarker/ext/beans/DefaultMemberAccessPolicy-rules";

  @Test
  void carriesNsplaysMemberAccessListOnly() throws IOException {
    try (JarFile jar = new JarFile(Lab.jarPath())) {
      List<JarEntry> rules = jar.stream().filter(e -> e.getName().equals(RULES)).toList();
      assertEquals(1, rules.size(), rules.toString());
      try (InputStream in = jar.getInputStream(rules.get(0))) {
        String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(text.contains("nsplay's replacement"), text);
      }
    }
  }
}

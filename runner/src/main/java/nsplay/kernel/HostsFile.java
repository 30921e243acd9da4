package nsplay.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import nsplay.net.Ip;

/**
 * Host names as a program inside a namespace finds them in its hosts file: `ip netns exec NS` binds
 * {@code /etc/netns/NS/hosts} over {@code /etc/hosts} when there is one (see {@code Sys.etcBinds}),
 * so that is the file asked, else {@code /etc/hosts}. Only the file: no DNS (a namespace's resolver
 * is not nsplay's to ask), no nsswitch.conf. Read-only, safe from any thread.
 */
public final class HostsFile {
  private HostsFile() {}

  /** The hosts file a program in {@code netns} (null: the real host) reads. */
  public static Path of(String netns) {
    if (netns != null) {
      Path own = EtcFile.ROOT.resolve(netns).resolve("hosts");
      if (Files.isRegularFile(own)) {
        return own;
      }
    }
    return Path.of("/etc/hosts");
  }

  /** The addresses {@code name} has in {@code file}, in the file's order; none when unreadable. */
  public static List<Ip> lookup(Path file, String name) {
    try {
      return lookup(Files.readString(file, StandardCharsets.UTF_8), name);
    } catch (IOException | java.io.UncheckedIOException e) {
      return List.of();
    }
  }

  /**
   * The addresses {@code name} has in a hosts file's text (hosts(5): an address, then its names,
   * {@code #} to the end of a line a comment), in the file's order; names compare without case.
   * Lines whose address is not one are ignored, as the C library does.
   */
  public static List<Ip> lookup(String text, String name) {
    List<Ip> out = new ArrayList<>();
    String want = name.toLowerCase(Locale.ROOT);
    for (String line : text.split("\n")) {
      int hash = line.indexOf('#');
      String[] words = (hash < 0 ? line : line.substring(0, hash)).trim().split("[ \t]+");
      if (words.length < 2) {
        continue;
      }
      for (int i = 1; i < words.length; i++) {
        if (words[i].toLowerCase(Locale.ROOT).equals(want)) {
          try {
            Ip ip = Ip.parse(words[0]);
            if (!out.contains(ip)) {
              out.add(ip);
            }
          } catch (IllegalArgumentException notAnAddress) {
            // skipped, as getaddrinfo skips it
          }
          break;
        }
      }
    }
    return out;
  }
}

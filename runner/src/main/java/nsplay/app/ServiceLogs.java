package nsplay.app;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import nsplay.state.Journal;
import nsplay.state.StateFiles;

/** `nsplay logs`: what a lab's service wrote, from {@code /run/nsplay/LAB/logs/NAME.log}. */
public final class ServiceLogs {
  private ServiceLogs() {}

  /** Where the log of {@code service} of {@code lab} is. */
  public static Path file(String lab, String service) {
    return Journal.serviceLog(Journal.ROOT, lab, service);
  }

  /**
   * Copies the log to {@code out}; with {@code follow}, goes on copying what is appended until the
   * thread is interrupted or the process ends (Ctrl-C). Returns an exit code.
   */
  public static int print(
      String lab, String service, boolean follow, PrintWriter out, PrintWriter err) {
    Path log = file(lab, service);
    try {
      if (!StateFiles.checkFile(log)) {
        err.println(
            "nsplay: lab "
                + lab
                + " has no log of a service "
                + service
                + (Files.isDirectory(Journal.dir(Journal.ROOT, lab))
                    ? ""
                    : " (the lab is not up)"));
        return Exit.INVALID;
      }
      try (Reader in =
          new InputStreamReader(
              Files.newInputStream(log, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS),
              StandardCharsets.UTF_8)) {
        char[] buf = new char[8192];
        while (true) {
          int n = in.read(buf);
          if (n > 0) {
            out.write(buf, 0, n);
            continue;
          }
          out.flush();
          if (!follow) {
            return Exit.OK;
          }
          // The service appends; the lab's down removes the file: then there is no more to follow.
          if (!Files.exists(log, LinkOption.NOFOLLOW_LINKS)) {
            return Exit.OK;
          }
          try {
            Thread.sleep(200);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Exit.OK;
          }
        }
      }
    } catch (NoSuchFileException e) {
      err.println("nsplay: lab " + lab + " has no log of a service " + service);
      return Exit.INVALID;
    } catch (IOException | RuntimeException e) {
      err.println("nsplay: cannot read " + log + ": " + e.getMessage());
      return Exit.FAILED;
    }
  }
}

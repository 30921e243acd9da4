package nsplay.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.util.List;
import nsplay.engine.Inspect;
import nsplay.engine.RunLog;

/**
 * One lab's state on this machine: whether it is up, its host, and each object its journal records
 * as the kernel has it now. What `nsplay status` shows, in whichever form.
 *
 * @param hostNetns the namespace that plays the lab's host; null for the real host
 * @param objects each object and its state; empty when the lab is not up
 * @param interrupted the last up was stopped by a signal: the lab is not all its playbook makes
 */
public record LabStatus(
    String name,
    boolean up,
    String hostNetns,
    List<Inspect.ObjectState> objects,
    boolean interrupted) {
  public LabStatus {
    objects = List.copyOf(objects);
  }

  public LabStatus(String name, boolean up, String hostNetns, List<Inspect.ObjectState> objects) {
    this(name, up, hostNetns, objects, false);
  }

  /** The objects missing or changed. */
  public long drift() {
    return objects.stream().filter(Inspect.ObjectState::drifted).count();
  }

  /** Whether the lab is up, its last up ran to its end, and every object is as it was made. */
  public boolean asBuilt() {
    return up && !interrupted && drift() == 0;
  }

  /** The labs named, or every lab on the machine when {@code lab} is null; in name order. */
  public static List<LabStatus> of(String lab) {
    List<String> labs =
        lab == null ? Labs.all() : Labs.isGlob(lab) ? Labs.matching(lab) : List.of(lab);
    return labs.stream().map(LabStatus::inspect).toList();
  }

  /** Reads one lab's journal and asks the kernel about each object it records. */
  public static LabStatus inspect(String name) {
    try (LabSession s = LabSession.open(name)) {
      if (!s.isUp()) {
        return new LabStatus(name, false, null, List.of());
      }
      return new LabStatus(
          name,
          true,
          s.hostNetns(),
          Inspect.run(name, s.journal(), s.kernel()),
          RunLog.wasInterrupted(s.dir().resolve("last-run.json")));
    } catch (NoSuchFileException e) {
      return new LabStatus(name, false, null, List.of());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal of lab " + name, e);
    }
  }
}

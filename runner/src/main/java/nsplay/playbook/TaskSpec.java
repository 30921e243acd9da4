package nsplay.playbook;

import java.util.List;
import java.util.Optional;

/** What the loader must know of a task type: its key and its parameters. */
public record TaskSpec(String type, String summary, List<Param> params) {
  public TaskSpec {
    params = List.copyOf(params);
  }

  public Optional<Param> param(String name) {
    return params.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}

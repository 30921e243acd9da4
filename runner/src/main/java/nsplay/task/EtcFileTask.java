package nsplay.task;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import nsplay.kernel.EtcFile;
import nsplay.kernel.Op;
import nsplay.playbook.TaskDecl;
import nsplay.state.Entry;

/**
 * The base of the tasks that write files of a namespace's own /etc ({@code /etc/netns/NS/NAME},
 * which {@code ip netns exec NS} and {@code nsplay exec NS} bind over {@code /etc/NAME}): a
 * subclass says only which namespaces get which content ({@link #wanted}). Observe, plan, refuse a
 * file the lab did not write, journal, write atomically, repair, and (through {@link Entry.File})
 * judge and undo are here.
 */
abstract class EtcFileTask extends Task<EtcFileTask.Seen, EtcFileTask.Writes> {
  protected EtcFileTask(TaskDecl decl) {
    super(decl);
  }

  /** The file's name in {@code /etc/netns/NS/}: {@code hosts}, {@code resolv.conf}. */
  protected abstract String fileName();

  /** The content each namespace's file should have, by namespace, in order. */
  protected abstract Map<String, String> wanted(Context ctx);

  /**
   * One file: what is there, what should be, and whether a record of the lab says it wrote it (then
   * it is the lab's to rewrite, whatever it holds now).
   */
  public record Target(EtcFile file, EtcFile.Seen seen, String want, boolean labs) {}

  /** What {@link #observe} found: each file this task writes. */
  public record Seen(List<Target> targets) {}

  /**
   * @param writes the files to write
   * @param refused why the task cannot write them, or null: a file there that the lab did not write
   */
  public record Writes(List<Target> writes, String refused, List<String> changes) implements Plan {
    @Override
    public boolean isEmpty() {
      return writes.isEmpty() && refused == null;
    }
  }

  @Override
  public Seen observe(Context ctx) {
    List<Target> out = new ArrayList<>();
    var ledger = ctx.ownership().ledger();
    wanted(ctx)
        .forEach(
            (ns, want) -> {
              EtcFile f = new EtcFile(ns, fileName());
              out.add(
                  new Target(
                      f, ctx.kernel().etcRead(f), want, ledger.file(ns, fileName()) != null));
            });
    return new Seen(out);
  }

  @Override
  public Writes plan(Seen seen) {
    List<Target> writes = new ArrayList<>();
    List<String> changes = new ArrayList<>();
    List<String> foreign = new ArrayList<>();
    for (Target t : seen.targets()) {
      if (Objects.equals(t.seen().content(), t.want())) {
        continue;
      }
      if (t.seen().content() != null && !t.labs()) {
        foreign.add(t.file().toString());
        continue;
      }
      writes.add(t);
      changes.add(new Op.EtcWrite(t.file(), t.want()).words());
    }
    String refused =
        foreign.isEmpty()
            ? null
            : String.join(", ", foreign)
                + (foreign.size() == 1 ? " exists" : " exist")
                + " and nsplay did not write "
                + (foreign.size() == 1 ? "it" : "them")
                + "; nothing was written: move "
                + (foreign.size() == 1 ? "it" : "them")
                + " away, or drop the task";
    return new Writes(writes, refused, changes);
  }

  @Override
  public void apply(Context ctx, Writes plan) {
    if (plan.refused() != null) {
      throw new TaskFailure(plan.refused());
    }
    for (Target t : plan.writes()) {
      EtcFile f = t.file();
      String made =
          !t.seen().root()
              ? EtcFile.ROOT.toString()
              : !t.seen().folder() ? f.folder().toString() : null;
      // Journalled before the write: a run killed in between leaves down a record to act on.
      ctx.record(new Entry.File(f.netns(), f.name(), EtcFile.sha256(t.want()), made));
      ctx.kernel().etcWrite(f, t.want());
    }
  }

  @Override
  protected String describe(Seen seen) {
    StringBuilder sb = new StringBuilder();
    for (Target t : seen.targets()) {
      String c = t.seen().content();
      sb.append("# ").append(t.file()).append(c == null ? ": none\n" : "\n");
      if (c != null) {
        sb.append(c.equals(EtcFile.NOT_TEXT) ? "(not a regular text file)\n" : c);
      }
    }
    return sb.toString();
  }
}

package nsplay.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import nsplay.playbook.Args;
import nsplay.playbook.Binder;
import nsplay.playbook.Condition;
import nsplay.playbook.Location;
import nsplay.playbook.Playbook;
import nsplay.playbook.Problem;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSource;
import nsplay.playbook.TaskSpec;
import nsplay.state.Marks;
import nsplay.task.BridgeAttach;
import nsplay.template.TemplateError;
import nsplay.template.Templates;

/**
 * The checks made before anything changes: every task is expanded (conditions, loops, templates) as
 * far as the variables allow, and what each one creates and needs is followed through the playbook,
 * so that a reference to a namespace or link that nothing creates and the kernel does not have, or
 * a second creation of the same thing, is an input error with its place rather than a failure
 * halfway through a run. What depends on a registered result (known only when the run gets there)
 * is left to the run.
 */
final class Preflight {
  private final Map<String, TaskSpec> specs;
  private final Binder binder;
  private final Templates templates;
  private final World world;
  private final List<Problem> problems = new ArrayList<>();

  /** The -e variables' names: above an import's vars. */
  Set<String> extra = Set.of();

  /**
   * Variables of the playbook's vars: that could not be given a value (already reported): what uses
   * them is not checked, as what uses a registered result is not.
   */
  Set<String> unusable = Set.of();

  /**
   * Whether a task came before that creates a namespace (or links) whose name is not known: it
   * could not be read, or its name could not be rendered. A namespace (link) that nothing else
   * creates may be that one, so from there on it is not an error: it depends on a problem already
   * said.
   */
  private boolean blindNetns;

  private boolean blindLinks;

  /** What a parameter that could not be rendered stands for when asking what a task creates. */
  private static final String UNKNOWN = "\0unknown";

  /**
   * What may be meant but looks wrong, in playbook order: said before the run, stopping nothing.
   * Filled by {@link #check}.
   */
  final List<Problem> warnings = new ArrayList<>();

  /** nat_masquerade's outgoing interfaces: where, and at which parameter, in task order. */
  private record Out(String netns, String name, Location at) {}

  private final List<Out> outs = new ArrayList<>();
  private String lab;
  private final Set<String> registered = new HashSet<>();

  /** The link kinds asked about already. */
  private final Set<String> kindsAsked = new HashSet<>();

  private final Map<String, Location> namespaces = new HashMap<>();
  private final Map<String, Created> links = new HashMap<>();

  /** Each task's bound loop items, in item order (null where binding had to wait or failed). */
  final Map<TaskSource, List<TaskDecl>> bound = new java.util.IdentityHashMap<>();

  /**
   * The most ports a Linux bridge takes (BR_MAX_PORTS in net/bridge/br_private.h): one more fails
   * with "Exchange full" (EXFULL), halfway through a run unless counted here.
   */
  static final int BRIDGE_MAX_PORTS = 1024;

  /** The bridge each link is attached to, by link key; and each bridge's port count, by key. */
  private final Map<String, String> portOf = new HashMap<>();

  private final Map<String, Integer> ports = new HashMap<>();

  private record Created(Ref.Kind kind, Location where) {}

  Preflight(Map<String, TaskSpec> specs, Binder binder, Templates templates, World world) {
    this.specs = specs;
    this.binder = binder;
    this.templates = templates;
    this.world = world;
  }

  /** Every problem found, in playbook order. */
  List<Problem> check(Playbook pb, Map<String, Object> vars) {
    lab = pb.name();
    registered.addAll(unusable);
    for (TaskSource src : pb.tasks()) {
      task(src, vars);
      if (src.register() != null) {
        registered.add(src.register());
      }
    }
    outs();
    return problems;
  }

  /**
   * A masquerade out of an interface that nothing in the playbook creates and the kernel does not
   * have matches no packet. Only a warning: the interface may come later (a USB uplink, a VPN's
   * tun), and the rule will match it then. Only when the kernel says so: without it (validate) the
   * answer is unknown, and unknown warns of nothing.
   */
  private void outs() {
    for (Out o : outs) {
      if (o.name().equals("lo") || links.containsKey(key(o.netns(), o.name()))) {
        continue;
      }
      if (world.hasLink(o.netns(), o.name()).equals(java.util.Optional.of(false))) {
        warnings.add(
            Problem.warning(
                o.at(),
                "interface \""
                    + o.name()
                    + "\" does not exist"
                    + where(o.netns())
                    + "; the masquerade rule will match nothing until it does"));
      }
    }
  }

  /** Whether a template error is only that a registered result is not known yet. */
  private boolean waitsForRun(String variable) {
    if (variable == null) {
      return false;
    }
    String root = variable.split("[.\\[?!]", 2)[0];
    return registered.contains(root);
  }

  private void task(TaskSource src, Map<String, Object> vars) {
    if (src.read() == TaskSource.Read.UNREAD) {
      blindNetns = true;
      blindLinks = true;
      return;
    }
    for (Condition c : src.when()) {
      try {
        if (!templates.condition(c.expression(), vars)) {
          return; // never runs with these variables
        }
      } catch (TemplateError e) {
        if (!waitsForRun(e.variable())) {
          problems.add(new Problem(c.location(), e.getMessage(), null));
        }
        // A condition on a registered result: assume the task may run.
      }
    }
    List<Object> items = Engine.items(src, vars, binder, problems, registered);
    if (items == null) {
      return;
    }
    List<TaskDecl> decls = new ArrayList<>();
    bound.put(src, decls);
    boolean writtenChecked = false;
    for (Object item : items) {
      Map<String, Object> scope = vars;
      if (src.loop() != null) {
        scope = new HashMap<>(vars);
        scope.put(src.loopVar(), item);
      }
      TaskDecl decl;
      decls.add(null);
      try {
        decl = binder.bind(src, Engine.withImportVars(src, scope, extra, binder));
        decls.set(decls.size() - 1, decl);
      } catch (Binder.BindException e) {
        // A task read in part fails its cross-parameter check for want of what was refused.
        boolean dependent =
            src.read() == TaskSource.Read.PARTIAL
                && e.variable() == null
                && e.problem().location().equals(src.location());
        unknownCreations(src);
        if (!waitsForRun(e.variable()) && !dependent) {
          int from = problems.size();
          problems.add(e.problem());
          if (!writtenChecked) {
            writtenChecked = true;
            namespacesAsWritten(src);
            // One task's problems in the order of its parameters, as the user reads them.
            problems
                .subList(from, problems.size())
                .sort(
                    java.util.Comparator.comparingInt((Problem p) -> p.location().line())
                        .thenComparingInt(p -> p.location().column()));
          }
        }
        continue;
      }
      for (Ref r : specs.get(decl.type()).refs().apply(decl.args())) {
        ref(r, decl.args().location(r.param()));
        if (r.use() == Ref.Use.CREATES && !src.adopt()) {
          collision(r, decl);
        }
      }
      kernelNeed(specs.get(decl.type()).needs(), decl);
      if (decl.type().equals(BridgeAttach.SPEC.type())) {
        port(decl);
      }
      if (decl.type().equals(nsplay.task.NatMasquerade.SPEC.type())) {
        // Judged after the whole playbook: a later task may create the interface.
        outs.add(
            new Out(
                decl.args().string("netns"),
                decl.args().string("out"),
                decl.args().location("out")));
      }
    }
  }

  /**
   * A link kind the kernel lacks: said once per kind, at the first task that needs it, before
   * anything changes. Asked of the kernel once per kind (the world caches it); unknown (validate)
   * passes.
   */
  private void kernelNeed(nsplay.playbook.KernelNeed need, TaskDecl decl) {
    if (need == null || !kindsAsked.add(need.linkKind())) {
      return;
    }
    if (world.hasLinkKind(need.linkKind()).equals(java.util.Optional.of(false))) {
      problems.add(new Problem(decl.location(), need.missing(), null));
    }
  }

  /**
   * For a task that could not be bound: the namespaces it names without a template, checked anyway,
   * so that they are reported in the same round as the template error rather than only once it is
   * fixed. Nothing else: the rest depends on the values that failed. Read from the parameters'
   * types, not the task's refs, which need every value.
   */
  private void namespacesAsWritten(TaskSource src) {
    TaskSpec spec = specs.get(src.type());
    if (spec.type().equals(nsplay.task.NetnsAdd.SPEC.type())) {
      return; // its namespace is one it creates
    }
    for (nsplay.playbook.Param p : spec.params()) {
      if ((p.type() == nsplay.playbook.ParamType.NETNS
              || p.type() == nsplay.playbook.ParamType.CHECK_FROM)
          && src.fixed().get(p.name()) instanceof String name
          && !name.equals(nsplay.playbook.ParamType.HOST)) {
        ref(Ref.needsNetns(name, p.name()), src.locations().get(p.name()));
      }
    }
  }

  /**
   * For a task that could not be bound: whether it creates a namespace or link whose name (or
   * namespace) is one of the values that could not be rendered.
   */
  private void unknownCreations(TaskSource src) {
    Map<String, Object> values = new HashMap<>(src.fixed());
    src.templated().keySet().forEach(k -> values.put(k, UNKNOWN));
    List<Ref> refs;
    try {
      refs = specs.get(src.type()).refs().apply(new Args(values, src.locations(), src.location()));
    } catch (RuntimeException e) {
      blindNetns = true; // a value that is not a name is needed to tell: assume the worst
      blindLinks = true;
      return;
    }
    for (Ref r : refs) {
      if (r.use() != Ref.Use.NEEDS
          && r.use() != Ref.Use.NEEDS_LABS
          && (UNKNOWN.equals(r.name()) || UNKNOWN.equals(r.netns()))) {
        if (r.kind() == Ref.Kind.NETNS) {
          blindNetns = true;
        } else {
          blindLinks = true;
        }
      }
    }
  }

  private void ref(Ref r, Location at) {
    String what = r.kind().word() + " \"" + r.name() + "\"" + where(r.netns());
    if (r.kind() == Ref.Kind.NETNS) {
      if (r.use() == Ref.Use.CREATES) {
        Location first = namespaces.putIfAbsent(r.name(), at);
        if (first != null) {
          problems.add(
              new Problem(
                  at,
                  "namespace \"" + r.name() + "\" is created twice (first at " + first + ")",
                  null));
        }
      } else if (r.use() == Ref.Use.NEEDS_LABS) {
        if (!blindNetns && !namespaces.containsKey(r.name())) {
          problems.add(
              new Problem(
                  at,
                  "namespace \""
                      + r.name()
                      + "\" is not one of this lab's: no earlier task creates it"
                      + " (nsplay writes /etc/netns files only for the lab's own namespaces)",
                  null));
        }
      } else if (!blindNetns && !namespaces.containsKey(r.name()) && !world.netnsExists(r.name())) {
        problems.add(
            new Problem(
                at,
                "namespace \"" + r.name() + "\" does not exist and no earlier task creates it",
                null));
      }
      return;
    }
    if (r.kind() == Ref.Kind.QDISC_KIND) {
      if (world.hasQdiscKind(r.name()).equals(java.util.Optional.of(false))) {
        problems.add(
            new Problem(
                at,
                "this kernel has no "
                    + r.name()
                    + " support ("
                    + Ref.qdiscConfig(r.name())
                    + "); nothing was changed",
                null));
      }
      return;
    }
    if (r.kind() == Ref.Kind.NFT_TABLE) {
      return; // shared by all of the lab's NAT tasks: created once, never "twice"
    }
    String key = key(r.netns(), r.name());
    switch (r.use()) {
      case CREATES -> {
        Created first = links.putIfAbsent(key, new Created(r.kind(), at));
        if (first != null) {
          problems.add(
              new Problem(at, what + " is created twice (first at " + first.where() + ")", null));
        }
      }
      case NEEDS -> {
        if (!blindLinks && !exists(r.netns(), r.name(), r.kind())) {
          problems.add(
              new Problem(
                  at,
                  "no "
                      + what
                      + ": no earlier task creates it"
                      + (fresh(r.netns()) ? "" : " and the kernel has none"),
                  null));
        }
      }
      case MOVES -> {
        // link_move takes a link from the host into r.netns().
        // Already moved by an earlier run is fine too: the task converges.
        if (!blindLinks
            && !exists(null, r.name(), Ref.Kind.LINK)
            && !links.containsKey(key)
            && (fresh(r.netns()) || !world.hasLink(r.netns(), r.name()).orElse(true))) {
          problems.add(
              new Problem(
                  at,
                  "no link \""
                      + r.name()
                      + "\" on the host to move: no "
                      + "earlier task creates it and the kernel has none",
                  null));
        }
        Created c = links.remove(key(null, r.name()));
        links.put(key, c != null ? c : new Created(Ref.Kind.LINK, at));
      }
      default -> throw new IllegalStateException();
    }
  }

  /**
   * Counts the ports the playbook gives each bridge (only its own: ports attached outside it are
   * not known here), and reports the attach that goes past the kernel's limit, once per bridge.
   */
  private void port(TaskDecl decl) {
    String netns = decl.args().string("netns");
    String bridge = key(netns, decl.args().string("bridge"));
    String before = portOf.put(key(netns, decl.args().string("link")), bridge);
    if (bridge.equals(before)) {
      return; // attached again: converges, no new port
    }
    if (before != null) {
      ports.merge(before, -1, Integer::sum); // a link has one master: it leaves the other
    }
    int n = ports.merge(bridge, 1, Integer::sum);
    if (n == BRIDGE_MAX_PORTS + 1) {
      problems.add(
          new Problem(
              decl.args().location("bridge"),
              "bridge \""
                  + decl.args().string("bridge")
                  + "\""
                  + where(netns)
                  + " would get its port "
                  + n
                  + " here (link \""
                  + decl.args().string("link")
                  + "\"); a Linux bridge holds at most "
                  + BRIDGE_MAX_PORTS
                  + " ports (BR_MAX_PORTS)",
              null));
    }
  }

  /**
   * A name the task must create that exists and is not the lab's: refused before any change, with
   * its owner named, unless the task says adopt.
   */
  private void collision(Ref r, TaskDecl decl) {
    if (r.kind() != Ref.Kind.NETNS && fresh(r.netns())) {
      return;
    }
    String owner =
        r.kind() == Ref.Kind.NETNS
            ? world.netnsOwner(r.name())
            : r.kind() == Ref.Kind.NFT_TABLE
                ? world.nftTableOwner(r.netns())
                : world.linkOwner(r.netns(), r.name());
    if (r.kind() == Ref.Kind.NFT_TABLE) {
      r = new Ref(r.kind(), r.use(), r.netns(), "ip " + Marks.nftTable(lab), r.param());
    }
    if (owner == null || owner.isEmpty()) {
      return;
    }
    problems.add(
        new Problem(
            decl.args().location(r.param()),
            r.kind().word()
                + " \""
                + r.name()
                + "\""
                + (r.kind() == Ref.Kind.NETNS ? "" : where(r.netns()))
                + " already exists and "
                + (owner.equals(World.NOT_NSPLAY)
                    ? "was not made by nsplay; rename it in the playbook, or add `adopt: true`"
                        + " to the task to use it as it is (down will leave it)"
                    // Never adopt: the other lab still counts it as its own, and its down
                    // would remove it from under this one.
                    : "belongs to " + owner + "; give it a different name in this playbook"),
            null));
  }

  /** A namespace that the playbook creates and that does not exist yet: it holds only lo. */
  private boolean fresh(String netns) {
    return netns != null && namespaces.containsKey(netns) && !world.netnsExists(netns);
  }

  private boolean exists(String netns, String name, Ref.Kind kind) {
    Created c = links.get(key(netns, name));
    if (c != null) {
      return kind != Ref.Kind.BRIDGE || c.kind() == Ref.Kind.BRIDGE;
    }
    if (name.equals("lo") && kind == Ref.Kind.LINK) {
      return true;
    }
    if (fresh(netns)) {
      return false;
    }
    return world.hasLink(netns, name).orElse(true);
  }

  private static String key(String netns, String name) {
    return Objects.requireNonNullElse(netns, "") + "\0" + name;
  }

  private static String where(String netns) {
    return netns == null ? " on the host" : " in namespace " + netns;
  }
}

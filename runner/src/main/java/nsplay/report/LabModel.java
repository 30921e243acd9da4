package nsplay.report;

import java.util.List;

/**
 * What a report shows of a lab, read from the live kernel (not from what the playbook hoped): its
 * namespaces with their interfaces, addresses and routes, its bridges, veth pairs and NAT, the last
 * run, and optionally the connectivity matrix. Built and tested in Java; templates only present it
 * (they get it as plain maps and lists, see {@link Models#toMap}).
 *
 * @param hostNetns the namespace that played the host, or null for the real host
 * @param generatedAt ISO-8601 time the model was read
 * @param matrix null when probing was skipped (--no-probe)
 * @param lastRun null when the lab has no recorded run
 */
public record LabModel(
    String lab,
    String hostNetns,
    String generatedAt,
    List<Namespace> namespaces,
    List<Bridge> bridges,
    List<VethPair> vethPairs,
    List<Nat> nat,
    LastRun lastRun,
    Matrix matrix) {

  /**
   * A namespace of the lab, or the host (isHost true; name "host" or the --host-netns name). Only
   * interfaces the lab is concerned with are listed: on the host, those it made (or that its routes
   * and NAT name); in its own namespaces, all of them.
   */
  public record Namespace(
      String name,
      boolean isHost,
      List<Interface> interfaces,
      List<Route> routes,
      String forwarding) {}

  /**
   * @param state "UP" or "DOWN" (administrative state)
   * @param master the bridge or bond it is a port of, or null
   * @param peer for a veth, the other end (its namespace and name), or null when unknown
   * @param qdisc its root qdisc in tc's words ({@code netem delay 50ms}), or null for the kernel's
   *     default
   * @param lower the link it is stacked on, in the same namespace (a vlan's or macvlan's parent),
   *     or null
   * @param label its kind in a few words ({@code vlan 10}, {@code macvlan bridge}, {@code bond
   *     active-backup}); the kind when nsplay does not decode it
   */
  public record Interface(
      String name,
      String kind,
      String state,
      String mac,
      String master,
      Endpoint peer,
      List<String> addresses,
      String qdisc,
      String lower,
      String label) {
    /** An interface with the kernel's default root qdisc. */
    public Interface(
        String name,
        String kind,
        String state,
        String mac,
        String master,
        Endpoint peer,
        List<String> addresses) {
      this(name, kind, state, mac, master, peer, addresses, null);
    }

    /** An interface stacked on none, labelled by its kind. */
    public Interface(
        String name,
        String kind,
        String state,
        String mac,
        String master,
        Endpoint peer,
        List<String> addresses,
        String qdisc) {
      this(name, kind, state, mac, master, peer, addresses, qdisc, null, kind);
    }

    /** The same interface stacked on {@code link}, its kind in the words {@code label}. */
    public Interface stackedOn(String link, String label) {
      return new Interface(name, kind, state, mac, master, peer, addresses, qdisc, link, label);
    }
  }

  /** One end of a link: namespace (null for the host) and interface name. */
  public record Endpoint(String netns, String name) {}

  /**
   * @param dst a prefix, "default" (IPv4) or "default6" (IPv6); via and dev may be null
   */
  public record Route(String dst, String via, String dev) {}

  public record Bridge(String netns, String name, List<String> ports, List<String> addresses) {}

  public record VethPair(
      Endpoint a, List<String> aAddresses, Endpoint b, List<String> bAddresses) {}

  /** The lab's nf_tables table in a namespace, its rules as nft prints them (their comments). */
  public record Nat(String netns, String table, List<String> rules, String forwarding) {}

  /** The last `up` of the lab: when, each task's result, and the recap. */
  /**
   * @param interrupted the run was stopped by a signal before its end
   */
  public record LastRun(
      String startedAt,
      List<TaskRun> tasks,
      int ok,
      int changed,
      int failed,
      int skipped,
      boolean interrupted) {
    public LastRun(
        String startedAt, List<TaskRun> tasks, int ok, int changed, int failed, int skipped) {
      this(startedAt, tasks, ok, changed, failed, skipped, false);
    }
  }

  public record TaskRun(String task, String item, String status, long durationMs, String message) {}

  /**
   * Reachability from every lab namespace (rows) to every lab address and each namespace's gateway
   * (columns).
   */
  public record Matrix(List<String> sources, List<Target> targets, List<List<Cell>> cells) {}

  /** A probed address, the namespace and interface that hold it (null for a gateway elsewhere). */
  public record Target(String address, String netns, String name) {}

  /**
   * @param reachable whether an echo reply came back in time
   * @param rttMs round-trip time of the first reply, or -1
   * @param expected "reachable"/"unreachable" when a ping task of the playbook expects it, else
   *     null
   */
  public record Cell(boolean reachable, double rttMs, String expected) {}
}

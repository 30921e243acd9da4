package nsplay.playbook;

/**
 * What a task creates or needs, for the checks made before anything runs: a task that uses a
 * namespace or link that neither an earlier task creates nor the kernel has is an input error, and
 * so is creating the same thing twice.
 *
 * @param netns the namespace the object lives in (null: the host); for a NETNS ref, null
 * @param param the parameter that names it, to point the error at
 */
public record Ref(Kind kind, Use use, String netns, String name, String param) {
  public enum Kind {
    NETNS("namespace"),
    LINK("link"),
    BRIDGE("bridge"),
    /** The lab's own nf_tables table (its name comes from the lab, not the task). */
    NFT_TABLE("nft table"),
    /** A qdisc kind the kernel must have ({@code name}: its TCA_KIND, e.g. "netem"). */
    QDISC_KIND("qdisc kind");

    private final String word;

    Kind(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }
  }

  public enum Use {
    CREATES,
    NEEDS,
    /** Moves the link named from the host into {@code netns}. */
    MOVES,
    /** Needs a namespace the playbook itself creates (an earlier task): one of the lab's. */
    NEEDS_LABS
  }

  public static Ref createsNetns(String name, String param) {
    return new Ref(Kind.NETNS, Use.CREATES, null, name, param);
  }

  public static Ref needsNetns(String name, String param) {
    return new Ref(Kind.NETNS, Use.NEEDS, null, name, param);
  }

  /** The task needs namespace {@code name} to be one an earlier task of the playbook creates. */
  public static Ref needsLabsNetns(String name, String param) {
    return new Ref(Kind.NETNS, Use.NEEDS_LABS, null, name, param);
  }

  /** The task needs the kernel to have qdisc kind {@code kind}; the error points at the task. */
  public static Ref needsQdiscKind(String kind) {
    return new Ref(Kind.QDISC_KIND, Use.NEEDS, null, kind, null);
  }

  public static Ref createsLink(Kind kind, String netns, String name, String param) {
    return new Ref(kind, Use.CREATES, netns, name, param);
  }

  public static Ref needsLink(Kind kind, String netns, String name, String param) {
    return new Ref(kind, Use.NEEDS, netns, name, param);
  }

  /** The kernel option that builds qdisc kind {@code kind}: {@code CONFIG_NET_SCH_NETEM}. */
  public static String qdiscConfig(String kind) {
    return "CONFIG_NET_SCH_" + kind.toUpperCase(java.util.Locale.ROOT);
  }
}

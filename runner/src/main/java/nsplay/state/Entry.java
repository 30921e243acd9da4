package nsplay.state;

/**
 * One journal record: something the lab is about to create or change, written to disk before the
 * kernel is asked. {@code netns} null means the lab's host namespace.
 *
 * <p>Records are intents: after a crash the object may or may not exist, so teardown checks the
 * kernel for each one and removes only what is there and carries the lab's marks.
 */
public sealed interface Entry {
  /** First record of a journal: who the lab is and how its links are marked. */
  record Lab(String lab, String hostNetns, int group) implements Entry {}

  /** A namespace the lab creates. */
  record Netns(String name) implements Entry {}

  /** The identity (nsfs inode) of a namespace the lab created, recorded right after creation. */
  record NetnsIdentity(String name, long inode) implements Entry {}

  /** A link the lab creates. */
  record Link(String netns, String name) implements Entry {}

  /** A link that is not the lab's, brought up by the lab; teardown sets it down again. */
  record LinkUp(String netns, String name) implements Entry {}

  /** A link moved from one namespace to another; teardown moves a foreign one back. */
  record LinkMove(String name, String from, String to) implements Entry {}

  /** An address the lab adds. */
  record Addr(String netns, String link, String cidr) implements Entry {}

  /** A route the lab adds; {@code via} and {@code dev} may be null. */
  record Route(String netns, String to, String via, String dev) implements Entry {}

  /** The lab's nf_tables table. */
  record NftTable(String netns, String family, String table) implements Entry {}

  /** A sysctl the lab changes, with the value to restore. */
  record Sysctl(String netns, String key, String oldValue, String newValue) implements Entry {}
}

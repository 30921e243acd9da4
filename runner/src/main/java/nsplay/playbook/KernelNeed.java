package nsplay.playbook;

/**
 * A link kind that a task type needs the running kernel to have, checked once per run before any
 * change: a kernel without it makes the task an input error, {@code this kernel has no vlan support
 * (CONFIG_VLAN_8021Q)}, rather than a lab built halfway.
 *
 * @param linkKind IFLA_INFO_KIND ("vlan")
 * @param config the kernel option that gives it ("CONFIG_VLAN_8021Q")
 */
public record KernelNeed(String linkKind, String config) {
  /** The error for a kernel without it. */
  public String missing() {
    return "this kernel has no " + linkKind + " support (" + config + ")";
  }
}

package nsplay.app;

/** What `down --host-netns` says when the lab's journal names another host. */
final class HostMismatch {
  private HostMismatch() {}

  static String message(String lab, String journalled, String given) {
    String was = journalled == null ? "the real host" : "--host-netns " + journalled;
    String again = journalled == null ? "" : " --host-netns " + journalled;
    return "nsplay: lab "
        + lab
        + " is up with "
        + was
        + ", not --host-netns "
        + given
        + "; nothing removed (run 'nsplay down --lab "
        + lab
        + again
        + "')";
  }
}

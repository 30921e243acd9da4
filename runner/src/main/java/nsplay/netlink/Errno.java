package nsplay.netlink;

import java.util.Map;

/**
 * Names of the Linux errno values netlink requests commonly fail with, so error messages can say
 * "EEXIST" instead of "17" (Linux generic values; x86_64, arm64).
 */
public final class Errno {
  private Errno() {}

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int ENOSPC = 28;
  public static final int ERANGE = 34;
  public static final int EMSGSIZE = 90;
  public static final int EPROTONOSUPPORT = 93;
  public static final int EOPNOTSUPP = 95;
  public static final int EAFNOSUPPORT = 97;
  public static final int EADDRNOTAVAIL = 99;
  public static final int ENETUNREACH = 101;
  public static final int ENOBUFS = 105;
  public static final int ENOTCONN = 107;

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(EPERM, "EPERM"),
          Map.entry(ENOENT, "ENOENT"),
          Map.entry(ESRCH, "ESRCH"),
          Map.entry(EBADF, "EBADF"),
          Map.entry(EAGAIN, "EAGAIN"),
          Map.entry(ENOMEM, "ENOMEM"),
          Map.entry(EBUSY, "EBUSY"),
          Map.entry(EEXIST, "EEXIST"),
          Map.entry(ENODEV, "ENODEV"),
          Map.entry(EINVAL, "EINVAL"),
          Map.entry(ENOSPC, "ENOSPC"),
          Map.entry(ERANGE, "ERANGE"),
          Map.entry(NetlinkError.EPROTO, "EPROTO"),
          Map.entry(EMSGSIZE, "EMSGSIZE"),
          Map.entry(EPROTONOSUPPORT, "EPROTONOSUPPORT"),
          Map.entry(EOPNOTSUPP, "EOPNOTSUPP"),
          Map.entry(EAFNOSUPPORT, "EAFNOSUPPORT"),
          Map.entry(EADDRNOTAVAIL, "EADDRNOTAVAIL"),
          Map.entry(ENETUNREACH, "ENETUNREACH"),
          Map.entry(ENOBUFS, "ENOBUFS"),
          Map.entry(ENOTCONN, "ENOTCONN"));

  /** The symbolic name of {@code errno}, or null when not in this small table. */
  public static String name(int errno) {
    return NAMES.get(errno);
  }
}

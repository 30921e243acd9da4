package nsplay.task;

import nsplay.kernel.LinkSpec;
import nsplay.net.Ip;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.Ref;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code vxlan_create}: a VXLAN tunnel endpoint ({@code ip link add NAME type vxlan id VNI remote R
 * local L dev D dstport P [nolearning]}). One whose VNI, remote or port drifted is re-created: the
 * kernel does not change them in place.
 */
public final class VxlanCreate extends LinkCreate {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "vxlan_create",
              "Create a VXLAN link (ip link add NAME type vxlan id VNI remote IP dstport PORT)",
              params(
                  "vxlan link",
                  Param.required("vni", ParamType.INT, "VXLAN network identifier, 1-16777215"),
                  Param.optional("remote", ParamType.IP, null, "far endpoint (IPv4 unicast)"),
                  Param.optional("local", ParamType.IP, null, "source address (IPv4 unicast)"),
                  Param.optional("dev", ParamType.IFNAME, null, "lower link for the tunnel"),
                  Param.optional("port", ParamType.INT, 4789, "UDP destination port"),
                  Param.optional("learning", ParamType.BOOL, Boolean.TRUE, "learn MACs")),
              VxlanCreate::check)
          .withRefs(VxlanCreate::refs);

  static java.util.List<Ref> refs(Args a) {
    return Refs.of(
        Ref.needsNetns(a.string("netns"), "netns"),
        Ref.createsLink(Ref.Kind.LINK, a.string("netns"), a.string("name"), "name"),
        Ref.needsLink(Ref.Kind.LINK, a.string("netns"), a.string("dev"), "dev"));
  }

  private static String check(Args a) {
    int vni = a.integer("vni");
    if (vni < 1 || vni > 0xFFFFFF) {
      return "vxlan_create: vni " + vni + " is out of range (1-16777215)";
    }
    int port = a.integer("port");
    if (port < 1 || port > 65535) {
      return "vxlan_create: port " + port + " is out of range (1-65535)";
    }
    for (String key : new String[] {"remote", "local"}) {
      Ip ip = a.ip(key);
      if (ip != null && !unicastV4(ip)) {
        return "vxlan_create: " + key + " " + ip + " is not an IPv4 unicast address";
      }
    }
    return null;
  }

  private static boolean unicastV4(Ip ip) {
    if (!ip.isV4()) {
      return false;
    }
    byte[] b = ip.bytes();
    int first = b[0] & 0xff;
    boolean zero = (b[0] | b[1] | b[2] | b[3]) == 0;
    boolean broadcast = (b[0] & b[1] & b[2] & b[3]) == (byte) 0xff;
    return !zero && !broadcast && first < 224;
  }

  public VxlanCreate(TaskDecl decl) {
    super(decl);
  }

  @Override
  protected LinkSpec spec() {
    return new LinkSpec.Vxlan(
        args.integer("vni"),
        args.ip("remote"),
        args.ip("local"),
        args.string("dev"),
        args.integer("port"),
        args.bool("learning"));
  }
}

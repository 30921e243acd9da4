package nsplay.task;

import java.util.List;
import nsplay.kernel.NftRuleSpec;
import nsplay.net.Ip;
import nsplay.playbook.Args;
import nsplay.playbook.Param;
import nsplay.playbook.ParamType;
import nsplay.playbook.TaskDecl;
import nsplay.playbook.TaskSpec;

/**
 * {@code port_forward}: destination NAT of a port arriving on an interface, the nf_tables
 * equivalent of {@code iptables -t nat -A PREROUTING -i IN -p tcp --dport PORT -j DNAT --to TO}, in
 * the prerouting nat chain of the lab's table. Turns {@code net.ipv4.ip_forward} on where it is, as
 * the forwarded traffic passes through.
 */
public final class PortForward extends NftRuleTask {
  public static final TaskSpec SPEC =
      new TaskSpec(
              "port_forward",
              "Forward a port arriving on an interface to another address (nft ... dnat to)",
              List.of(
                  Param.required("in", ParamType.IFNAME, "incoming interface name"),
                  new Param(
                      "proto", ParamType.STRING, true, null, List.of("tcp", "udp"), "tcp or udp"),
                  Param.required("port", ParamType.INT, "destination port to forward (1-65535)"),
                  Param.required("to", ParamType.STRING, "where to: IPv4 address, or ADDRESS:PORT"),
                  Param.optional("netns", ParamType.NETNS, null, "namespace; the host if omitted")),
              PortForward::check)
          .withRefs(a -> refs(a, "port"));

  public PortForward(TaskDecl decl) {
    super(decl);
  }

  static String check(Args a) {
    String p = port("port_forward", a, "port");
    if (p != null) {
      return p;
    }
    try {
      to(a.string("to"));
      return null;
    } catch (IllegalArgumentException e) {
      return "port_forward: to: " + e.getMessage();
    }
  }

  /** {@code IP} or {@code IP:PORT}: the address and the port (0: keep it). */
  static Object[] to(String text) {
    int colon = text.lastIndexOf(':');
    String addr = colon < 0 ? text : text.substring(0, colon);
    int port = 0;
    if (colon >= 0) {
      String ps = text.substring(colon + 1);
      try {
        port = Integer.parseInt(ps);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("\"" + ps + "\" is not a port number");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
      }
    }
    Ip ip = Ip.parse(addr);
    if (!ip.isV4()) {
      throw new IllegalArgumentException(
          "\"" + addr + "\" is not an IPv4 address (the lab's table is ip)");
    }
    return new Object[] {ip, port};
  }

  @Override
  NftRuleSpec rule() {
    Object[] to = to(args.string("to"));
    return new NftRuleSpec.PortForward(
        args.string("in"),
        NftRuleSpec.Proto.valueOf(args.string("proto").toUpperCase(java.util.Locale.ROOT)),
        args.integer("port"),
        (Ip) to[0],
        (Integer) to[1]);
  }

  @Override
  boolean forwards() {
    return true;
  }
}

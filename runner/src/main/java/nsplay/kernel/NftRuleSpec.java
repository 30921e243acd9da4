package nsplay.kernel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import nsplay.net.Cidr;
import nsplay.net.Ip;
import nsplay.netlink.nft.Expr;
import nsplay.netlink.nft.Nft;

/**
 * One rule of the lab's nf_tables table (family {@code ip}), as data: a kind per task type. Each
 * kind says which base chain it lives in, encodes itself once to the nf_tables expressions nft
 * itself would send for it ({@link #exprs}, compared with {@code nft --debug=netlink} in
 * NftRuleSpecTest), and has its words as {@code nft list table} prints it ({@link #words}): the one
 * rendering for -v, --check, --diff, --json and the journal.
 */
public sealed interface NftRuleSpec {
  /** The base chain the rule goes in. */
  Chain chain();

  /** Its expressions, in order. */
  List<Expr> exprs();

  /** The rule as nft writes it: {@code iifname "eth0" tcp dport 8080 dnat to 10.0.0.2:80}. */
  String words();

  /** Its expressions as comparable text ({@link Expr#canonical()}). */
  default List<String> canonical() {
    return exprs().stream().map(Expr::canonical).toList();
  }

  /**
   * The lab's base chains, each named after its hook, as an administrator names them. A chain is
   * created when a rule (or a policy) first needs it.
   */
  enum Chain {
    PREROUTING("prerouting", "nat", Nft.NF_INET_PRE_ROUTING, -100, "dstnat"),
    POSTROUTING("postrouting", "nat", Nft.NF_INET_POST_ROUTING, 100, "srcnat"),
    INPUT("input", "filter", Nft.NF_INET_LOCAL_IN, 0, "filter"),
    FORWARD("forward", "filter", Nft.NF_INET_FORWARD, 0, "filter"),
    OUTPUT("output", "filter", Nft.NF_INET_LOCAL_OUT, 0, "filter");

    public final String name;
    public final String type;
    public final int hook;
    public final int priority;
    private final String priorityWord;

    Chain(String name, String type, int hook, int priority, String priorityWord) {
      this.name = name;
      this.type = type;
      this.hook = hook;
      this.priority = priority;
      this.priorityWord = priorityWord;
    }

    /** The filter chain of that name ({@code input}, {@code forward}, {@code output}), or null. */
    public static Chain filter(String name) {
      for (Chain c : values()) {
        if (c.type.equals("filter") && c.name.equals(name)) {
          return c;
        }
      }
      return null;
    }

    /** Its declaration as nft writes it, with a policy when not null. */
    public String words(String policy) {
      return "{ type "
          + type
          + " hook "
          + name
          + " priority "
          + priorityWord
          + ";"
          + (policy == null ? "" : " policy " + policy + ";")
          + " }";
    }
  }

  /** A transport protocol a rule can match: its number and its name in nft. */
  enum Proto {
    TCP(6),
    UDP(17),
    ICMP(1);

    public final int number;

    Proto(int number) {
      this.number = number;
    }

    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether it has ports. */
    public boolean ports() {
      return this != ICMP;
    }
  }

  /** Conntrack states, with their bits in the ct state register (NF_CT_STATE_*_BIT). */
  enum CtState {
    INVALID(1),
    ESTABLISHED(2),
    RELATED(4),
    NEW(8);

    public final int bit;

    CtState(int bit) {
      this.bit = bit;
    }
  }

  /**
   * {@code iifname IN PROTO dport PORT dnat to TO[:TOPORT]} in the prerouting nat chain: {@code
   * iptables -t nat -A PREROUTING -i IN -p PROTO --dport PORT -j DNAT --to TO}.
   *
   * @param toPort 0 keeps the port
   */
  record PortForward(String in, Proto proto, int port, Ip to, int toPort) implements NftRuleSpec {
    @Override
    public Chain chain() {
      return Chain.PREROUTING;
    }

    @Override
    public List<Expr> exprs() {
      List<Expr> e = new ArrayList<>();
      ifname(e, Nft.NFT_META_IIFNAME, in);
      l4proto(e, proto);
      portMatch(e, 2, port);
      e.add(Expr.immediate(Nft.NFT_REG_1, to.bytes()));
      if (toPort != 0) {
        e.add(Expr.immediate(Nft.NFT_REG_2, u16(toPort)));
      }
      e.add(Expr.nat(Nft.NFT_NAT_DNAT, Nft.NFT_REG_1, toPort == 0 ? 0 : Nft.NFT_REG_2));
      return List.copyOf(e);
    }

    @Override
    public String words() {
      return "iifname \""
          + in
          + "\" "
          + proto.word()
          + " dport "
          + port
          + " dnat to "
          + to
          + (toPort == 0 ? "" : ":" + toPort);
    }
  }

  /**
   * {@code ip saddr SOURCE oifname OUT snat to TO} in the postrouting nat chain: {@code iptables -t
   * nat -A POSTROUTING -s SOURCE -o OUT -j SNAT --to TO}.
   */
  record Snat(Cidr source, String out, Ip to) implements NftRuleSpec {
    @Override
    public Chain chain() {
      return Chain.POSTROUTING;
    }

    @Override
    public List<Expr> exprs() {
      List<Expr> e = new ArrayList<>();
      address(e, 12, source);
      ifname(e, Nft.NFT_META_OIFNAME, out);
      e.add(Expr.immediate(Nft.NFT_REG_1, to.bytes()));
      e.add(Expr.nat(Nft.NFT_NAT_SNAT, Nft.NFT_REG_1, 0));
      return List.copyOf(e);
    }

    @Override
    public String words() {
      return "ip saddr " + prefix(source) + " oifname \"" + out + "\" snat to " + to;
    }
  }

  /**
   * A filter rule: its matches (each null or 0 when not given), in the order nft prints them, then
   * its verdict ({@code accept}, {@code drop}, or {@code reject}: ICMP port unreachable).
   */
  record Filter(
      Chain chain,
      String action,
      Proto proto,
      Cidr saddr,
      Cidr daddr,
      int sport,
      int dport,
      String iif,
      String oif,
      Set<CtState> ctState)
      implements NftRuleSpec {
    public Filter {
      ctState = ctState == null ? Set.of() : Set.copyOf(ctState);
    }

    @Override
    public List<Expr> exprs() {
      List<Expr> e = new ArrayList<>();
      if (saddr != null) {
        address(e, 12, saddr);
      }
      if (daddr != null) {
        address(e, 16, daddr);
      }
      if (iif != null) {
        ifname(e, Nft.NFT_META_IIFNAME, iif);
      }
      if (oif != null) {
        ifname(e, Nft.NFT_META_OIFNAME, oif);
      }
      if (proto != null) {
        if (sport != 0 || dport != 0) {
          l4proto(e, proto); // what nft sends for tcp dport: the protocol, then the port
        } else {
          e.add(Expr.payload(Nft.NFT_PAYLOAD_NETWORK_HEADER, 9, 1, Nft.NFT_REG_1));
          e.add(Expr.cmpEq(Nft.NFT_REG_1, new byte[] {(byte) proto.number}));
        }
      }
      if (sport != 0) {
        portMatch(e, 0, sport);
      }
      if (dport != 0) {
        portMatch(e, 2, dport);
      }
      if (!ctState.isEmpty()) {
        int bits = ctState.stream().mapToInt(s -> s.bit).reduce(0, (a, b) -> a | b);
        e.add(Expr.ct(Nft.NFT_CT_STATE, Nft.NFT_REG_1));
        e.add(Expr.bitwise(Nft.NFT_REG_1, Nft.NFT_REG_1, u32Host(bits), new byte[4]));
        e.add(Expr.cmpNeq(Nft.NFT_REG_1, new byte[4]));
      }
      switch (action) {
        case "accept" -> e.add(Expr.verdict(Nft.NF_ACCEPT));
        case "drop" -> e.add(Expr.verdict(Nft.NF_DROP));
        case "reject" -> e.add(Expr.rejectIcmp(3));
        default -> throw new IllegalArgumentException("action must be accept, drop or reject");
      }
      return List.copyOf(e);
    }

    @Override
    public String words() {
      List<String> w = new ArrayList<>();
      if (saddr != null) {
        w.add("ip saddr " + prefix(saddr));
      }
      if (daddr != null) {
        w.add("ip daddr " + prefix(daddr));
      }
      if (iif != null) {
        w.add("iifname \"" + iif + "\"");
      }
      if (oif != null) {
        w.add("oifname \"" + oif + "\"");
      }
      if (proto != null && sport == 0 && dport == 0) {
        w.add("ip protocol " + proto.word());
      }
      if (sport != 0) {
        w.add(proto.word() + " sport " + sport);
      }
      if (dport != 0) {
        w.add(proto.word() + " dport " + dport);
      }
      if (!ctState.isEmpty()) {
        // nft lists the states in its own order: invalid, established, related, new.
        w.add(
            "ct state "
                + new TreeSet<>(ctState)
                    .stream()
                        .map(s -> s.name().toLowerCase(java.util.Locale.ROOT))
                        .collect(Collectors.joining(",")));
      }
      w.add(action);
      return String.join(" ", w);
    }
  }

  /** An address or prefix as nft prints it: a /32 without its length. */
  private static String prefix(Cidr c) {
    return c.prefixLength() == 32 ? c.address().toString() : c.network().toString();
  }

  /** ip saddr (offset 12) or daddr (16): payload, a mask unless /32, compare. */
  private static void address(List<Expr> e, int offset, Cidr c) {
    int len = c.prefixLength();
    byte[] mask = new byte[4];
    for (int i = 0; i < len; i++) {
      mask[i / 8] |= (byte) (0x80 >>> (i % 8));
    }
    byte[] net = c.address().bytes().clone();
    for (int i = 0; i < 4; i++) {
      net[i] &= mask[i];
    }
    e.add(Expr.payload(Nft.NFT_PAYLOAD_NETWORK_HEADER, offset, 4, Nft.NFT_REG_1));
    if (len < 32) {
      e.add(Expr.bitwise(Nft.NFT_REG_1, Nft.NFT_REG_1, mask, new byte[4]));
    }
    e.add(Expr.cmpEq(Nft.NFT_REG_1, net));
  }

  /** iifname/oifname: compared as a whole IFNAMSIZ buffer, as nft does for a name without '*'. */
  private static void ifname(List<Expr> e, int key, String name) {
    e.add(Expr.meta(key, Nft.NFT_REG_1));
    e.add(Expr.cmpEq(Nft.NFT_REG_1, Arrays.copyOf(name.getBytes(StandardCharsets.UTF_8), 16)));
  }

  private static void l4proto(List<Expr> e, Proto p) {
    e.add(Expr.meta(Nft.NFT_META_L4PROTO, Nft.NFT_REG_1));
    e.add(Expr.cmpEq(Nft.NFT_REG_1, new byte[] {(byte) p.number}));
  }

  /** A port at {@code offset} of the transport header: 0 source, 2 destination. */
  private static void portMatch(List<Expr> e, int offset, int port) {
    e.add(Expr.payload(Nft.NFT_PAYLOAD_TRANSPORT_HEADER, offset, 2, Nft.NFT_REG_1));
    e.add(Expr.cmpEq(Nft.NFT_REG_1, u16(port)));
  }

  private static byte[] u16(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }

  /** The ct state register is host-endian (nft's 0x00000006 is bytes 06 00 00 00 on x86). */
  private static byte[] u32Host(int v) {
    return nsplay.netlink.Bytes.u32(v, java.nio.ByteOrder.nativeOrder());
  }
}

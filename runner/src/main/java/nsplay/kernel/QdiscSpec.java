package nsplay.kernel;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import nsplay.netlink.Attrs;
import nsplay.netlink.MessageBuilder;
import nsplay.netlink.Nl;

/**
 * What a link's root qdisc is, as data: one record per qdisc kind (TCA_KIND), each knowing its
 * TCA_OPTIONS, its words in {@code tc qdisc replace dev LINK root ...} and how a live qdisc of its
 * kind decodes back (for drift). A kind nsplay does not make decodes as {@link Other}. A new kind
 * (tbf, htb) is one record here and its decoder in {@link #DECODERS}.
 */
public sealed interface QdiscSpec permits QdiscSpec.Netem, QdiscSpec.Other {

  /** TCA_KIND: what the kernel calls this kind ("netem"). */
  String kind();

  /** The words after {@code tc qdisc replace dev LINK root}, e.g. {@code netem delay 20ms}. */
  String words();

  /** Writes TCA_OPTIONS' payload (the builder is inside the open TCA_OPTIONS). */
  void writeOptions(MessageBuilder b);

  /** Each of its values on a line, as {@code nsplay netem --show} lists them; none by default. */
  default List<String> lines() {
    return List.of();
  }

  /** Decoders of TCA_OPTIONS' payload, by kind. */
  Map<String, Function<byte[], QdiscSpec>> DECODERS = Map.of("netem", Netem::decode);

  /** The spec of a live qdisc of {@code kind} with TCA_OPTIONS {@code options} (may be null). */
  static QdiscSpec decode(String kind, byte[] options) {
    Function<byte[], QdiscSpec> d = DECODERS.get(kind);
    if (d == null || options == null) {
      return new Other(kind);
    }
    try {
      return d.apply(options);
    } catch (RuntimeException e) {
      return new Other(kind); // a shape this code does not know: shown by kind only
    }
  }

  /** A root qdisc of a kind nsplay does not make (the kernel's default, or someone else's). */
  record Other(String kind) implements QdiscSpec {
    @Override
    public String words() {
      return kind;
    }

    @Override
    public void writeOptions(MessageBuilder b) {
      throw new UnsupportedOperationException("nsplay does not make " + kind + " qdiscs");
    }
  }

  /**
   * netem, in the kernel's units, exactly as {@code tc} sends it and a dump gives it back
   * (linux/pkt_sched.h, iproute2 tc/q_netem.c): so that a live qdisc compares equal to the wanted
   * one when nothing drifted.
   *
   * @param latency the delay in scheduler ticks (64 ns: what {@code tc} writes to
   *     tc_netem_qopt.latency, and what the kernel dumps back)
   * @param jitter the delay's variation, in ticks
   * @param limit the queue's length in packets (tc's default 1000)
   * @param loss random loss, as a fraction of 2^32-1 (0: none, 0xffffffff: all)
   * @param gap reordering gap (1 when {@code reorder} is set, as tc does)
   * @param duplicate random duplication, as a fraction of 2^32-1
   * @param reorder reordering probability, as a fraction of 2^32-1
   * @param corrupt random corruption, as a fraction of 2^32-1
   * @param rate the rate limit in bytes per second (0: none)
   */
  record Netem(
      long latency,
      long jitter,
      long limit,
      long loss,
      long gap,
      long duplicate,
      long reorder,
      long corrupt,
      long rate)
      implements QdiscSpec {
    public static final long DEFAULT_LIMIT = 1000;

    static final int QOPT_LEN = 24;
    static final int TCA_NETEM_CORR = 1;
    static final int TCA_NETEM_REORDER = 3;
    static final int TCA_NETEM_CORRUPT = 4;
    static final int TCA_NETEM_RATE = 6;
    static final int TCA_NETEM_RATE64 = 8;

    /** No impairment at all (what {@code tc qdisc replace dev X root netem} makes). */
    public static final Netem NONE = new Netem(0, 0, DEFAULT_LIMIT, 0, 0, 0, 0, 0, 0);

    @Override
    public String kind() {
      return "netem";
    }

    @Override
    public String words() {
      StringBuilder w = new StringBuilder("netem");
      if (latency != 0 || jitter != 0) {
        w.append(" delay ").append(TcUnits.ticksWords(latency));
        if (jitter != 0) {
          w.append(' ').append(TcUnits.ticksWords(jitter));
        }
      }
      if (loss != 0) {
        w.append(" loss ").append(TcUnits.percentWords(loss));
      }
      if (duplicate != 0) {
        w.append(" duplicate ").append(TcUnits.percentWords(duplicate));
      }
      if (corrupt != 0) {
        w.append(" corrupt ").append(TcUnits.percentWords(corrupt));
      }
      if (reorder != 0) {
        w.append(" reorder ").append(TcUnits.percentWords(reorder));
        if (gap > 1) {
          w.append(" gap ").append(gap);
        }
      }
      if (rate != 0) {
        w.append(" rate ").append(TcUnits.rateWords(rate));
      }
      if (limit != DEFAULT_LIMIT) {
        w.append(" limit ").append(limit);
      }
      return w.toString();
    }

    @Override
    public List<String> lines() {
      List<String> out = new ArrayList<>();
      out.add("delay " + TcUnits.ticksWords(latency));
      out.add("jitter " + TcUnits.ticksWords(jitter));
      out.add("loss " + TcUnits.percentWords(loss));
      out.add("duplicate " + TcUnits.percentWords(duplicate));
      out.add("corrupt " + TcUnits.percentWords(corrupt));
      out.add("reorder " + TcUnits.percentWords(reorder));
      out.add("rate " + (rate == 0 ? "unlimited" : TcUnits.rateWords(rate)));
      out.add("limit " + limit);
      return out;
    }

    /**
     * struct tc_netem_qopt, then TCA_NETEM_REORDER, TCA_NETEM_CORRUPT, TCA_NETEM_RATE64 when the
     * rate needs it, and TCA_NETEM_RATE, in q_netem.c's order (TCA_OPTIONS is not a plain nest: the
     * struct comes first). REORDER, CORRUPT and RATE are always sent, zero when not wanted, as tc
     * sends {@code reorder 0% corrupt 0% rate 0bit}: a replace of a netem keeps the old value of
     * any of them left out.
     */
    @Override
    public void writeOptions(MessageBuilder b) {
      b.putStruct(
          ByteBuffer.allocate(QOPT_LEN)
              .order(Nl.ORDER)
              .putInt((int) latency)
              .putInt((int) limit)
              .putInt((int) loss)
              .putInt((int) gap)
              .putInt((int) duplicate)
              .putInt((int) jitter)
              .array());
      b.putBytes(TCA_NETEM_REORDER, u32s(reorder, 0));
      b.putBytes(TCA_NETEM_CORRUPT, u32s(corrupt, 0));
      long r32 = rate;
      if (rate >= 1L << 32) {
        b.putBytes(TCA_NETEM_RATE64, ByteBuffer.allocate(8).order(Nl.ORDER).putLong(rate).array());
        r32 = 0xffffffffL;
      }
      // struct tc_netem_rate: rate, packet_overhead, cell_size, cell_overhead
      b.putBytes(TCA_NETEM_RATE, u32s(r32, 0, 0, 0));
    }

    private static byte[] u32s(long... v) {
      ByteBuffer bb = ByteBuffer.allocate(4 * v.length).order(Nl.ORDER);
      for (long x : v) {
        bb.putInt((int) x);
      }
      return bb.array();
    }

    /** A dump's TCA_OPTIONS payload: the struct, then attributes after it. */
    static Netem decode(byte[] o) {
      ByteBuffer q = ByteBuffer.wrap(o).order(Nl.ORDER);
      long latency = q.getInt(0) & 0xffffffffL;
      long limit = q.getInt(4) & 0xffffffffL;
      long loss = q.getInt(8) & 0xffffffffL;
      long gap = q.getInt(12) & 0xffffffffL;
      long duplicate = q.getInt(16) & 0xffffffffL;
      long jitter = q.getInt(20) & 0xffffffffL;
      Attrs a = Attrs.parse(o, QOPT_LEN, o.length - QOPT_LEN);
      long reorder = first(a.bytes(TCA_NETEM_REORDER));
      long corrupt = first(a.bytes(TCA_NETEM_CORRUPT));
      long rate = first(a.bytes(TCA_NETEM_RATE));
      byte[] r64 = a.bytes(TCA_NETEM_RATE64);
      if (r64 != null && r64.length >= 8) {
        rate = Math.max(rate, ByteBuffer.wrap(r64).order(Nl.ORDER).getLong());
      }
      return new Netem(latency, jitter, limit, loss, gap, duplicate, reorder, corrupt, rate);
    }

    private static long first(byte[] b) {
      return b == null || b.length < 4
          ? 0
          : ByteBuffer.wrap(b).order(Nl.ORDER).getInt(0) & 0xffffffffL;
    }
  }
}

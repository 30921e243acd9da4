package nsplay.kernel;

import static nsplay.netlink.WireAssert.assertBytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import nsplay.netlink.Hex;
import nsplay.netlink.MessageBuilder;
import nsplay.netlink.Messages;
import nsplay.netlink.rtnl.Qdisc;
import nsplay.netlink.rtnl.QdiscRequest;
import nsplay.netlink.rtnl.Rtnl;
import nsplay.task.Netem;
import org.junit.jupiter.api.Test;

/**
 * netem's requests, byte for byte as {@code tc} sends them. Each hex string below is what {@code
 * strace -f -e trace=sendmsg -e write=3 tc qdisc replace dev v0 root netem ...} showed (iproute2
 * 6.1, in a namespace where v0 has ifindex 3; this kernel has no netem, and tc sends the request
 * all the same), whole and unedited but for the sequence number, which is set to ours.
 */
class NetemSpecTest {
  private static final int SEQ = 7;

  /** What tc sent, its sequence number (bytes 8-11) replaced with {@link #SEQ}. */
  private static byte[] tc(String hex) {
    byte[] b = Hex.parse(hex);
    b[8] = SEQ;
    b[9] = 0;
    b[10] = 0;
    b[11] = 0;
    return b;
  }

  /** The netem of {@code args} ("delay", "20ms", ...), parsed as the task parses its parameters. */
  private static QdiscSpec.Netem netem(String... args) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < args.length; i += 2) {
      m.put(args[i], args[i + 1]);
    }
    return Netem.spec(m::containsKey, m::get);
  }

  private static byte[] ours(QdiscSpec spec) {
    return QdiscRequest.replaceRoot(SEQ, 3, spec.kind(), spec::writeOptions);
  }

  /** One command of tc's, what it sent, and the same netem as the task's parameters. */
  private record Case(String tcArgs, String hex, String[] params) {}

  /**
   * tc qdisc replace dev v0 root netem ARGS. Every request carries TCA_NETEM_REORDER, _CORRUPT and
   * _RATE, zero when not wanted, as tc sends them for {@code reorder 0% corrupt 0% rate 0bit}: the
   * kernel keeps the old value of any of them left out, so a netem replaced with other values would
   * keep an old rate (found in the stock-kernel stage).
   */
  private static final Case[] CASES = {
    new Case(
        "delay 20ms 5ms loss 1% rate 10mbit reorder 0% corrupt 0%",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d00000048000200b4c40400e8030000295c8f02"
            + "00000000000000002d3101000c00030000000000000000000c00040000000000"
            + "0000000014000600d0121300000000000000000000000000",
        new String[] {"delay", "20ms", "jitter", "5ms", "loss", "1%", "rate", "10mbit"}),
    new Case(
        "delay 50ms reorder 0% corrupt 0% rate 0bit",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d00000048000200c2eb0b00e803000000000000"
            + "0000000000000000000000000c00030000000000000000000c00040000000000"
            + "000000001400060000000000000000000000000000000000",
        new String[] {"delay", "50ms"}),
    new Case(
        "loss 100% reorder 0% corrupt 0% rate 0bit",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d0000004800020000000000e8030000ffffffff"
            + "0000000000000000000000000c00030000000000000000000c00040000000000"
            + "000000001400060000000000000000000000000000000000",
        new String[] {"loss", "100%"}),
    new Case(
        "delay 100ms reorder 25% duplicate 2% corrupt 0.1% limit 500 rate 0bit",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d0000004800020084d71700f401000000000000"
            + "0100000052b81e05000000000c00030000000040000000000c00040037894100"
            + "000000001400060000000000000000000000000000000000",
        new String[] {
          "delay", "100ms", "reorder", "25%", "duplicate", "2%", "corrupt", "0.1%", "limit", "500"
        }),
    new Case(
        "rate 10gbit reorder 0% corrupt 0%",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d0000004800020000000000e803000000000000"
            + "0000000000000000000000000c00030000000000000000000c00040000000000"
            + "0000000014000600807c814a000000000000000000000000",
        new String[] {"rate", "10gbit"}),
    new Case(
        "rate 50gbit reorder 0% corrupt 0%",
        "84000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d0000005400020000000000e803000000000000"
            + "0000000000000000000000000c00030000000000000000000c00040000000000"
            + "000000000c000800806e87740100000014000600ffffffff0000000000000000"
            + "00000000",
        new String[] {"rate", "50gbit"}),
    new Case(
        "delay 1.5s reorder 0% corrupt 0% rate 0bit",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d00000048000200bca06501e803000000000000"
            + "0000000000000000000000000c00030000000000000000000c00040000000000"
            + "000000001400060000000000000000000000000000000000",
        new String[] {"delay", "1.5s"}),
    new Case(
        "delay 100us reorder 0% corrupt 0% rate 0bit",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d000000480002001a060000e803000000000000"
            + "0000000000000000000000000c00030000000000000000000c00040000000000"
            + "000000001400060000000000000000000000000000000000",
        new String[] {"delay", "100us"}),
    new Case(
        "delay 2ms 1us reorder 0% corrupt 0% rate 0bit",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d00000048000200127a0000e803000000000000"
            + "00000000000000000f0000000c00030000000000000000000c00040000000000"
            + "000000001400060000000000000000000000000000000000",
        new String[] {"delay", "2ms", "jitter", "1us"}),
    new Case(
        "loss 0.1% reorder 0% corrupt 0% rate 0bit",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d0000004800020000000000e803000037894100"
            + "0000000000000000000000000c00030000000000000000000c00040000000000"
            + "000000001400060000000000000000000000000000000000",
        new String[] {"loss", "0.1%"}),
    new Case(
        "rate 10mbps reorder 0% corrupt 0%",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d0000004800020000000000e803000000000000"
            + "0000000000000000000000000c00030000000000000000000c00040000000000"
            + "000000001400060080969800000000000000000000000000",
        new String[] {"rate", "10mbps"}),
    new Case(
        "rate 100kbit reorder 0% corrupt 0%",
        "78000000240005053fe80c6b00000000000000000300000000000000ffffffff"
            + "000000000a0001006e6574656d0000004800020000000000e803000000000000"
            + "0000000000000000000000000c00030000000000000000000c00040000000000"
            + "0000000014000600d4300000000000000000000000000000",
        new String[] {"rate", "100kbit"}),
  };

  @Test
  void asTcSendsThem() {
    for (Case c : CASES) {
      assertBytes(tc(c.hex()), ours(netem(c.params())));
    }
  }

  /** tc qdisc del dev v0 root */
  @Test
  void deleteRoot() {
    assertBytes(
        tc("240000002500050091df0c6b00000000000000000300000000000000ffffffff00000000"),
        QdiscRequest.deleteRoot(SEQ, 3));
  }

  /** What the kernel dumps back (the request's TCA_OPTIONS as a RTM_NEWQDISC) decodes equal. */
  @Test
  void decodesBackEqual() {
    QdiscSpec.Netem[] specs = {
      netem("delay", "20ms", "jitter", "5ms", "loss", "1%", "rate", "10mbit"),
      netem("delay", "100ms", "reorder", "25%", "duplicate", "2%", "corrupt", "0.1%"),
      netem("rate", "50gbit", "limit", "10"),
      QdiscSpec.Netem.NONE,
    };
    for (QdiscSpec.Netem n : specs) {
      MessageBuilder b = new MessageBuilder(Rtnl.RTM_NEWQDISC, 0);
      b.putStruct(Rtnl.tcmsg(3, 0x80010000, Rtnl.TC_H_ROOT)).putString(Rtnl.TCA_KIND, "netem");
      int nest = b.nestStart(Rtnl.TCA_OPTIONS);
      n.writeOptions(b);
      b.nestEnd(nest);
      byte[] bytes = b.build(1);
      Qdisc q = Qdisc.decode(Messages.parse(bytes, bytes.length).get(0));
      assertEquals(3, q.index());
      assertEquals(true, q.root());
      assertEquals(n, QdiscSpec.decode(q.kind(), q.options()));
    }
    assertInstanceOf(QdiscSpec.Other.class, QdiscSpec.decode("tbf", new byte[] {1, 2}));
  }

  @Test
  void words() {
    assertEquals(
        "netem delay 20ms 5ms loss 1% rate 10mbit",
        netem("delay", "20ms", "jitter", "5ms", "loss", "1%", "rate", "10mbit").words());
    assertEquals(
        "netem delay 100ms duplicate 2% corrupt 0.1% reorder 25% limit 500",
        netem(
                "delay",
                "100ms",
                "reorder",
                "25%",
                "duplicate",
                "2%",
                "corrupt",
                "0.1%",
                "limit",
                "500")
            .words());
    assertEquals("netem delay 1500ms", netem("delay", "1.5s").words());
    assertEquals("netem delay 100us", netem("delay", "100us").words());
    assertEquals("netem loss 100%", netem("loss", "100%").words());
    assertEquals("netem rate 80mbit", netem("rate", "10mbps").words());
    assertEquals("netem", QdiscSpec.Netem.NONE.words());
    assertEquals(
        "tc -n red qdisc replace dev eth0 root netem delay 50ms",
        new Op.QdiscReplace("red", "eth0", netem("delay", "50ms")).words());
    assertEquals("tc qdisc del dev eth0 root", new Op.QdiscDel(null, "eth0").words());
  }

  @Test
  void badInputIsRefusedWithWhatIsMeant() {
    String[][] bad = {
      {"delay", "20", "delay: duration \"20\" needs a unit"},
      {"delay", "-5ms", "delay: duration \"-5ms\" must not be negative"},
      {"delay", "20min", "delay: unknown unit \"min\""},
      {"delay", "300s", "delay: duration \"300s\" is too large"},
      {"delay", "fast", "delay: \"fast\" is not a duration"},
      {"loss", "1", "loss: percentage \"1\" needs a % sign"},
      {"loss", "101%", "loss: percentage \"101%\" must be 0% to 100%"},
      {"rate", "10", "rate: rate \"10\" needs a unit"},
      {"rate", "10mbits", "rate: unknown unit \"mbits\""},
      {"rate", "0mbit", "rate: rate \"0mbit\" must be more than 0"},
      {"limit", "-1", "limit: limit \"-1\" must be a whole number"},
      {"jitter", "5ms", "jitter needs a delay"},
      {"reorder", "25%", "reorder needs a delay"},
    };
    for (String[] b : bad) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> netem(b[0], b[1]), b[1]);
      assertEquals(true, e.getMessage().startsWith(b[2]), e.getMessage());
    }
  }
}

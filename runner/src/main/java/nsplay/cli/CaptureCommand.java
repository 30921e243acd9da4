package nsplay.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.util.List;
import nsplay.app.PacketCapture;
import nsplay.playbook.ParamType;

/** {@code nsplay capture NETNS LINK [-w FILE | -w -] [-c COUNT] [--duration T]}: tcpdump's job. */
final class CaptureCommand implements Command {
  static final Syntax.Opt WRITE =
      Syntax.Opt.value(
          "FILE", "write the frames to FILE as pcap (- for standard output)", "-w", "--write");
  static final Syntax.Opt COUNT =
      Syntax.Opt.value("COUNT", "stop after COUNT frames", "-c", "--count");
  static final Syntax.Opt DURATION =
      Syntax.Opt.value("TIME", "stop after TIME, e.g. 10s, 500ms, 2m", "--duration");

  private static final Syntax SYNTAX =
      Syntax.of(
          "capture",
          List.of(
              "Capture the frames of a lab's link, as tcpdump -i LINK would, without tcpdump.",
              "Every frame LINK in NETNS (`host`: the lab's host) receives and sends: to a pcap"
                  + " file (-w FILE; Wireshark, tshark and tcpdump read it), to standard output"
                  + " as pcap (-w -, flushed after each frame), or one line each. It runs until"
                  + " -c frames came, --duration passed, or Ctrl-C (SIGINT, SIGTERM): the file"
                  + " is whole either way, and `N packets captured` goes to stderr. Only links"
                  + " of a lab that is up: its own, or in its namespaces.",
              "",
              "Examples:",
              "  nsplay capture red veth-red",
              "  nsplay capture red veth-red -w red.pcap -c 100",
              "  nsplay capture red veth-red -w - | wireshark -k -i -",
              "  nsplay capture host veth-red-br --duration 10s --lab seed"),
          List.of(WRITE, COUNT, DURATION, LabChoice.LAB),
          LinkOperands.NETNS,
          LinkOperands.LINK);

  @Override
  public Syntax syntax() {
    return SYNTAX;
  }

  /** The command line, read once. */
  record Options(String netns, String link, String lab, String file, long count, long durationMs) {
    static Options of(Args a) throws Syntax.UsageError {
      long count = a.has(COUNT) ? a.integer(COUNT) : 0;
      if (a.has(COUNT) && count < 1) {
        throw new Syntax.UsageError("-c/--count must be at least 1, got " + count);
      }
      long duration = 0;
      if (a.has(DURATION)) {
        try {
          duration = ParamType.durationMillis(a.value(DURATION));
        } catch (IllegalArgumentException e) {
          throw new Syntax.UsageError("--duration: " + e.getMessage());
        }
        if (duration < 1) {
          throw new Syntax.UsageError("--duration must be longer than 0");
        }
      }
      String netns = a.operand(0);
      return new Options(
          netns.equals(ParamType.HOST) ? null : netns,
          a.operand(1),
          a.value(LabChoice.LAB),
          a.value(WRITE),
          count,
          duration);
    }
  }

  @Override
  public int run(Args a, Io io) throws Syntax.UsageError {
    Options o = Options.of(a);
    if (!LinkOperands.usable("capture", o.netns(), o.link(), io)) {
      return Main.INVALID;
    }
    // The pcap stream of -w - goes to the process's standard output as bytes, not through the
    // text writer (which only the one-line-per-frame form uses).
    return new PacketCapture(o.netns(), o.link(), o.lab(), o.file(), o.count(), o.durationMs())
        .run(new FileOutputStream(FileDescriptor.out), io.out(), io.err());
  }
}

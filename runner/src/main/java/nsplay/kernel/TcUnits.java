package nsplay.kernel;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * tc's units, read and written as iproute2 6.1 does (lib/utils.c get_time, get_percent, get_rate64;
 * tc/tc_core.c): durations ({@code 20ms}, {@code 1.5s}, {@code 100us}) become scheduler ticks of 64
 * ns, percentages ({@code 1%}, {@code 0.1%}) fractions of 2^32-1, rates ({@code 10mbit}, {@code
 * 1gbit}, {@code 100kbit}; {@code 10mbps} is ten mega<em>bytes</em> per second, tc's convention)
 * bytes per second. Unlike tc, a unit is required: a bare {@code 20} would be 20 microseconds to tc
 * and 20 bits per second, which nobody means.
 *
 * <p>Bad input is an {@link IllegalArgumentException} whose message says what is wrong and what is
 * meant, for a located error.
 */
public final class TcUnits {
  private TcUnits() {}

  /** Scheduler ticks per microsecond (/proc/net/psched: 1000 ns per us, 64 ns per tick). */
  static final double TICKS_PER_US = 1000.0 / 64;

  private static final double U32_MAX = 4294967295.0;

  private static final Pattern NUMBER_UNIT =
      Pattern.compile("([+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))\\s*([A-Za-z%]*)");

  /** The duration {@code text} in ticks, as tc writes it to tc_netem_qopt. */
  public static long ticks(String text) {
    Matcher m = match(text, "a duration", "20ms, 1.5s or 100us");
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    double factor =
        switch (unit) {
          case "s", "sec", "secs" -> 1e6;
          case "ms", "msec", "msecs" -> 1e3;
          case "us", "usec", "usecs" -> 1;
          case "" ->
              throw new IllegalArgumentException(
                  "duration \"" + text + "\" needs a unit: s, ms or us (e.g. 20ms)");
          default ->
              throw new IllegalArgumentException(
                  "unknown unit \""
                      + m.group(2)
                      + "\" in duration \""
                      + text
                      + "\": use s, ms or us");
        };
    if (v < 0) {
      throw new IllegalArgumentException("duration \"" + text + "\" must not be negative");
    }
    long us = (long) (v * factor);
    double ticks = us * TICKS_PER_US;
    if (ticks > U32_MAX) {
      throw new IllegalArgumentException(
          "duration \"" + text + "\" is too large: at most 274s (2^32 ticks of 64 ns)");
    }
    return (long) ticks;
  }

  /** The percentage {@code text} ("1%") as a fraction of 2^32-1, rounded as tc does. */
  public static long percent(String text) {
    Matcher m = match(text, "a percentage", "1% or 0.1%");
    if (!m.group(2).equals("%")) {
      throw new IllegalArgumentException(
          "percentage \"" + text + "\" needs a % sign (e.g. 1% or 0.1%)");
    }
    double v = Double.parseDouble(m.group(1));
    if (v < 0 || v > 100) {
      throw new IllegalArgumentException("percentage \"" + text + "\" must be 0% to 100%");
    }
    return (long) Math.rint(v / 100 * U32_MAX);
  }

  private static final String[][] RATES = {
    {"bit", "1"},
    {"kibit", "1024"},
    {"kbit", "1000"},
    {"mibit", "1048576"},
    {"mbit", "1000000"},
    {"gibit", "1073741824"},
    {"gbit", "1000000000"},
    {"tibit", "1099511627776"},
    {"tbit", "1000000000000"},
    {"bps", "8"},
    {"kibps", "8192"},
    {"kbps", "8000"},
    {"mibps", "8388608"},
    {"mbps", "8000000"},
    {"gibps", "8589934592"},
    {"gbps", "8000000000"},
    {"tibps", "8796093022208"},
    {"tbps", "8000000000000"},
  };

  /** The rate {@code text} in bytes per second, as tc writes it (tc_netem_rate, RATE64). */
  public static long rate(String text) {
    Matcher m = match(text, "a rate", "10mbit, 1gbit or 100kbit");
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    if (unit.isEmpty()) {
      throw new IllegalArgumentException(
          "rate \"" + text + "\" needs a unit: bit, kbit, mbit, gbit (or kbps, mbps: bytes)");
    }
    for (String[] r : RATES) {
      if (r[0].equals(unit)) {
        if (v <= 0) {
          throw new IllegalArgumentException("rate \"" + text + "\" must be more than 0");
        }
        long bytes = (long) (v * Double.parseDouble(r[1]) / 8);
        if (bytes < 1) {
          throw new IllegalArgumentException("rate \"" + text + "\" is less than 1 byte/s");
        }
        return bytes;
      }
    }
    throw new IllegalArgumentException(
        "unknown unit \""
            + m.group(2)
            + "\" in rate \""
            + text
            + "\": use bit, kbit, mbit, gbit, tbit (or kbps, mbps, gbps: bytes per second)");
  }

  /** A non-negative whole number of packets (netem's limit). */
  public static long packets(String text) {
    String t = text == null ? "" : text.trim();
    if (!t.matches("[0-9]{1,10}") || Long.parseLong(t) > 0xffffffffL) {
      throw new IllegalArgumentException(
          "limit \"" + text + "\" must be a whole number of packets (e.g. 1000)");
    }
    return Long.parseLong(t);
  }

  private static Matcher match(String text, String what, String examples) {
    Matcher m = NUMBER_UNIT.matcher(text == null ? "" : text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "\"" + text + "\" is not " + what + " (write it like " + examples + ")");
    }
    return m;
  }

  /** Ticks in tc's words, to the microsecond: {@code 20ms}, {@code 1500ms}, {@code 100us}. */
  public static String ticksWords(long ticks) {
    long us = Math.round(ticks * 64 / 1000.0);
    if (us != 0 && us % 1_000_000 == 0) {
      return us / 1_000_000 + "s";
    }
    if (us != 0 && us % 1000 == 0) {
      return us / 1000 + "ms";
    }
    return us + "us";
  }

  /** A fraction of 2^32-1 as a percentage, to six significant digits: {@code 1%}, {@code 0.1%}. */
  public static String percentWords(long fraction) {
    BigDecimal p = BigDecimal.valueOf(fraction / U32_MAX * 100).round(new MathContext(6));
    return (p.signum() == 0 ? "0" : p.stripTrailingZeros().toPlainString()) + "%";
  }

  /** Bytes per second in tc's words: {@code 10mbit}, {@code 1gbit}, {@code 12345bit}. */
  public static String rateWords(long bytesPerSecond) {
    long bits = bytesPerSecond * 8;
    if (bits % 1_000_000_000L == 0) {
      return bits / 1_000_000_000L + "gbit";
    }
    if (bits % 1_000_000L == 0) {
      return bits / 1_000_000L + "mbit";
    }
    if (bits % 1000L == 0) {
      return bits / 1000L + "kbit";
    }
    return bits + "bit";
  }
}

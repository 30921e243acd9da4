package nsplay.netlink;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Convenience over {@link MessageIterator}. */
public final class Messages {
  private Messages() {}

  /**
   * All well-formed messages in {@code buf[0, len)}, in order; a truncated tail is dropped silently
   * (use {@link MessageIterator} to learn whether that happened).
   */
  public static List<Message> parse(byte[] buf, int len) {
    List<Message> out = new ArrayList<>();
    new MessageIterator(buf, len).forEachRemaining(out::add);
    return Collections.unmodifiableList(out);
  }
}

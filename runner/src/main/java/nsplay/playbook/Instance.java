package nsplay.playbook;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One instance of a lab that many bring up from one playbook (one lab per student): {@code
 * --instance 2} makes the lab {@code NAME-2} and gives its templates {@code instance} (the number,
 * 2) and {@code instance_id} (as written, "2" or "02").
 *
 * @param number 1..{@link #MAX}
 * @param id the number as written: digits only
 */
public record Instance(int number, String id) {
  public static final int MAX = 9999;

  /** The variable that holds the number. */
  public static final String NUMBER_VAR = "instance";

  /** The variable that holds the number as written. */
  public static final String ID_VAR = "instance_id";

  public Instance {
    if (number < 1 || number > MAX) {
      throw new IllegalArgumentException(
          "instance \"" + id + "\" is not a number in 1-" + MAX + " (e.g. 2 or 02)");
    }
  }

  /**
   * {@code 2}, {@code 02}: digits that make a number in 1-9999.
   *
   * @throws IllegalArgumentException saying what is wrong, for the command line
   */
  public static Instance parse(String text) {
    String t = text.strip();
    if (t.isEmpty() || t.length() > 8 || !t.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(
          "instance \"" + text + "\" is not a number in 1-" + MAX + " (e.g. 2 or 02)");
    }
    return new Instance(Integer.parseInt(t), t);
  }

  /**
   * {@code 1-30}, {@code 3}, {@code 1-3,7,10-12}: the instances in order, each once, ids written
   * without leading zeros.
   *
   * @throws IllegalArgumentException saying what is wrong, for the command line
   */
  public static List<Instance> parseList(String text) {
    Set<Integer> numbers = new LinkedHashSet<>();
    for (String part : text.split(",", -1)) {
      String p = part.strip();
      int dash = p.indexOf('-');
      int from;
      int to;
      if (dash < 0) {
        from = to = parse(p).number();
      } else {
        from = parse(p.substring(0, dash)).number();
        to = parse(p.substring(dash + 1)).number();
        if (to < from) {
          throw new IllegalArgumentException(
              "instances \"" + p + "\": the range goes down; write it as " + to + "-" + from);
        }
      }
      for (int n = from; n <= to; n++) {
        if (!numbers.add(n)) {
          throw new IllegalArgumentException(
              "instances \"" + text + "\": instance " + n + " is named twice");
        }
      }
    }
    List<Instance> out = new ArrayList<>(numbers.size());
    for (int n : numbers) {
      out.add(new Instance(n, Integer.toString(n)));
    }
    return out;
  }

  /** The variables it gives the playbook: {@code instance} and {@code instance_id}. */
  public Map<String, Object> vars() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put(NUMBER_VAR, number);
    out.put(ID_VAR, id);
    return out;
  }

  /**
   * {@code extra} (the -e variables) with the instance's added.
   *
   * @throws IllegalArgumentException when -e sets one of them: the instance decides them
   */
  public Map<String, Object> withVars(Map<String, Object> extra) {
    for (String v : List.of(NUMBER_VAR, ID_VAR)) {
      if (extra.containsKey(v)) {
        throw new IllegalArgumentException(
            "-e " + v + " cannot be set with --instance or --instances, which set it");
      }
    }
    Map<String, Object> out = new LinkedHashMap<>(extra);
    out.putAll(vars());
    return out;
  }

  /** The lab's name for this instance: {@code base-ID}. */
  public String labName(String base) {
    return base + "-" + id;
  }
}

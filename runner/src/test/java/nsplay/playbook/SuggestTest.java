package nsplay.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SuggestTest {
  @ParameterizedTest(name = "\"{0}\" to \"{1}\" is {2}")
  @CsvSource({
    "'', '', 0",
    "abc, '', 3",
    "'', abc, 3",
    "name, name, 0",
    "nmae, name, 1",
    "name, nam, 1",
    "name, names, 1",
    "name, nbme, 1",
    "kitten, sitting, 3",
    "flaw, lawn, 2",
    // Optimal string alignment: a transposed pair cannot be edited again, so 3, not 2.
    "ca, abc, 3",
    "abcdef, badcfe, 3",
  })
  void distance(String a, String b, int d) {
    assertEquals(d, Suggest.distance(a, b));
    assertEquals(d, Suggest.distance(b, a));
  }

  @Test
  void closestWithinOneTypoPerFourLetters() {
    List<String> top = List.of("name", "tasks");
    assertEquals(Optional.of("name"), Suggest.closest("nmae", top));
    assertEquals(Optional.of("tasks"), Suggest.closest("taks", top));
    assertEquals(Optional.of("tasks"), Suggest.closest("TASKS", top), "case does not count");
    assertEquals(Optional.empty(), Suggest.closest("hosts", top));
    assertEquals(Optional.empty(), Suggest.closest("x", List.of("up")));
    assertEquals(Optional.of("up"), Suggest.closest("u", List.of("up")), "one typo at least");
    assertEquals(Optional.empty(), Suggest.closest("anything", List.of()));
  }

  @Test
  void longerWordsAllowMoreTypos() {
    List<String> types = List.of("netns_add", "veth_create", "bridge_attach");
    assertEquals(Optional.of("veth_create"), Suggest.closest("vethcraete", types)); // 2 for 10
    assertEquals(Optional.empty(), Suggest.closest("vthcraete", types)); // 3 for 9
    assertEquals(Optional.of("bridge_attach"), Suggest.closest("brige_atach", types));
  }

  @Test
  void closestOfSeveralWins() {
    assertEquals(
        Optional.of("netns"), Suggest.closest("nets", List.of("name", "netns", "up", "link")));
    assertEquals(
        Optional.of("link_up"), Suggest.closest("link_upp", List.of("link_move", "link_up")));
  }

  @Test
  void hintText() {
    assertEquals("; did you mean \"tasks\"?", Suggest.hint("task", List.of("name", "tasks")));
    assertEquals("", Suggest.hint("hosts", List.of("name", "tasks")));
  }
}

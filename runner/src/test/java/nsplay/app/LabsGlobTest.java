package nsplay.app;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** down --lab 'classroom-*': globs over lab names. */
class LabsGlobTest {
  static boolean m(String glob, String name) {
    return Labs.globPattern(glob).matcher(name).matches();
  }

  @Test
  void starQuestionAndSets() {
    assertTrue(m("classroom-*", "classroom-1"));
    assertTrue(m("classroom-*", "classroom-"));
    assertFalse(m("classroom-*", "classroom"));
    assertFalse(m("classroom-*", "x-classroom-1"));
    assertTrue(m("classroom-?", "classroom-7"));
    assertFalse(m("classroom-?", "classroom-17"));
    assertTrue(m("c-[12]", "c-1"));
    assertFalse(m("c-[12]", "c-3"));
    assertTrue(m("c-[0-9]", "c-5"));
    assertTrue(m("c-[!12]", "c-3"));
    assertFalse(m("c-[!12]", "c-1"));
    assertTrue(m("*", "seed"));
  }

  @Test
  void otherCharactersAreThemselves() {
    assertTrue(m("a.b", "a.b"));
    assertFalse(m("a.b", "axb"));
    assertFalse(m("a_b*", "aXb"));
  }

  @Test
  void whatIsAGlob() {
    assertTrue(Labs.isGlob("classroom-*"));
    assertTrue(Labs.isGlob("c-?"));
    assertTrue(Labs.isGlob("c-[1]"));
    assertFalse(Labs.isGlob("classroom-1"));
    assertFalse(Labs.isGlob(null));
    assertThrows(IllegalArgumentException.class, () -> Labs.globPattern("c-[1"));
  }
}

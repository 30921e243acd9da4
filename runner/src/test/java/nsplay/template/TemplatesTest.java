package nsplay.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import freemarker.ext.beans.DefaultMemberAccessPolicy;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.ObjectWrapper;
import freemarker.template.TemplateHashModel;
import java.io.File;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {
  final Templates t = new Templates();

  static Map<String, Object> vars(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  Object render(Object v, Object... kv) throws TemplateError {
    return t.render(v, vars(kv));
  }

  TemplateError renderFails(Object v, Object... kv) {
    TemplateError e = assertThrows(TemplateError.class, () -> t.render(v, vars(kv)));
    assertClean(e);
    return e;
  }

  static void assertClean(TemplateError e) {
    String m = e.getMessage();
    assertFalse(m.contains("FTL stack trace"), m);
    assertFalse(m.contains("Tip:"), m);
    assertFalse(m.contains("\n"), m);
    assertFalse(m.contains("freemarker.core"), m);
    assertFalse(m.contains("template \"nsplay\""), m);
  }

  @Test
  void plainStringsAreUntouched() throws TemplateError {
    for (String s :
        List.of("", "plain", "a<#list x as y>", "#{x}", "[#if x]y[/#if]", "$ {x}", "$")) {
      assertEquals(s, render(s));
      assertFalse(Templates.isTemplate(s));
    }
    assertTrue(Templates.isTemplate("a${b}"));
    assertEquals(42, render(42));
    assertEquals(true, render(true));
    assertNull(render(null));
  }

  @Test
  void singleInterpolationKeepsItsType() throws TemplateError {
    assertEquals(5, render("${n}", "n", 5));
    assertEquals(10, render("${n * 2}", "n", 5));
    assertEquals(Integer.class, render("${n * 2}", "n", 5).getClass());
    assertEquals(List.of(1, 2, 3), render("${1..n}", "n", 3));
    assertEquals(List.of(1, 2), render("${[1, 2]}"));
    assertEquals(
        Map.of("a", 1, "b", List.of("x")), render("${m}", "m", Map.of("a", 1, "b", List.of("x"))));
    assertEquals(LinkedHashMap.class, render("${{'a': 1}}").getClass());
    assertEquals(Boolean.TRUE, render("${flag}", "flag", true));
    assertEquals("x", render("${'x'}"));
    assertEquals(10_000_000_000L, render("${n * 10}", "n", 1_000_000_000));
    assertEquals(new BigDecimal("1.5"), render("${n / 2}", "n", 3));
    assertEquals(2.5, render("${x}", "x", 2.5));
    assertEquals("RED", render("${c?upper_case}", "c", "red"));
  }

  @Test
  void mixedStringsInterpolate() throws TemplateError {
    assertEquals("ns-7", render("ns-${i}", "i", 7));
    assertEquals("ns-1000", render("ns-${i}", "i", 1000));
    assertEquals("1000000", render(" ${i}", "i", 1_000_000).toString().strip());
    assertEquals("a-b", render("${a}-${b}", "a", "a", "b", "b"));
    assertEquals("true/false", render("${x}/${y}", "x", true, "y", false));
    assertEquals("10.0.0.3/24", render("10.0.0.${i + 2}/24", "i", 1));
    assertEquals("x=1 <#if>", render("x=${1} <#if>"));
    assertEquals("#{x} 1", render("#{x} ${1}"));
  }

  @Test
  void defaultsAndPresence() throws TemplateError {
    assertEquals("d", render("${x!'d'}"));
    assertEquals("false", render("${x???c}"));
    assertEquals("d", render("${x!'d'}", "x", null));
    assertEquals(false, render("${x??}", "x", null));
    assertEquals("v", render("${x!'d'}", "x", "v"));
  }

  @Test
  void rendersRecursively() throws TemplateError {
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("name", "ns-${i}");
    in.put("${k}", List.of("${i}", "x", Map.of("deep", "${i + 1}")));
    in.put("n", 3);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", "ns-2");
    out.put("${k}", List.of(2, "x", Map.of("deep", 3)));
    out.put("n", 3);
    assertEquals(out, render(in, "i", 2));
  }

  @Test
  void evaluatesAndConditions() throws TemplateError {
    Map<String, Object> v =
        vars("n", 5, "item", Map.of("name", "red"), "result", Map.of("changed", true));
    assertTrue(t.condition("n > 3", v));
    assertTrue(t.condition("n gt 3", v));
    assertTrue(t.condition("item.name == 'red'", v));
    assertTrue(t.condition("item.name == \"red\"", v));
    assertTrue(t.condition("${n > 3}", v));
    assertTrue(t.condition("  ${n > 3} ", v));
    assertTrue(t.condition("(n > 3) && (n < 9)", v));
    assertTrue(t.condition("(n)>1", v));
    assertTrue(t.condition("result.changed", v));
    assertFalse(t.condition("n > 3 && n > 7", v));
    assertEquals(true, render("${a > b}", "a", 2, "b", 1));
    assertEquals(List.of(1, 2, 3, 4, 5), t.evaluate("1..n", v));
    assertEquals(6, t.evaluate("n + 1", v));

    TemplateError e = assertThrows(TemplateError.class, () -> t.condition("n + 1", v));
    assertEquals("condition `n + 1` is a number, not true or false", e.getMessage());
    e = assertThrows(TemplateError.class, () -> t.condition("item.name", v));
    assertEquals("condition `item.name` is a string, not true or false", e.getMessage());
  }

  @Test
  void undefinedVariablesAreNamed() {
    TemplateError e = renderFails("${n + 1}");
    assertEquals("undefined variable \"n\" in ${n + 1}", e.getMessage());
    assertEquals("n", e.variable());

    e = renderFails("${item.nmae}", "item", Map.of("name", "red"));
    assertEquals("undefined variable \"item.nmae\" in ${item.nmae}", e.getMessage());
    assertEquals("item.nmae", e.variable());

    e = renderFails("ns-${i}");
    assertEquals("undefined variable \"i\" in ns-${i}", e.getMessage());
    assertEquals("i", e.variable());

    e = assertThrows(TemplateError.class, () -> t.condition("n > 3", Map.of()));
    assertEquals("undefined variable \"n\" in ${n > 3}", e.getMessage());
    assertEquals("n", e.variable());
  }

  @Test
  void syntaxErrorsAreShort() {
    for (String s :
        List.of("${n +}", "${n +", "a ${n +} b", "${)}", "${1)][#assign z = 5][#assign q=(1}")) {
      TemplateError e = renderFails(s, "n", 1);
      assertTrue(e.getMessage().startsWith("bad expression "), e.getMessage());
      assertNull(e.variable());
    }
    assertEquals(
        "bad expression ${n +}: the expression ends too early",
        renderFails("${n +}", "n", 1).getMessage());
    TemplateError e =
        assertThrows(TemplateError.class, () -> t.evaluate("1) ][#assign z = 5", Map.of()));
    assertTrue(e.getMessage().startsWith("bad expression "), e.getMessage());
  }

  @Test
  void otherErrorsAreShort() {
    TemplateError e = renderFails("${s * 2}", "s", "x");
    assertTrue(e.getMessage().startsWith("cannot evaluate ${s * 2}: "), e.getMessage());
    e = renderFails("x ${m}", "m", Map.of());
    assertTrue(e.getMessage().startsWith("cannot evaluate x ${m}: "), e.getMessage());
    assertFalse(e.getMessage().contains("wrapped into"), e.getMessage());
    e = renderFails("${.now}");
    assertEquals(
        "cannot evaluate ${.now}: the value is not a string, number, boolean, list or map",
        e.getMessage());
  }

  @Test
  void breakoutIsImpossible() {
    // Would close our "(" and add a directive if pasted blindly.
    renderFails("${r\"\\\")][#assign z = 5][#assign y = (\"}");
    renderFails("${1r\"\\\")][#assign z = 5][#assign y = (\"}");
    renderFails("${1 [#-- ( --] )][#assign z = 5][#assign y = (1}");
  }

  @Test
  void newIsBlocked() {
    TemplateError e = renderFails("${\"freemarker.template.utility.Execute\"?new()(\"id\")}");
    assertTrue(e.getMessage().contains("?new is not allowed in playbooks"), e.getMessage());
    e = renderFails("x ${\"freemarker.template.utility.ObjectConstructor\"?new()}");
    assertTrue(e.getMessage().contains("not allowed in playbooks"), e.getMessage());
  }

  @Test
  void apiIsBlocked() {
    TemplateError e = renderFails("${x?api}", "x", Map.of("a", 1));
    assertTrue(e.getMessage().contains("?api is not allowed in playbooks"), e.getMessage());
  }

  @Test
  void includeIsLiteralOrFails() throws TemplateError {
    assertEquals("1<#include \"/etc/passwd\">", render("${x}<#include \"/etc/passwd\">", "x", 1));
    renderFails("${x}[#include \"/etc/passwd\"]", "x", 1);
    renderFails("${x}[#import \"/etc/passwd\" as p]", "x", 1);
    renderFails("${\"[#include '/etc/passwd']\"?interpret}");
    renderFails("x[@\"[#include '/etc/passwd']\"?interpret /]${1}");
  }

  @Test
  void javaObjectsAreRefused() {
    TemplateError e = renderFails("${f.getParent()}", "f", new File("/"));
    assertTrue(e.getMessage().contains("java.io.File"), e.getMessage());
    renderFails("${f}", "f", new File("/"));
    renderFails("${f.class}", "f", new Object());
  }

  /**
   * The second wall behind the wrapper: FreeMarker's member access policy is nsplay's own list
   * (src/main/resources/freemarker/ext/beans/DefaultMemberAccessPolicy-rules), under which even a
   * bean wrapper, the kind nsplay never uses, exposes no method, field or constructor. Under
   * FreeMarker's own list it would expose File.delete.
   */
  @Test
  void noBeanWrapperExposesAJavaMember() throws Exception {
    try (InputStream in =
        DefaultMemberAccessPolicy.class.getResourceAsStream("DefaultMemberAccessPolicy-rules")) {
      assertTrue(
          new String(in.readAllBytes(), StandardCharsets.UTF_8).contains("nsplay's replacement"));
    }
    ObjectWrapper beans = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_34).build();
    TemplateHashModel file = (TemplateHashModel) beans.wrap(new File("/nonexistent"));
    for (String member : List.of("delete", "exists", "getPath", "toString", "hashCode")) {
      assertNull(file.get(member), member);
    }
    TemplateHashModel thread = (TemplateHashModel) beans.wrap(Thread.currentThread());
    assertNull(thread.get("interrupt"));
    assertNull(thread.get("getName"));
  }

  /**
   * 10,000 loop items' templates in under a second. The best of three rounds: one round on a
   * machine busy with other builds took up to 1.7 s, while a real slowdown (a template parsed per
   * call, a tracer that allocates per step) shows in every round.
   */
  @Test
  void manySmallTemplatesAreFast() throws TemplateError {
    Map<String, Object> v = vars("i", 0, "n", 4);
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 3 && best >= 1000; round++) {
      long start = System.nanoTime();
      for (int i = 0; i < 10_000; i++) {
        v.put("i", i);
        t.render("ns-${i}", v);
        t.render("${i * 2}", v);
        t.condition("i > n", v);
      }
      best = Math.min(best, (System.nanoTime() - start) / 1_000_000);
    }
    assertTrue(best < 1000, best + " ms");
  }
}

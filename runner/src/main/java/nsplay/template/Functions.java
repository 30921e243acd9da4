package nsplay.template;

import freemarker.template.Configuration;
import freemarker.template.SimpleScalar;
import freemarker.template.TemplateMethodModelEx;
import freemarker.template.TemplateModel;
import freemarker.template.TemplateModelException;
import freemarker.template.TemplateNumberModel;
import freemarker.template.TemplateScalarModel;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import nsplay.net.CidrMath;

/**
 * The functions playbooks may call besides FreeMarker's built-ins: {@code cidrsubnet(prefix,
 * newbits, netnum)} and {@code cidrhost(prefix, hostnum)}, with Terraform's semantics ({@link
 * CidrMath}). They take strings and whole numbers only and return a string, so the locked-down
 * configuration stays plain data: no Java object is reachable through them.
 */
final class Functions {
  private Functions() {}

  /** Every function, by the name playbooks call it by. */
  static void register(Configuration c) {
    c.setSharedVariable("cidrsubnet", (TemplateMethodModelEx) Functions::cidrsubnet);
    c.setSharedVariable("cidrhost", (TemplateMethodModelEx) Functions::cidrhost);
  }

  private static Object cidrsubnet(List<?> args) throws TemplateModelException {
    arity("cidrsubnet(prefix, newbits, netnum)", args, 3);
    String prefix = string("cidrsubnet", "prefix", args.get(0));
    BigInteger newbits = integer("cidrsubnet", "newbits", args.get(1));
    BigInteger netnum = integer("cidrsubnet", "netnum", args.get(2));
    try {
      if (newbits.bitLength() > 31) {
        throw new IllegalArgumentException("newbits " + newbits + " is out of range");
      }
      return new SimpleScalar(CidrMath.cidrsubnet(prefix, newbits.longValue(), netnum));
    } catch (IllegalArgumentException e) {
      throw new TemplateModelException("cidrsubnet: " + e.getMessage());
    }
  }

  private static Object cidrhost(List<?> args) throws TemplateModelException {
    arity("cidrhost(prefix, hostnum)", args, 2);
    String prefix = string("cidrhost", "prefix", args.get(0));
    BigInteger hostnum = integer("cidrhost", "hostnum", args.get(1));
    try {
      return new SimpleScalar(CidrMath.cidrhost(prefix, hostnum));
    } catch (IllegalArgumentException e) {
      throw new TemplateModelException("cidrhost: " + e.getMessage());
    }
  }

  private static void arity(String signature, List<?> args, int n) throws TemplateModelException {
    if (args.size() != n) {
      throw new TemplateModelException(
          signature + " takes " + n + " arguments, got " + args.size());
    }
  }

  private static String string(String fn, String param, Object arg) throws TemplateModelException {
    if (arg instanceof TemplateScalarModel s) {
      return s.getAsString();
    }
    throw new TemplateModelException(fn + ": " + param + " must be a string such as '10.0.0.0/8'");
  }

  private static BigInteger integer(String fn, String param, Object arg)
      throws TemplateModelException {
    Number n = null;
    if (arg instanceof TemplateNumberModel m) {
      n = m.getAsNumber();
    } else if (arg instanceof TemplateScalarModel s) {
      // -e instance=3 and YAML strings of digits: a number written as text is still that number
      try {
        n = new BigDecimal(s.getAsString().strip());
      } catch (NumberFormatException e) {
        n = null;
      }
    }
    if (n != null) {
      try {
        BigDecimal d = n instanceof BigDecimal b ? b : new BigDecimal(n.toString());
        return d.toBigIntegerExact();
      } catch (ArithmeticException | NumberFormatException e) {
        // not whole: said below
      }
    }
    throw new TemplateModelException(
        fn + ": " + param + " must be a whole number, got " + describe(arg));
  }

  private static String describe(Object arg) {
    try {
      if (arg instanceof TemplateScalarModel s) {
        return "\"" + s.getAsString() + "\"";
      }
      if (arg instanceof TemplateNumberModel m) {
        return m.getAsNumber().toString();
      }
    } catch (TemplateModelException e) {
      // fall through
    }
    return arg instanceof TemplateModel ? "a value of another kind" : String.valueOf(arg);
  }
}

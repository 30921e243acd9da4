package nsplay.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import nsplay.jni.NativeException;
import nsplay.kernel.Iface;
import nsplay.kernel.Kernel;
import nsplay.net.Cidr;
import nsplay.state.Entry;
import nsplay.state.Marks;

/**
 * Compares a lab's journal with the kernel: for each object the lab made, whether it is still there
 * as made. What is not ("drift") is what {@code nsplay status} reports and what a new {@code up}
 * repairs.
 */
public final class Inspect {
  private Inspect() {}

  /** One object of the lab and how it is now: present, missing, or changed (with how). */
  public record ObjectState(String kind, String name, String netns, String state) {
    public boolean drifted() {
      return !state.equals("present");
    }

    public String describe() {
      return kind + " " + name + (netns == null ? "" : " in " + netns) + ": " + state;
    }
  }

  public static List<ObjectState> run(String lab, List<Entry> entries, Kernel k) {
    // Keyed by object: a repaired object is journalled again, and is one object.
    java.util.Map<String, ObjectState> out = new java.util.LinkedHashMap<>();
    String alias = Marks.alias(lab);
    for (Entry e : entries) {
      try {
        ObjectState s = state(e, k, alias, entries);
        if (s != null) {
          out.put(s.kind() + "\0" + s.name() + "\0" + s.netns(), s);
        }
      } catch (NativeException | IllegalArgumentException ex) {
        out.put(
            e.toString(),
            new ObjectState("?", e.toString(), null, "cannot tell: " + ex.getMessage()));
      }
    }
    return new ArrayList<>(out.values());
  }

  private static boolean nsGone(Kernel k, String netns) {
    return netns == null
        ? k.hostNetns() != null && !k.netnsExists(k.hostNetns())
        : !k.netnsExists(netns);
  }

  private static ObjectState state(Entry e, Kernel k, String alias, List<Entry> all) {
    if (e instanceof Entry.Netns n) {
      long inode = k.netnsInode(n.name());
      Long was =
          all.stream()
              .filter(x -> x instanceof Entry.NetnsIdentity id && id.name().equals(n.name()))
              .map(x -> ((Entry.NetnsIdentity) x).inode())
              .reduce((a, b) -> b)
              .orElse(null);
      String s =
          inode == -1
              ? "missing"
              : was != null && was != inode ? "changed: replaced by another namespace" : "present";
      return new ObjectState("netns", n.name(), null, s);
    }
    if (e instanceof Entry.Link l) {
      String at = moved(all, l.netns(), l.name());
      if (nsGone(k, at)) {
        return new ObjectState("link", l.name(), at, "missing");
      }
      Optional<Iface> link = k.links(at).get(l.name());
      String s =
          link.isEmpty()
              ? "missing"
              : !alias.equals(link.get().alias())
                  ? "changed: no longer marked " + alias
                  : "present";
      return new ObjectState("link", l.name(), at, s);
    }
    if (e instanceof Entry.Addr a) {
      String at = moved(all, a.netns(), a.link());
      String s = "missing";
      if (!nsGone(k, at)) {
        Optional<Iface> link = k.links(at).get(a.link());
        Cidr c = Cidr.parse(a.cidr());
        if (link.isPresent()
            && k.links(at).addrs().stream()
                .anyMatch(x -> x.index() == link.get().index() && x.cidr().equals(c))) {
          s = "present";
        }
      }
      return new ObjectState("addr", a.cidr() + " dev " + a.link(), at, s);
    }
    if (e instanceof Entry.Route r) {
      String s = "missing";
      if (!nsGone(k, r.netns())) {
        Cidr dst = r.to().equals("default") ? null : Cidr.parse(r.to());
        boolean v4 = dst != null ? dst.address().isV4() : r.via() == null || !r.via().contains(":");
        for (var x : k.links(r.netns()).routes(v4)) {
          if (Objects.equals(x.dst(), dst)) {
            s =
                r.via() == null || (x.gateway() != null && x.gateway().toString().equals(r.via()))
                    ? "present"
                    : "changed: via " + x.gateway();
          }
        }
      }
      return new ObjectState(
          "route", r.to() + (r.via() == null ? "" : " via " + r.via()), r.netns(), s);
    }
    if (e instanceof Entry.NftTable t) {
      String s =
          !nsGone(k, t.netns()) && k.nft(t.netns()).hasTable(t.table()) ? "present" : "missing";
      return new ObjectState("nft table", t.family() + " " + t.table(), t.netns(), s);
    }
    if (e instanceof Entry.Sysctl x) {
      String s = "missing";
      if (!nsGone(k, x.netns())) {
        String now = k.sysctl(x.netns(), x.key());
        s =
            now.equals(x.newValue())
                ? "present"
                : "changed: " + now + ", was set to " + x.newValue();
      }
      return new ObjectState("sysctl", x.key(), x.netns(), s);
    }
    return null;
  }

  /** Where a link is now, following the lab's own link_move records. */
  private static String moved(List<Entry> all, String netns, String link) {
    String at = netns;
    for (Entry e : all) {
      if (e instanceof Entry.LinkMove m && m.name().equals(link) && Objects.equals(m.from(), at)) {
        at = m.to();
      }
    }
    return at;
  }
}
